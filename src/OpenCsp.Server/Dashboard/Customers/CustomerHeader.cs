using OpenCsp.Core.Customers;

namespace OpenCsp.Server.Dashboard.Customers;

/// <summary>The top of every customer page: name, "New subscription" / "Add products" and the tabs (CUS-4).</summary>
public sealed record CustomerHeader(Customer Customer, string Tab, bool CanOrder)
{
    public static readonly (string Key, string Label, string Path)[] Tabs =
    [
        ("subscriptions", "Customer.Subscriptions", ""),
        ("software", "Customer.Software", "/software"),
        ("orders", "Customer.OrderHistory", "?tab=orders"),
    ];
}
