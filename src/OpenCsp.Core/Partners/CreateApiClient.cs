using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenIddict.Abstractions;

namespace OpenCsp.Core.Partners;

public sealed record NewApiClient(Guid PartnerId, Role Roles, string? ClientId = null, string? DisplayName = null, string? Secret = null);

/// <summary>The client id and the secret, which is shown once and then only kept as a hash.</summary>
public sealed record CreatedApiClient(ApiClient Client, string Secret);

/// <summary>
/// Registers an API client for the OAuth 2.0 client-credentials flow. OpenIddict keeps the hashed secret;
/// our row ties the client to its partner and roles (ROLE-1).
/// </summary>
public sealed class CreateApiClient(OpenCspDbContext db, TimeProvider clock, IOpenIddictApplicationManager applications)
{
    public async Task<Result<CreatedApiClient>> RunAsync(NewApiClient input, CancellationToken ct)
    {
        if (input.Roles == Role.None)
            return Refusal.Of(ErrorCodes.NoRoles);
        if (!await db.Partners.AnyAsync(p => p.Id == input.PartnerId, ct))
            return Refusal.Of(ErrorCodes.PartnerNotFound, input.PartnerId);
        var clientId = string.IsNullOrWhiteSpace(input.ClientId) ? Guid.NewGuid().ToString() : input.ClientId.Trim();
        if (await db.ApiClients.AnyAsync(c => c.ClientId == clientId, ct) || await applications.FindByClientIdAsync(clientId, ct) is not null)
            return Refusal.Of(ErrorCodes.ClientIdTaken, clientId);
        var secret = input.Secret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var client = new ApiClient
        {
            ClientId = clientId,
            PartnerId = input.PartnerId,
            DisplayName = input.DisplayName ?? clientId,
            Roles = input.Roles,
            CreatedAt = clock.GetUtcNow(),
        };

        // One transaction for our row and OpenIddict's, so a failure leaves neither.
        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(ct);
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = OpenIddictConstants.ClientTypes.Confidential,
            DisplayName = client.DisplayName,
            Permissions =
            {
                OpenIddictConstants.Permissions.Endpoints.Token,
                OpenIddictConstants.Permissions.GrantTypes.ClientCredentials,
            },
        }, ct);
        await tx.CommitAsync(ct);
        return new CreatedApiClient(client, secret);
    }
}
