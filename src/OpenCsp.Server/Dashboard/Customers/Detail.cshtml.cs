using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Server.Dashboard.Customers;

/// <summary>
/// A customer's page (CUS-4): its subscriptions, each opening its edit page by its name, with add-ons under their base;
/// the order history (the Software tab is its own page); "New subscription" and "Add products" lead to the catalog.
/// </summary>
[Authorize(Policy = nameof(Permission.ReadCustomers))]
public sealed class DetailModel(GetCustomer getCustomer, OrderQueries orders) : DashboardPage
{
    [FromRoute]
    public Guid CustomerId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Tab { get; set; } = "subscriptions";

    /// <summary>The subscriptions' order: name, status, quantity or end, "-" before it for descending.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public static readonly string[] SortColumns = ["name", "status", "quantity", "end"];

    public Customer Customer { get; private set; } = null!;

    public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];

    public IReadOnlyList<Order> Orders { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var customer = await getCustomer.RunAsync(Caller, CustomerId, ct);
        if (!customer.IsSuccess)
            return NotFoundPage(customer.Refusal!);
        Customer = customer.Value;
        switch (Tab)
        {
            case "orders":
                var placed = await orders.OrdersAsync(Caller, CustomerId, ct);
                Orders = placed.IsSuccess ? placed.Value.OrderByDescending(o => o.CreatedAt).ToList() : [];
                break;
            default:
                Tab = "subscriptions";
                var all = await orders.SubscriptionsAsync(Caller, CustomerId, null, ct);
                Subscriptions = all.IsSuccess ? BasesThenAddOns(all.Value, Sort) : [];
                break;
        }

        return Page();
    }

    /// <summary>Each base subscription, in the chosen order, followed by its add-ons.</summary>
    private static List<Subscription> BasesThenAddOns(IReadOnlyList<Subscription> all, string? sort)
    {
        var addOns = all.Where(s => s.ParentSubscriptionId is not null).ToLookup(s => s.ParentSubscriptionId!.Value);
        var ids = all.Select(s => s.Id).ToHashSet();
        var bases = all.Where(s => s.ParentSubscriptionId is null || !ids.Contains(s.ParentSubscriptionId.Value));
        var descending = sort?.StartsWith('-') == true;
        Func<Subscription, IComparable> key = sort?.TrimStart('-') switch
        {
            "status" => s => s.Status.ToString(),
            "quantity" => s => s.Quantity,
            "end" => s => s.TermEnd,
            _ => s => NameOf(s),
        };
        var ordered = descending ? bases.OrderByDescending(key) : bases.OrderBy(key);
        return ordered.ThenBy(NameOf, StringComparer.CurrentCultureIgnoreCase).SelectMany(s => addOns[s.Id].Prepend(s)).ToList();
    }

    public static string NameOf(Subscription s) => string.IsNullOrEmpty(s.FriendlyName) ? s.OfferName : s.FriendlyName;
}
