using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Partners;

public sealed record NewPartnerUser(Guid PartnerId, string Email, string DisplayName, Role Roles, string Password);

/// <summary>Adds a dashboard user with roles (ROLE-1); the password is kept only as an ASP.NET Core Identity hash.</summary>
public sealed class CreatePartnerUser(OpenCspDbContext db, TimeProvider clock, IPasswordHasher<PartnerUser> hasher)
{
    public async Task<Result<PartnerUser>> RunAsync(NewPartnerUser input, CancellationToken ct)
    {
        var email = input.Email.Trim().ToLowerInvariant();
        if (!email.Contains('@', StringComparison.Ordinal))
            return Refusal.Of(ErrorCodes.InvalidProperty, "email", "is not an e-mail address");
        if (input.Roles == Role.None)
            return Refusal.Of(ErrorCodes.NoRoles);
        if (input.Password.Length < 8)
            return Refusal.Of(ErrorCodes.InvalidProperty, "password", "needs at least 8 characters");
        if (!await db.Partners.AnyAsync(p => p.Id == input.PartnerId, ct))
            return Refusal.Of(ErrorCodes.PartnerNotFound, input.PartnerId);
        if (await db.PartnerUsers.AnyAsync(u => u.Email == email, ct))
            return Refusal.Of(ErrorCodes.EmailTaken, email);

        var user = new PartnerUser
        {
            Id = Guid.NewGuid(),
            PartnerId = input.PartnerId,
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? email : input.DisplayName.Trim(),
            PasswordHash = "",
            Roles = input.Roles,
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, input.Password);
        db.PartnerUsers.Add(user);
        await db.SaveChangesAsync(ct);
        return user;
    }
}
