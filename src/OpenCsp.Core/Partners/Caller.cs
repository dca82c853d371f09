namespace OpenCsp.Core.Partners;

/// <summary>
/// Who is calling a use case: a partner's user or API client with its roles. The API builds it from
/// the bearer token, the dashboard from the cookie; the CLI acts as an operator of one partner.
/// </summary>
public sealed record Caller(Guid PartnerId, PartnerKind PartnerKind, Role Roles, string Subject)
{
    public bool Can(Permission permission) => RoleMatrix.Allows(Roles, permission);
}
