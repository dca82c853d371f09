using OpenCsp.Core.Common;

namespace OpenCsp.Core.Partners;

/// <summary>The partner roles of ROLE-1. A user or API client may hold several.</summary>
[Flags]
public enum Role
{
    None = 0,
    AdminAgent = 1,
    SalesAgent = 2,
    HelpdeskAgent = 4,
    BillingAdmin = 8,
    GlobalAdmin = 16,
    AccountAdmin = 32,
    ReferralAdmin = 64,
    MarketingContentAdmin = 128,
}

public static class Roles
{
    public static IReadOnlyList<Role> Each { get; } = Enum.GetValues<Role>().Where(r => r != Role.None).ToArray();

    /// <summary>Kebab case, as in tokens, demo client ids and the CLI: <c>admin-agent</c>.</summary>
    public static string ToKebab(Role role) => Naming.Kebab(role.ToString());

    public static Role? FromKebab(string text)
    {
        var normalized = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Trim();
        return Enum.TryParse<Role>(normalized, ignoreCase: true, out var role) && role != Role.None && Enum.IsDefined(role) ? role : null;
    }

    public static IEnumerable<Role> Split(Role roles) => Each.Where(r => roles.HasFlag(r));
}
