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
    };

    public static Role RolesFor(Permission permission) => Allowed[permission];

    public static bool Allows(Role held, Permission permission) => (held & Allowed[permission]) != Role.None;
}
