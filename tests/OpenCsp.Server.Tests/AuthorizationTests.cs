using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenCsp.Core.Data;
using OpenCsp.Core.Demo;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Auth;
using OpenCsp.Server.Tests.Infrastructure;

namespace OpenCsp.Server.Tests;

/// <summary>ROLE-1 and partner isolation for every /v1 route the server maps.</summary>
public sealed class AuthorizationTests : ApiTests
{
    /// <summary>Every implemented /v1 endpoint with the permission it requires, read from the running app.</summary>
    private static List<(string Method, string Template, Permission Permission)> Routes(OpenCspApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1/", StringComparison.Ordinal) == true && e.Order == 0)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => (
                m,
                e.RoutePattern.RawText!,
                Enum.Parse<Permission>(e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Last(p => p is not null)!))))
            .ToList();

    private static HttpRequestMessage Request(string method, string template, string customerId)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)(:\w+)?\}", m => m.Groups[1].Value switch
        {
            "customerId" => customerId,
            "lineItemNumber" => "0",
            "productId" => "CFQ7TTC0LH18",
            "skuId" => "0001",
            _ => Guid.NewGuid().ToString(),
        });
        var request = new HttpRequestMessage(new HttpMethod(method), path + (template.StartsWith("/v1/products", StringComparison.Ordinal) ? "?country=US" : ""));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = template.EndsWith("/profiles/billing", StringComparison.Ordinal)
                ? Http.JsonBody(new
                {
                    firstName = "A",
                    lastName = "B",
                    email = "a@b.example",
                    companyName = "X",
                    defaultAddress = new { country = "US", city = "C", addressLine1 = "1", postalCode = "1" },
                })
                : template.EndsWith("/advance", StringComparison.Ordinal) ? Http.JsonBody(new { by = "PT1H" }) : Http.JsonBody(Http.NewCustomer($"auth{Guid.NewGuid():N}"[..20]));
        }

        return request;
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task EveryRoute_WithoutToken_Is401_WithoutTheRole_Is403_ForAnotherPartnersCustomer_Is404(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var routes = Routes(app);
        Assert.Contains(routes, r => r.Template == "/v1/customers/{customerId}" && r.Method == "GET");
        Assert.True(routes.Count >= 8, $"only {routes.Count} routes found");

        var other = await app.ClientForAsync("demo-other-admin-agent");
        var othersCustomer = (await (await other.GetAsync("/v1/customers", Ct)).AssertOkAsync()).GetProperty("items")[0].GetProperty("id").GetString()!;
        var anonymous = app.CreateClient();

        foreach (var (method, template, permission) in routes)
        {
            var name = $"{method} {template}";
            var unauthenticated = await anonymous.SendAsync(Request(method, template, othersCustomer), Ct);
            Assert.True(unauthenticated.StatusCode == HttpStatusCode.Unauthorized, $"{name} without a token: {(int)unauthenticated.StatusCode}");

            var lacking = Roles.Each.FirstOrDefault(r => !RoleMatrix.Allows(r, permission));
            if (lacking != Role.None)
            {
                var client = await app.ClientForAsync("demo-" + Roles.ToKebab(lacking));
                var forbidden = await client.SendAsync(Request(method, template, othersCustomer), Ct);
                var body = await forbidden.AssertErrorAsync(HttpStatusCode.Forbidden, 900308);
                Assert.Equal("ROLE-1", body.GetProperty("ruleId").GetString());
            }

            var allowed = Roles.Each.First(r => RoleMatrix.Allows(r, permission));
            if (template.Contains("{customerId}", StringComparison.Ordinal))
            {
                var client = await app.ClientForAsync("demo-" + Roles.ToKebab(allowed));
                var notFound = await client.SendAsync(Request(method, template, othersCustomer), Ct);
                await notFound.AssertErrorAsync(HttpStatusCode.NotFound, 60003);
            }
        }
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Provider_SeesItsResellersCustomers_ResellerOnlyItsOwn(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        async Task<List<string>> NamesAsync(string clientId)
        {
            var client = await app.ClientForAsync(clientId);
            var page = await (await client.GetAsync("/v1/customers", Ct)).AssertOkAsync();
            return page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("companyProfile").GetProperty("companyName").GetString()!).ToList();
        }

        Assert.Equal(["Adventure Works Cycles", "Alpine Ski House"], await NamesAsync("demo-provider-admin-agent"));
        Assert.Equal(["Alpine Ski House"], await NamesAsync("demo-reseller-admin-agent"));
        Assert.Equal(["Litware Inc"], await NamesAsync("demo-other-admin-agent"));

        // A reseller's new customer is billed by its provider and shows the reseller as associated partner.
        var reseller = await app.ClientForAsync("demo-reseller-admin-agent");
        var created = await (await reseller.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("via-reseller", "Via Reseller")), Ct)).AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal(SeedDemoData.ResellerId.ToString(), created.GetProperty("associatedPartnerId").GetString());
        Assert.Contains("Via Reseller", await NamesAsync("demo-provider-admin-agent"));
        Assert.DoesNotContain("Via Reseller", await NamesAsync("demo-admin-agent"));

        // A provider may name its own reseller, but not a partner that is not its reseller.
        var provider = await app.ClientForAsync("demo-provider-admin-agent");
        var named = Http.NewCustomer("named-reseller", "Named Reseller");
        var body = System.Text.Json.JsonSerializer.SerializeToNode(named)!.AsObject();
        body["associatedPartnerId"] = SeedDemoData.OtherPartnerId.ToString();
        await (await provider.PostAsync("/v1/customers", Http.JsonBody(body.ToJsonString()), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 950021);
        body["associatedPartnerId"] = SeedDemoData.ResellerId.ToString();
        await (await provider.PostAsync("/v1/customers", Http.JsonBody(body.ToJsonString()), Ct)).AssertOkAsync(HttpStatusCode.Created);
        Assert.Contains("Named Reseller", await NamesAsync("demo-reseller-admin-agent"));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ExpiredToken_OrOneSignedWithAnotherKey_Is401(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        await app.TokenAsync("demo-admin-agent"); // makes sure the signing key exists
        RSA storedKey;
        Guid keyId;
        using (var scope = app.Services.CreateScope())
        {
            var key = await scope.ServiceProvider.GetRequiredService<OpenCspDbContext>().SigningKeys.OrderBy(k => k.Id).FirstAsync(Ct);
            storedKey = RSA.Create();
            storedKey.ImportFromPem(key.PrivateKeyPem);
            keyId = key.Id;
        }

        string Token(RSA rsa, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://opencsp.local/",
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity(CallerClaims.For("demo-admin-agent", SeedDemoData.DirectPartnerId, PartnerKind.DirectBill, Role.AdminAgent)),
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId.ToString("N") }, SecurityAlgorithms.RsaSha256),
        });

        var client = app.CreateClient();
        var wallClock = TimeProvider.System.GetUtcNow().UtcDateTime;
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(storedKey, wallClock.AddHours(1)));
        await (await client.GetAsync("/v1/customers", Ct)).AssertOkAsync(); // the hand-made token is accepted while valid…

        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(storedKey, wallClock.AddMinutes(-10)));
        await (await client.GetAsync("/v1/customers", Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized, 800001); // …but not once expired

        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(RSA.Create(2048), wallClock.AddHours(1)));
        await (await client.GetAsync("/v1/customers", Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized, 800001);
    }
}
