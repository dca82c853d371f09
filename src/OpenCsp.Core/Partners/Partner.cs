namespace OpenCsp.Core.Partners;

public enum PartnerKind
{
    DirectBill,
    IndirectProvider,
    IndirectReseller,
}

/// <summary>A CSP partner: direct-bill, an indirect provider (distributor), or an indirect reseller under a provider.</summary>
public sealed class Partner
{
    public Guid Id { get; init; }
    public required string Name { get; set; }
    public PartnerKind Kind { get; init; }

    /// <summary>The indirect provider of an indirect reseller; null for the other kinds.</summary>
    public Guid? ProviderId { get; init; }

    public required string MpnId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A dashboard user of a partner. The password is stored only as a hash.</summary>
public sealed class PartnerUser
{
    public Guid Id { get; init; }
    public Guid PartnerId { get; init; }
    public required string Email { get; init; }
    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public Role Roles { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// An API client (application id + secret → bearer token). The secret's hash lives in OpenIddict's
/// application store under the same client id; this row says whose client it is and what it may do.
/// </summary>
public sealed class ApiClient
{
    public required string ClientId { get; init; }
    public Guid PartnerId { get; init; }
    public required string DisplayName { get; set; }
    public Role Roles { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
