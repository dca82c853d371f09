using System.Security.Claims;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Auth;

/// <summary>The claims a token or cookie carries for a caller: subject, partner, partner kind and roles (kebab case).</summary>
public static class CallerClaims
{
    public const string Subject = "sub";
    public const string PartnerId = "partner_id";
    public const string PartnerKind = "partner_kind";
    public const string Role = "role";

    public static IEnumerable<Claim> For(string subject, Guid partnerId, PartnerKind kind, Role roles) =>
        new[]
        {
            new Claim(Subject, subject),
            new Claim(PartnerId, partnerId.ToString()),
            new Claim(PartnerKind, kind.ToString()),
        }.Concat(Roles.Split(roles).Select(r => new Claim(Role, Roles.ToKebab(r))));

    public static Caller? TryRead(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true
            || !Guid.TryParse(user.FindFirst(PartnerId)?.Value, out var partnerId)
            || !Enum.TryParse<PartnerKind>(user.FindFirst(PartnerKind)?.Value, out var kind)
            || user.FindFirst(Subject)?.Value is not { Length: > 0 } subject)
            return null;
        var roles = user.FindAll(Role).Select(c => Roles.FromKebab(c.Value) ?? Core.Partners.Role.None)
            .Aggregate(Core.Partners.Role.None, (all, r) => all | r);
        return new Caller(partnerId, kind, roles, subject);
    }

    /// <summary>The caller of an authorised /v1 request; endpoints behind a permission policy always have one.</summary>
    public static Caller Caller(this HttpContext context) =>
        TryRead(context.User) ?? throw new InvalidOperationException("The endpoint is not behind an authorisation policy.");
}
