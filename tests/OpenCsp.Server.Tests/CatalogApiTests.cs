using System.Net;
using System.Text.Json;
using OpenCsp.Server.Tests.Infrastructure;

namespace OpenCsp.Server.Tests;

/// <summary>The catalog API (API.md B §4.5, §5.2) on the demo catalog.</summary>
public sealed class CatalogApiTests : ApiTests
{
    [Theory, MemberData(nameof(Databases))]
    public async Task Products_Skus_AndAvailabilities_HavePartnerCentersShape_ORD5(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-sales-agent");

        var products = await (await client.GetAsync("/v1/products?country=US&targetView=OnlineServices", Ct)).AssertOkAsync();
        var basic = products.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "CFQ7TTC0LH18");
        Assert.Equal("Microsoft 365 Business Basic", basic.GetProperty("title").GetString());
        Assert.True(basic.GetProperty("isMicrosoftProduct").GetBoolean());
        Assert.Equal("/products/CFQ7TTC0LH18/skus?country=US", basic.GetProperty("links").GetProperty("skus").GetProperty("uri").GetString());
        Assert.All(products.GetProperty("items").EnumerateArray(), p => Assert.Equal("online_services", p.GetProperty("targetView").GetString()));
        // ORD-5: the Trial category lists the products offered as trials, though each sits in its own category.
        var trials = await (await client.GetAsync("/v1/products?country=US&targetView=OnlineServices&category=trial", Ct)).AssertOkAsync();
        Assert.Equal(["CFQ7TTC0LCHC"], trials.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));

        var skus = await (await client.GetAsync("/v1" + basic.GetProperty("links").GetProperty("skus").GetProperty("uri").GetString(), Ct)).AssertOkAsync();
        var sku = skus.GetProperty("items")[0];
        Assert.Equal((1, 300), (sku.GetProperty("minimumQuantity").GetInt32(), sku.GetProperty("maximumQuantity").GetInt32()));
        Assert.Equal(["monthly", "annual"], sku.GetProperty("supportedBillingCycles").EnumerateArray().Select(c => c.GetString()));
        Assert.False(sku.GetProperty("dynamicAttributes").GetProperty("isAddon").GetBoolean());
        Assert.Contains("CFQ7TTC0LDPB:0001", sku.GetProperty("dynamicAttributes").GetProperty("upgradeTargetOffers").EnumerateArray().Select(x => x.GetString()));
        Assert.False(sku.TryGetProperty("isPurchasable", out _)); // reasons belong to a customer's view

        var availabilities = await (await client.GetAsync("/v1" + sku.GetProperty("links").GetProperty("availabilities").GetProperty("uri").GetString(), Ct)).AssertOkAsync();
        var availability = availabilities.GetProperty("items")[0];
        var id = availability.GetProperty("id").GetString();
        Assert.Equal($"CFQ7TTC0LH18:0001:{id}", availability.GetProperty("catalogItemId").GetString());
        Assert.Equal("USD", availability.GetProperty("defaultCurrency").GetProperty("code").GetString());
        var monthly = availability.GetProperty("terms").EnumerateArray().Single(t => t.GetProperty("duration").GetString() == "P1M");
        Assert.Equal("monthly", monthly.GetProperty("billingCycle").GetString());
        Assert.Equal(7.20m, monthly.GetProperty("price").GetProperty("unitPrice").GetDecimal());
        // NCE-1 as the catalog states it for a purchase today: a full refund for a day, then prorated until day 30.
        Assert.Equal([(0, "Full", "P1D"), (1, "Partial", "P30D")], monthly.GetProperty("cancellationPolicies")[0].GetProperty("refundOptions").EnumerateArray()
            .Select(o => (o.GetProperty("sequenceId").GetInt32(), o.GetProperty("type").GetString(), o.GetProperty("expiresAfter").GetString())));

        var single = await (await client.GetAsync($"/v1/products/CFQ7TTC0LH18/skus/0001/availabilities/{id}?country=US", Ct)).AssertOkAsync();
        Assert.Equal(id, single.GetProperty("id").GetString());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task CustomerCatalog_UsesTheCustomersMarketAndSegment_AndGivesReasons_InTheirLanguage(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var filter = Uri.EscapeDataString("""{"Field":"CompanyName","Value":"Gymnasium","Operator":"starts_with"}""");
        var school = (await (await client.GetAsync($"/v1/customers?filter={filter}", Ct)).AssertOkAsync()).GetProperty("items")[0].GetProperty("id").GetString();

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/customers/{school}/products/DZH318Z0ANLT/skus/0001");
        request.Headers.Add("X-Locale", "de-DE");
        var analytics = await (await client.SendAsync(request, Ct)).AssertOkAsync();
        Assert.False(analytics.GetProperty("isPurchasable").GetBoolean());
        var reasons = analytics.GetProperty("unavailableReasons").EnumerateArray().ToList();
        Assert.Equal(["CAT-2", "CAT-4"], reasons.Select(r => r.GetProperty("ruleId").GetString())); // a school, and outside the ISV's countries
        var reason = reasons[1];
        Assert.Equal(950051, reason.GetProperty("code").GetInt32());
        Assert.Contains("DE", reason.GetProperty("description").GetString());
        Assert.StartsWith("Der Herausgeber", reason.GetProperty("description").GetString());

        var faculty = await (await client.GetAsync($"/v1/customers/{school}/products/CFQ7TTC0EDU3/skus/0001", Ct)).AssertOkAsync();
        Assert.True(faculty.GetProperty("isPurchasable").GetBoolean());
        var prices = await (await client.GetAsync($"/v1/customers/{school}/products/CFQ7TTC0EDU3/skus/0001/availabilities", Ct)).AssertOkAsync();
        Assert.Equal("EUR", prices.GetProperty("items")[0].GetProperty("defaultCurrency").GetProperty("code").GetString());
        Assert.Equal("education", prices.GetProperty("items")[0].GetProperty("segment").GetString());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task LegacyOffers_AreListedByMarket_WithTheirAddOns_AndNotAmongProducts(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        const string e3 = "796B6B5F-613C-4E24-A17C-EBA730D49C02";
        var offers = await (await client.GetAsync("/v1/offers?country=US", Ct)).AssertOkAsync();
        var ids = offers.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
        Assert.Contains(e3, ids);
        Assert.Equal(4, ids.Count);
        var offer = offers.GetProperty("items").EnumerateArray().Single(o => o.GetProperty("id").GetString() == e3);
        Assert.Equal("Office 365 E3", offer.GetProperty("name").GetString());
        Assert.Equal("license", offer.GetProperty("billing").GetString());
        Assert.True(offer.GetProperty("hasAddOns").GetBoolean());
        Assert.Equal("Offer", offer.GetProperty("attributes").GetProperty("objectType").GetString());

        var page = await (await client.GetAsync("/v1/offers?country=US&offset=0&size=3", Ct)).AssertOkAsync();
        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        Assert.Equal("/offers?country=US&offset=3&size=3", page.GetProperty("links").GetProperty("next").GetProperty("uri").GetString());
        // By category (offer_category_id), as the category each offer names.
        var category = offer.GetProperty("category").GetProperty("id").GetString()!;
        var ofCategory = (await (await client.GetAsync($"/v1/offers?country=US&offer_category_id={category}", Ct)).AssertOkAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(ofCategory, o => o.GetProperty("id").GetString() == e3);
        Assert.All(ofCategory, o => Assert.Equal(category, o.GetProperty("category").GetProperty("id").GetString()));
        Assert.Equal(0, (await (await client.GetAsync("/v1/offers?country=US&offer_category_id=no-such-category", Ct)).AssertOkAsync()).GetProperty("totalCount").GetInt32());

        var addOns = await (await client.GetAsync($"/v1/offers/{e3}/addons?country=US", Ct)).AssertOkAsync();
        Assert.Equal("Office 365 Advanced Threat Protection (Plan 1)", addOns.GetProperty("items")[0].GetProperty("name").GetString());
        await (await client.GetAsync("/v1/offers/CFQ7TTC0LH18?country=US", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 2100);
        var products = await (await client.GetAsync("/v1/products?country=US", Ct)).AssertOkAsync();
        Assert.DoesNotContain(products.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == e3);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task CatalogBadInput_Gets4xx(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        await (await client.GetAsync("/v1/products", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        await (await client.GetAsync("/v1/products?country=US&targetView=Spaceships", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 900126);
        await (await client.GetAsync("/v1/products/NOPE?country=US", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 400013);
        await (await client.GetAsync("/v1/products/CFQ7TTC0LH18/skus/9999?country=US", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 400018);
        await (await client.GetAsync("/v1/products/CFQ7TTC0LH18/skus/0001/availabilities/NOPE?country=US", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 400019);
        var snake = await (await client.GetAsync("/v1/products?country=us&targetView=azure_reservations&billingCycle=ONE_TIME", Ct)).AssertOkAsync();
        Assert.Equal(JsonValueKind.Array, snake.GetProperty("items").ValueKind);
        Assert.Equal("DZH318Z0BQ35", snake.GetProperty("items")[0].GetProperty("id").GetString());
    }
}
