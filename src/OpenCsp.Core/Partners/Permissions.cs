using OpenCsp.Core.Common;

namespace OpenCsp.Core.Partners;

/// <summary>What a caller may do through the API, the dashboard or a token. Each maps to roles in <see cref="RoleMatrix"/>.</summary>
public enum Permission
{
    ReadBilling,
    ReadCatalog,
    ReadCustomers,
    ManageCustomers,
    PlaceOrders,
    UseTestClock,

    /// <summary>The activity log (API.md B §4.9).</summary>
    ReadActivity,

    /// <summary>SW-7: who accessed software keys or downloads.</summary>
    ReadSoftwareActivity,

    /// <summary>SW-4: activation keys and download links.</summary>
    GetSoftwareKeys,

    /// <summary>SW-10: cancelling a software purchase by its order.</summary>
    CancelSoftware,

    /// <summary>SR-1: opening and following support requests.</summary>
    ManageSupportRequests,

    /// <summary>Invoices and their reconciliation files, and closing a billing period (BILL-1).</summary>
    ManageInvoices,
}

/// <summary>
/// ROLE-1: the one place that says which roles may perform which operation; everything else is refused.
/// Global admins hold every permission of their partner, as in Partner Center.
/// </summary>
public static class RoleMatrix
{
    private static readonly Dictionary<Permission, Role> Allowed = new()
    {
        [Permission.ReadBilling] = Role.GlobalAdmin | Role.AdminAgent | Role.BillingAdmin,
        [Permission.ReadCatalog] = Role.GlobalAdmin | Role.AdminAgent | Role.SalesAgent | Role.HelpdeskAgent,
        [Permission.ReadCustomers] = Role.GlobalAdmin | Role.AdminAgent | Role.SalesAgent | Role.HelpdeskAgent,
        [Permission.ManageCustomers] = Role.GlobalAdmin | Role.AdminAgent | Role.SalesAgent,
        [Permission.PlaceOrders] = Role.GlobalAdmin | Role.AdminAgent | Role.SalesAgent,
        [Permission.UseTestClock] = Role.GlobalAdmin | Role.AdminAgent,
        [Permission.ReadActivity] = Role.GlobalAdmin | Role.AdminAgent | Role.AccountAdmin | Role.ReferralAdmin | Role.MarketingContentAdmin,
        [Permission.ReadSoftwareActivity] = Role.GlobalAdmin | Role.AccountAdmin | Role.ReferralAdmin | Role.MarketingContentAdmin,
        [Permission.GetSoftwareKeys] = Role.GlobalAdmin | Role.AdminAgent,
        [Permission.CancelSoftware] = Role.GlobalAdmin | Role.AdminAgent,
        [Permission.ManageInvoices] = Role.GlobalAdmin | Role.BillingAdmin,
        [Permission.ManageSupportRequests] = Role.GlobalAdmin | Role.AdminAgent | Role.SalesAgent | Role.HelpdeskAgent | Role.BillingAdmin | Role.AccountAdmin,
    };

    public static Role RolesFor(Permission permission) => Allowed[permission];

    public static bool Allows(Role held, Permission permission) => (held & Allowed[permission]) != Role.None;

    /// <summary>The refusal for a caller without the permission, naming the roles that have it.</summary>
    public static Refusal Refuse(Permission permission) =>
        Refusal.Of(ErrorCodes.InsufficientPrivileges, string.Join(", ", Roles.Split(RolesFor(permission)).Select(Roles.ToKebab)));
}
