using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenCsp.Core.Data;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;

namespace OpenCsp.Server.Auth;

/// <summary>
/// OAuth 2.0 client credentials at POST /oauth2/token (API.md A3), by OpenIddict: it checks the client's hashed
/// secret; we only say what the token carries (partner, partner kind, roles). Tokens are signed JWTs, validated
/// locally on every /v1 call. Token lifetimes run on the real clock, so moving the test clock never expires them.
/// </summary>
public static class TokenServer
{
    public static IServiceCollection AddTokenServer(this IServiceCollection services)
    {
        services.AddOpenIddict()
            .AddServer(o =>
            {
                o.SetTokenEndpointUris("oauth2/token");
                o.AllowClientCredentialsFlow();
                o.DisableAccessTokenEncryption();
                o.DisableTokenStorage();
                o.AddEphemeralEncryptionKey();
                o.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    // TLS is terminated in front of the server in a deployment; locally it runs on plain http.
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
            });

        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, SigningKeys>();
        services.AddOptions<OpenIddictServerOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            o.Issuer = new Uri(configuration["Auth:Issuer"] ?? "https://opencsp.local/");
            o.AccessTokenLifetime = TimeSpan.FromMinutes(configuration.GetValue("Auth:AccessTokenMinutes", 60));
        });
        services.PostConfigure<OpenIddictServerOptions>(o => o.TimeProvider = TimeProvider.System);
        services.PostConfigure<OpenIddict.Validation.OpenIddictValidationOptions>(o => o.TimeProvider = TimeProvider.System);
        services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        return services;
    }

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/oauth2/token", IssueAsync).ExcludeFromDescription();

    private static async Task<IResult> IssueAsync(HttpContext context, OpenCspDbContext db)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenIddict request.");
        var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == request.ClientId, context.RequestAborted);
        var partner = client is null ? null : await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == client.PartnerId, context.RequestAborted);
        if (client is null || partner is null)
        {
            return Results.Forbid(
                new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = OpenIddictConstants.Errors.InvalidClient,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The client is not registered with a partner.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(
            CallerClaims.For(client.ClientId, partner.Id, partner.Kind, client.Roles),
            TokenValidationParameters.DefaultAuthenticationType, CallerClaims.Subject, CallerClaims.Role);
        identity.SetDestinations(_ => [OpenIddictConstants.Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}

/// <summary>
/// The token signing key lives in the database, made on first use, so every instance and every restart signs and
/// validates with the same keys. All stored keys validate; the oldest signs.
/// </summary>
internal sealed class SigningKeys(IServiceScopeFactory scopes) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        if (!db.SigningKeys.Any())
        {
            using var rsa = RSA.Create(2048);
            db.SigningKeys.Add(new SigningKey
            {
                Id = Guid.NewGuid(),
                PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem(),
                CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
            });
            db.SaveChanges();
        }

        foreach (var key in db.SigningKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToList())
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(key.PrivateKeyPem);
            options.SigningCredentials.Add(new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = key.Id.ToString("N") }, SecurityAlgorithms.RsaSha256));
        }
    }
}
