using System.Net;
using System.Text.Json;
using OpenCsp.Server.Tests.Infrastructure;

namespace OpenCsp.Server.Tests;

/// <summary>The conventions of API.md A1 through the real server.</summary>
public sealed class ConventionTests : ApiTests
{
    [Theory, MemberData(nameof(Databases))]
    public async Task CustomerList_PagesAcrossThreePages_WithContinuationTokens(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        for (var i = 0; i < 3; i++)
            (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer($"paging{i}", $"Paging Co {i}")), Ct)).EnsureSuccessStatusCode();

        var all = await (await client.GetAsync("/v1/customers?size=500", Ct)).AssertOkAsync();
        var expected = all.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(9, expected.Count); // six demo customers of this partner and three new ones

        var seen = new List<string?>();
        var pages = 0;
        var response = await client.GetAsync("/v1/customers?size=4", Ct);
        while (true)
        {
            var page = await response.AssertOkAsync();
            pages++;
            Assert.Equal("Collection", page.GetProperty("attributes").GetProperty("objectType").GetString());
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(items.Count, page.GetProperty("totalCount").GetInt32());
            seen.AddRange(items.Select(c => c.GetProperty("id").GetString()));
            if (!page.GetProperty("links").TryGetProperty("next", out var next))
                break;
            // Follow links.next as the SDK does: its uri (plus /v1) and its headers.
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1" + next.GetProperty("uri").GetString());
            foreach (var header in next.GetProperty("headers").EnumerateArray())
                request.Headers.Add(header.GetProperty("key").GetString()!, header.GetProperty("value").GetString());
            Assert.Equal(page.GetProperty("continuationToken").GetString(), request.Headers.GetValues("MS-ContinuationToken").Single());
            response = await client.SendAsync(request, Ct);
        }

        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task CustomerList_FiltersByCompanyNamePrefix_CaseInsensitively(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var filter = Uri.EscapeDataString("""{"Field":"CompanyName","Value":"con","Operator":"starts_with"}""");
        var page = await (await client.GetAsync($"/v1/customers?size=10&filter={filter}", Ct)).AssertOkAsync();
        var names = page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("companyProfile").GetProperty("companyName").GetString()).ToList();
        Assert.Equal(["Contoso Ltd"], names);

        var domainFilter = Uri.EscapeDataString("""{"Field":"Domain","Value":"LOJAS","Operator":"starts_with"}""");
        page = await (await client.GetAsync($"/v1/customers?filter={domainFilter}", Ct)).AssertOkAsync();
        Assert.Equal("lojas-atlantico.onmicrosoft.com", page.GetProperty("items")[0].GetProperty("companyProfile").GetProperty("domain").GetString());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Errors_HaveCodeDescriptionDataAndSource_InTheCallersLanguage(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        await (await client.GetAsync("/v1/customers/not-a-guid", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 900118);

        var german = new HttpRequestMessage(HttpMethod.Get, $"/v1/customers/{Guid.NewGuid()}");
        german.Headers.Add("X-Locale", "de-DE");
        var response = await client.SendAsync(german, Ct);
        var body = await response.AssertErrorAsync(HttpStatusCode.NotFound, 60003);
        Assert.StartsWith("Kunde ", body.GetProperty("description").GetString());
        Assert.Equal("de-DE", response.Headers.GetValues("X-Locale").Single());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task CreateCustomer_RetriedWithSameRequestId_CreatesOneCustomer(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var requestId = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> PostAsync(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/customers") { Content = Http.JsonBody(body) };
            request.Headers.Add("MS-RequestId", requestId);
            return await client.SendAsync(request, Ct);
        }

        var first = await (await PostAsync(Http.NewCustomer("retried"))).AssertOkAsync(HttpStatusCode.Created);
        var second = await PostAsync(Http.NewCustomer("retried"));
        var replay = await second.AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetString(), replay.GetProperty("id").GetString());
        Assert.Equal(requestId, second.Headers.GetValues("MS-RequestId").Single());

        await (await PostAsync(Http.NewCustomer("something-else"))).AssertErrorAsync(HttpStatusCode.Conflict, 950010);

        var filter = Uri.EscapeDataString("""{"Field":"Domain","Value":"retried","Operator":"starts_with"}""");
        var page = await (await client.GetAsync($"/v1/customers?filter={filter}", Ct)).AssertOkAsync();
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        filter = Uri.EscapeDataString("""{"Field":"Domain","Value":"something-else","Operator":"starts_with"}""");
        page = await (await client.GetAsync($"/v1/customers?filter={filter}", Ct)).AssertOkAsync();
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ConcurrentRetries_WithOneRequestId_CreateOneCustomer(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var requestId = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/customers") { Content = Http.JsonBody(Http.NewCustomer("concurrent")) };
            request.Headers.Add("MS-RequestId", requestId);
            return await (await client.SendAsync(request, Ct)).AssertOkAsync(HttpStatusCode.Created);
        }));
        Assert.Single(responses.Select(r => r.GetProperty("id").GetString()).Distinct());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task CorrelationAndRequestIds_AreEchoed_OrMadeUp(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var correlation = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/customers?size=1");
        request.Headers.Add("MS-CorrelationId", correlation);
        var response = await client.SendAsync(request, Ct);
        Assert.Equal(correlation, response.Headers.GetValues("MS-CorrelationId").Single());
        Assert.True(Guid.TryParse(response.Headers.GetValues("MS-RequestId").Single(), out _));

        var plain = await client.GetAsync("/v1/customers?size=1", Ct);
        Assert.True(Guid.TryParse(plain.Headers.GetValues("MS-CorrelationId").Single(), out _));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task BillingProfile_WithStaleEtag_IsRefusedWith2055(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var customer = await (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("etags")), Ct)).AssertOkAsync(HttpStatusCode.Created);
        var id = customer.GetProperty("id").GetString();
        var profile = await (await client.GetAsync($"/v1/customers/{id}/profiles/billing", Ct)).AssertOkAsync();
        var etag = profile.GetProperty("attributes").GetProperty("etag").GetString()!;

        var update = JsonSerializer.Serialize(new
        {
            firstName = "Renamed",
            lastName = "Person",
            email = "new@example.com",
            companyName = "Test Company",
            defaultAddress = new { country = "US", city = "Seattle", addressLine1 = "2 Main St", postalCode = "98101" },
        });
        var put = new HttpRequestMessage(HttpMethod.Put, $"/v1/customers/{id}/profiles/billing") { Content = Http.JsonBody(update) };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        var updated = await (await client.SendAsync(put, Ct)).AssertOkAsync();
        Assert.Equal("Renamed", updated.GetProperty("firstName").GetString());
        Assert.NotEqual(etag, updated.GetProperty("attributes").GetProperty("etag").GetString());

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/v1/customers/{id}/profiles/billing") { Content = Http.JsonBody(update) };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        await (await client.SendAsync(stale, Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 2055);

        // The etag may also travel in the body, as the SDK's full-object writes carry it.
        var withBodyEtag = System.Text.Json.Nodes.JsonNode.Parse(update)!.AsObject();
        withBodyEtag["attributes"] = new System.Text.Json.Nodes.JsonObject { ["etag"] = etag };
        await (await client.PutAsync($"/v1/customers/{id}/profiles/billing", Http.JsonBody(withBodyEtag.ToJsonString()), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 2055);

        // Without an etag the last writer wins.
        await (await client.PutAsync($"/v1/customers/{id}/profiles/billing", Http.JsonBody(update), Ct)).AssertOkAsync();
        var after = await (await client.GetAsync($"/v1/customers/{id}/profiles/billing", Ct)).AssertOkAsync();
        Assert.Equal("Seattle", after.GetProperty("defaultAddress").GetProperty("city").GetString());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task TooManyRequests_Get429_WithRetryAfter(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db, new() { ["RateLimiting:PermitsPerMinute"] = "3" });
        var client = await app.ClientForAsync("demo-admin-agent");
        for (var i = 0; i < 3; i++)
            await (await client.GetAsync("/v1/customers?size=1", Ct)).AssertOkAsync();
        var throttled = await client.GetAsync("/v1/customers?size=1", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        var body = await throttled.JsonAsync();
        Assert.Equal(429, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("Rate limit is exceeded", body.GetProperty("message").GetString());

        // The budget is per partner per customer: another partner is not throttled by this one.
        var other = await app.ClientForAsync("demo-other-admin-agent");
        await (await other.GetAsync("/v1/customers?size=1", Ct)).AssertOkAsync();
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task PartnerCenterPaths_NotImplemented_Answer501(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var body = await (await client.GetAsync("/v1/invoices/estimates/links", Ct)).AssertErrorAsync(HttpStatusCode.NotImplemented, 0);
        Assert.Equal("Not implemented in OpenCsp: /v1/invoices/estimates/links", body.GetProperty("description").GetString());
        await (await client.GetAsync($"/v1/customers/{Guid.NewGuid()}/users/{Guid.NewGuid()}", Ct)).AssertErrorAsync(HttpStatusCode.NotImplemented, 0);
        // Partner Center paths with a literal where ours take a value are not that value: 501, not our 404 or 400.
        foreach (var path in new[] { "/v1/invoices/summary", "/v1/customers/usagerecords", $"/v1/customers/{Guid.NewGuid()}/subscriptions/usagerecords" })
            Assert.Equal($"Not implemented in OpenCsp: {path}", (await (await client.GetAsync(path, Ct)).AssertErrorAsync(HttpStatusCode.NotImplemented, 0)).GetProperty("description").GetString());
        await (await client.GetAsync($"/v1/customers/{Guid.NewGuid()}/subscriptions/{Guid.NewGuid()}", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 60003); // still ours
        // An implemented path with a method we do not implement is also 501, not 405.
        await (await client.DeleteAsync($"/v1/customers/{Guid.NewGuid()}", Ct)).AssertErrorAsync(HttpStatusCode.NotImplemented, 0);
        // Another method on one of our own paths is a 405; a path Partner Center does not have is a plain 404.
        await (await client.PutAsync("/v1/testclock", Http.JsonBody("{}"), Ct)).AssertErrorAsync(HttpStatusCode.MethodNotAllowed, 950005);
        await (await client.GetAsync("/v1/no-such-resource", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 1000);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task SdkShapedRequest_PascalCaseWithNulls_CreatesCustomer_AndRoutesIgnoreCase(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        // As Microsoft.Store.PartnerCenter 3.4.0 sends it (API.md B §7.4): PascalCase, nulls, read-only fields, sentinels.
        const string sdkBody = """
            {"Id":null,"CommerceId":null,"CompanyProfile":{"TenantId":null,"Domain":"sdkcustomer.onmicrosoft.com","CompanyName":"SDK Customer","OrganizationRegistrationNumber":null,"Links":null,"Attributes":{"ObjectType":"CustomerCompanyProfile"}},
             "BillingProfile":{"Id":null,"FirstName":"Sam","LastName":"Sdk","Email":"sam@sdk.example","Culture":"EN-US","Language":"En","CompanyName":"SDK Customer",
               "DefaultAddress":{"Country":"US","Region":null,"City":"Redmond","State":"WA","AddressLine1":"1 Microsoft Way","AddressLine2":null,"PostalCode":"98052","FirstName":"Sam","MiddleName":null,"LastName":"Sdk","PhoneNumber":"4255550100"},
               "Links":null,"Attributes":{"Etag":null,"ObjectType":"CustomerBillingProfile"}},
             "RelationshipToPartner":"unknown","AllowDelegatedAccess":null,"UserCredentials":null,"CustomDomains":null,"AssociatedPartnerId":null,"Links":null,"Attributes":{"ObjectType":"Customer"}}
            """;
        var created = await (await client.PostAsync("/V1/Customers", Http.JsonBody(sdkBody), Ct)).AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal("sdkcustomer.onmicrosoft.com", created.GetProperty("companyProfile").GetProperty("domain").GetString());
        Assert.Equal("Customer", created.GetProperty("attributes").GetProperty("objectType").GetString());
        Assert.Equal("commercial", created.GetProperty("segment").GetString());
        Assert.EndsWith("Z", created.GetProperty("accountOpenedDate").GetString());
        Assert.Equal($"/customers/{created.GetProperty("id").GetString()}", created.GetProperty("links").GetProperty("self").GetProperty("uri").GetString());

        var fetched = await (await client.GetAsync($"/V1/CUSTOMERS/{created.GetProperty("id").GetString()}?IGNORED=1", Ct)).AssertOkAsync();
        Assert.True(fetched.GetProperty("allowDelegatedAccess").GetBoolean());
        var page = await (await client.GetAsync("/v1/customers?SIZE=1", Ct)).AssertOkAsync();
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task BadInput_Gets4xxWithCode_AndWritesNothing(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db, new() { ["Api:MaxRequestBodyBytes"] = "4096" });
        var client = await app.ClientForAsync("demo-admin-agent");

        await (await client.PostAsync("/v1/customers", Http.JsonBody("{\"companyProfile\": {"), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        await (await client.PostAsync("/v1/customers", Http.JsonBody("""{"companyProfile": {"domain": 42}}"""), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        var enumBody = JsonSerializer.Serialize(new { segment = "galactic" });
        var unknownEnum = await (await client.PostAsync("/v1/customers", Http.JsonBody(enumBody), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 900126);
        Assert.Contains("galactic", unknownEnum.GetProperty("description").GetString());
        var missing = await (await client.PostAsync("/v1/customers", Http.JsonBody("""{"companyProfile": {"domain": "nobilling"}}"""), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        Assert.Contains("billingProfile", missing.GetProperty("description").GetString());
        await (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("bad domain!")), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        await (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("badcountry", country: "USA")), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        await (await client.PostAsync("/v1/customers", Http.JsonBody(new string(' ', 5000) + "{}"), Ct)).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, 950001);
        await (await client.PostAsync("/v1/customers", new StringContent("domain=x", System.Text.Encoding.UTF8, "text/plain"), Ct))
            .AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, 950004);
        await (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("contoso")), Ct)).AssertErrorAsync(HttpStatusCode.Conflict, 950020);

        var badToken = new HttpRequestMessage(HttpMethod.Get, "/v1/customers?size=2&seekOperation=Next");
        badToken.Headers.Add("MS-ContinuationToken", "not-a-token");
        await (await client.SendAsync(badToken, Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 950002);
        await (await client.GetAsync("/v1/customers?size=abc", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        var badFilter = Uri.EscapeDataString("""{"Field":"Colour","Value":"x","Operator":"starts_with"}""");
        await (await client.GetAsync($"/v1/customers?filter={badFilter}", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 950003);

        // U+0000, which PostgreSQL cannot store: refused in a body, a filter or a query, on either database.
        var nul = await (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("nulname", company: "A\u0000B")), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        Assert.Contains("companyName", nul.GetProperty("description").GetString(), StringComparison.Ordinal);
        var nulFilter = Uri.EscapeDataString("""{"Field":"CompanyName","Value":"\u0000","Operator":"starts_with"}""");
        await (await client.GetAsync($"/v1/customers?filter={nulFilter}", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 950003);
        await (await client.GetAsync("/v1/deadlines?within=P1D%00", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        // A form value reaches the database: SQLite finds no such user, PostgreSQL refuses the text, and either way it is a 400.
        using var browser = app.CreateClient();
        var signIn = await (await browser.GetAsync("/sign-in", Ct)).Content.ReadAsStringAsync(Ct);
        var antiforgery = System.Text.RegularExpressions.Regex.Match(signIn, "__RequestVerificationToken[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        // (A url-encoded form with U+0000 the framework refuses itself; a multipart one it passes on.)
        var nulSignIn = await browser.PostAsync("/sign-in", new MultipartFormDataContent
        {
            { new StringContent("a\u0000@example.com"), "Email" }, { new StringContent("x"), "Password" }, { new StringContent(antiforgery), "__RequestVerificationToken" },
        }, Ct);
        if (db == Db.Postgres)
            await nulSignIn.AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        else
            Assert.Equal((HttpStatusCode.BadRequest, "text/html"), (nulSignIn.StatusCode, nulSignIn.Content.Headers.ContentType?.MediaType)); // the page again, signed out
        // Digits other than ASCII in a duration are no duration (they matched \d once, and then failed to parse: a 500).
        await (await client.GetAsync("/v1/deadlines?within=PT%D9%A1S", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 950041);

        var page = await (await client.GetAsync("/v1/customers?size=100", Ct)).AssertOkAsync();
        Assert.Equal(6, page.GetProperty("items").GetArrayLength()); // only the demo customers: nothing was half-written
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ExpiredOrForgedTokens_Get401(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var token = await app.TokenAsync("demo-admin-agent");
        var client = app.CreateClient();

        client.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + "AAAA");
        var forged = await client.GetAsync("/v1/customers", Ct);
        await forged.AssertErrorAsync(HttpStatusCode.Unauthorized, 800001);
        Assert.Equal("Bearer", forged.Headers.WwwAuthenticate.Single().Scheme);

        client.DefaultRequestHeaders.Authorization = new("Bearer", "not.a.jwt");
        await (await client.GetAsync("/v1/customers", Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized, 800001);

        var wrongSecret = await app.CreateClient().PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "demo-admin-agent",
            ["client_secret"] = "wrong",
        }), Ct);
        Assert.Equal("invalid_client", (await wrongSecret.JsonAsync()).GetProperty("error").GetString());
    }
}
