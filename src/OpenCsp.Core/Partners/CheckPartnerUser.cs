using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Partners;

/// <summary>
/// The dashboard's sign-in: a partner user's e-mail and password, checked against the ASP.NET Core Identity hash.
/// Returns the caller the user acts as, or null (without saying whether the e-mail exists).
/// </summary>
public sealed class CheckPartnerUser(OpenCspDbContext db, IPasswordHasher<PartnerUser> hasher)
{
    public async Task<Caller?> RunAsync(string email, string password, CancellationToken ct)
    {
        var normalized = email.Trim().ToLowerInvariant();
        var user = await db.PartnerUsers.SingleOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null)
        {
            // The same work as for a real user, so timing does not tell which e-mails exist.
            hasher.VerifyHashedPassword(new PartnerUser { Email = "", DisplayName = "", PasswordHash = "" }, DummyHash.Value, password);
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
            return null;
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(ct);
        }

        var kind = await db.Partners.Where(p => p.Id == user.PartnerId).Select(p => p.Kind).SingleAsync(ct);
        return new Caller(user.PartnerId, kind, user.Roles, user.Email);
    }

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<PartnerUser>().HashPassword(new PartnerUser { Email = "", DisplayName = "", PasswordHash = "" }, Guid.NewGuid().ToString()));
}
