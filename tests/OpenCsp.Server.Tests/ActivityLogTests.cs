using System.Net;
using OpenCsp.Server.Tests.Infrastructure;
using static OpenCsp.Server.Tests.Infrastructure.Shop;

namespace OpenCsp.Server.Tests;

/// <summary>The activity log (API.md B §4.9): every change with who made it, the values before and after, filters and paging.</summary>
public sealed class ActivityLogTests : ApiTests
{
    [Theory, MemberData(nameof(Databases))]
    public async Task SubscriptionChanges_AreRecorded_WithWhoAndBeforeAndAfter_AndCanBeFilteredAndPaged(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var basic = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18"), 3, "P1M", "monthly");
        foreach (var quantity in new[] { 4, 5, 6 })
        {
            var response = await client.PatchAsync($"/v1/customers/{contoso}/subscriptions/{basic}", Http.JsonBody(new { quantity }), Ct);
            await response.AssertOkAsync();
        }

        var filter = Uri.EscapeDataString("""{"Field":"ResourceType","Value":"subscription","Operator":"equals"}""");
        var all = await (await client.GetAsync($"/v1/auditrecords?filter={filter}", Ct)).AssertOkAsync();
        var records = all.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("resourceId").GetString() == basic).ToList();
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(("update_subscription", "demo-admin-agent", "Contoso Ltd"),
            (r.GetProperty("operationType").GetString(), r.GetProperty("userPrincipalName").GetString(), r.GetProperty("customerName").GetString())));
        // The three changes happened at the same (fake) instant: each is there with its before and after.
        foreach (var quantity in new[] { 3, 4, 5 })
        {
            Assert.Single(records, r => r.GetProperty("resourceOldValue").GetString()!.Contains($"\"Quantity\":{quantity},", StringComparison.Ordinal)
                                        && r.GetProperty("resourceNewValue").GetString()!.Contains($"\"Quantity\":{quantity + 1},", StringComparison.Ordinal));
        }

        // One at a time: the continuation token walks the same three records in order.
        var seen = new List<string>();
        string? token = null;
        do
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/auditrecords?size=1&filter={Uri.EscapeDataString($$"""{"Field":"CustomerId","Value":"{{contoso}}","Operator":"equals"}""")}");
            if (token is not null)
                request.Headers.Add("MS-ContinuationToken", token);
            var page = await (await client.SendAsync(request, Ct)).AssertOkAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(records.Select(r => r.GetProperty("id").GetString()!), seen.Where(id => records.Any(r => r.GetProperty("id").GetString() == id)));

        var orders = Uri.EscapeDataString("""{"Field":"ResourceType","Value":"order","Operator":"equals"}""");
        var created = await (await client.GetAsync($"/v1/auditrecords?filter={orders}", Ct)).AssertOkAsync();
        Assert.Contains(created.GetProperty("items").EnumerateArray(), r => r.GetProperty("operationType").GetString() == "create_order"
            && r.GetProperty("customizedData").EnumerateArray().Any(d => d.GetProperty("key").GetString() == "SubscriptionId-0" && d.GetProperty("value").GetString() == basic));
        var newCustomer = await (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("audited-co")), Ct)).AssertOkAsync(HttpStatusCode.Created);
        var customers = Uri.EscapeDataString($$"""{"Field":"CustomerId","Value":"{{newCustomer.GetProperty("id").GetString()}}","Operator":"equals"}""");
        var added = await (await client.GetAsync($"/v1/auditrecords?filter={customers}", Ct)).AssertOkAsync();
        Assert.Equal("add_customer", Assert.Single(added.GetProperty("items").EnumerateArray()).GetProperty("operationType").GetString());

        var byName = Uri.EscapeDataString("""{"Field":"CompanyName","Value":"CONTO","Operator":"substring"}""");
        Assert.True((await (await client.GetAsync($"/v1/auditrecords?filter={byName}", Ct)).AssertOkAsync()).GetProperty("totalCount").GetInt32() >= 3);
        var sdkDates = await (await client.GetAsync("/v1/auditrecords?startDate=01/14/2026%2000:00:00&endDate=01/16/2026%2000:00:00", Ct)).AssertOkAsync();
        Assert.True(sdkDates.GetProperty("totalCount").GetInt32() >= 3);

        var tooOld = await client.GetAsync("/v1/auditrecords?startDate=2025-09-01", Ct);
        await tooOld.AssertErrorAsync(HttpStatusCode.BadRequest, 950080);
        var sales = await app.ClientForAsync("demo-sales-agent");
        await (await sales.GetAsync("/v1/auditrecords", Ct)).AssertErrorAsync(HttpStatusCode.Forbidden, 900308);
        var other = await app.ClientForAsync("demo-other-admin-agent");
        var theirs = await (await other.GetAsync("/v1/auditrecords", Ct)).AssertOkAsync();
        Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), r => r.GetProperty("resourceId").GetString() == basic);
    }
}
