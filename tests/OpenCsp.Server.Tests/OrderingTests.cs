using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Server.Tests.Infrastructure;
using static OpenCsp.Server.Tests.Infrastructure.Shop;

namespace OpenCsp.Server.Tests;

/// <summary>Cart → review → buy (ORD-1..4), subscriptions (ORD-2), add-ons (ADD-1..4, ADD-6) and the first ledger charges.</summary>
public sealed class OrderingTests : ApiTests
{
    [Theory, MemberData(nameof(Databases))]
    public async Task GermanSchool_BuysTwoProductsAndAnAddOn_AndGetsSubscriptionsAndCharges_ORD1_ORD2_ADD6(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var school = await CustomerIdAsync(client, "Gymnasium");
        var faculty = await CatalogItemAsync(client, school, "CFQ7TTC0EDU3");
        var basic = await CatalogItemAsync(client, school, "CFQ7TTC0LH18");
        var phone = await CatalogItemAsync(client, school, "CFQ7TTC0PHN1");

        var cart = await CartAsync(client, school,
            Line(faculty, 10, "P1Y", "monthly"), Line(basic, 5, "P1M", "monthly"), Line(phone, 5, "P1M", "monthly"));
        Assert.All(cart.GetProperty("lineItems").EnumerateArray(), l =>
        {
            Assert.False(l.TryGetProperty("error", out _), l.ToString());
            Assert.Equal("EUR", l.GetProperty("currencyCode").GetString());
        });
        Assert.Equal("Active", cart.GetProperty("status").GetString());
        Assert.Equal(OpenCspApp.Start.AddDays(7), cart.GetProperty("expirationTimestamp").GetDateTimeOffset());

        var result = await (await CheckoutAsync(client, school, cart)).AssertOkAsync(HttpStatusCode.Created);
        var order = result.GetProperty("orders")[0];
        Assert.Equal(3, order.GetProperty("lineItems").GetArrayLength());
        var a3OrderLine = order.GetProperty("lineItems").EnumerateArray().Single(l => l.GetProperty("offerId").GetString() == faculty);
        Assert.Equal(30.90m, a3OrderLine.GetProperty("pricing").GetProperty("proratedPrice").GetDecimal()); // pre-tax, as Partner Center prices
        Assert.Equal("completed", order.GetProperty("status").GetString());
        // The order's provisioningStatus link answers: every line provisioned as the order was placed.
        var provisioning = await (await client.GetAsync("/v1" + order.GetProperty("links").GetProperty("provisioningStatus").GetProperty("uri").GetString(), Ct)).AssertOkAsync();
        Assert.Equal([(0, "fulfilled", 10), (1, "fulfilled", 5), (2, "fulfilled", 5)], provisioning.GetProperty("items").EnumerateArray()
            .Select(l => (l.GetProperty("lineItemNumber").GetInt32(), l.GetProperty("status").GetString(), l.GetProperty("quantityProvisioningInformation")[0].GetProperty("quantity").GetInt32())));

        var subscriptions = (await (await client.GetAsync($"/v1/customers/{school}/subscriptions?order_id={order.GetProperty("id").GetString()}", Ct)).AssertOkAsync())
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, subscriptions.Count);
        var a3 = subscriptions.Single(s => s.GetProperty("offerId").GetString() == faculty);
        Assert.Equal("active", a3.GetProperty("status").GetString());
        Assert.Equal(10, a3.GetProperty("quantity").GetInt32());
        Assert.True(a3.GetProperty("autoRenewEnabled").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero), a3.GetProperty("effectiveStartDate").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2027, 1, 14, 0, 0, 0, TimeSpan.Zero), a3.GetProperty("commitmentEndDate").GetDateTimeOffset()); // inclusive
        Assert.Equal(new DateTimeOffset(2026, 2, 14, 0, 0, 0, TimeSpan.Zero), a3.GetProperty("billingCycleEndDate").GetDateTimeOffset());
        Assert.Equal(OpenCspApp.Start.AddDays(30), a3.GetProperty("cancellationAllowedUntilDate").GetDateTimeOffset()); // NCE-1, seed policy
        Assert.Equal(10, a3.GetProperty("refundableQuantity").GetProperty("totalQuantity").GetInt32());
        Assert.Equal("seed", a3.GetProperty("policySet").GetString());
        Assert.Equal(["Full", "Partial"], a3.GetProperty("refundOptions").EnumerateArray().Select(o => o.GetProperty("type").GetString()));

        var basicSub = subscriptions.Single(s => s.GetProperty("offerId").GetString() == basic);
        var phoneSub = subscriptions.Single(s => s.GetProperty("offerId").GetString() == phone);
        Assert.Equal(basicSub.GetProperty("id").GetString(), phoneSub.GetProperty("parentSubscriptionId").GetString());
        Assert.True(basicSub.GetProperty("hasPurchasableAddons").GetBoolean()); // Teams Phone and others name Business Basic (ADD-2)
        Assert.False(a3.GetProperty("hasPurchasableAddons").GetBoolean());
        Assert.Equal(basicSub.GetProperty("commitmentEndDate").GetString(), phoneSub.GetProperty("commitmentEndDate").GetString()); // ADD-6
        var addOns = await (await client.GetAsync($"/v1/customers/{school}/subscriptions/{basicSub.GetProperty("id").GetString()}/addons", Ct)).AssertOkAsync();
        Assert.Equal(phoneSub.GetProperty("id").GetString(), addOns.GetProperty("items")[0].GetProperty("id").GetString());

        // The ledger has the first charge of each: A3 10 × €3.09 (3.25 × 0.95, rounded) = €30.90 net + 19% VAT.
        var ledger = await InDbAsync(app, d => d.Ledger.AsNoTracking().ToListAsync());
        Assert.Equal(3, ledger.Count);
        var a3Charge = ledger.Single(l => l.SubscriptionId == Guid.Parse(a3.GetProperty("id").GetString()!));
        Assert.Equal((30.90m, 5.87m, 36.77m, "EUR"), (a3Charge.NetAmount, a3Charge.TaxAmount, a3Charge.TotalAmount, a3Charge.Currency));
        Assert.Equal((OpenCspApp.Start.Date, new DateTime(2026, 2, 15)), (a3Charge.PeriodStart.UtcDateTime, a3Charge.PeriodEnd.UtcDateTime));

        // The same lines through the API, for a billing admin.
        var billing = await app.ClientForAsync("demo-billing-admin");
        var lines = (await (await billing.GetAsync($"/v1/customers/{school}/ledger", Ct)).AssertOkAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, lines.Count);
        var a3Line = lines.Single(l => l.GetProperty("subscriptionId").GetString() == a3.GetProperty("id").GetString());
        Assert.Equal((36.77m, "EUR", "charge"), (a3Line.GetProperty("totalAmount").GetDecimal(), a3Line.GetProperty("currencyCode").GetString(), a3Line.GetProperty("kind").GetString()));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task SubscriptionsBoughtElsewhere_AreListed_ButOfferNoActions_CUS3(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-helpdesk-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var direct = (await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions", Ct)).AssertOkAsync()).GetProperty("items")
            .EnumerateArray().Single(s => s.GetProperty("salesChannel").GetString() == "direct");
        Assert.Equal("Microsoft 365 E5", direct.GetProperty("offerName").GetString());
        Assert.Equal(0, direct.GetProperty("actions").GetArrayLength());
        Assert.False(direct.TryGetProperty("orderId", out _));
        Assert.False(direct.GetProperty("hasPurchasableAddons").GetBoolean());

        // Nor can the partner hang an add-on on it: Teams Phone's only base here, E5, was bought directly.
        var admin = await app.ClientForAsync("demo-admin-agent");
        var cart = await CartAsync(admin, contoso, Line(await CatalogItemAsync(admin, contoso, "CFQ7TTC0PHN1"), 5, "P1M", "monthly"));
        Assert.Equal(400041, cart.GetProperty("lineItems")[0].GetProperty("error").GetProperty("additionalInformation").GetProperty("code").GetInt32());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Checkout_IsIdempotent_ByCart_AndByRequestId(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var cart = await CartAsync(client, contoso, Line(await CatalogItemAsync(client, contoso, "CFQ7TTC0LF8R"), 3, "P1Y", "annual"));

        var requestId = Guid.NewGuid().ToString();
        var first = await (await CheckoutAsync(client, contoso, cart, requestId)).AssertOkAsync(HttpStatusCode.Created);
        var retried = await (await CheckoutAsync(client, contoso, cart, requestId)).AssertOkAsync(HttpStatusCode.Created);
        var again = await (await CheckoutAsync(client, contoso, cart)).AssertOkAsync(HttpStatusCode.Created);
        var orderId = first.GetProperty("orders")[0].GetProperty("id").GetString();
        Assert.Equal(orderId, retried.GetProperty("orders")[0].GetProperty("id").GetString());
        Assert.Equal(orderId, again.GetProperty("orders")[0].GetProperty("id").GetString());

        Assert.Equal(1, await InDbAsync(app, d => d.Orders.CountAsync()));
        Assert.Equal(1, await InDbAsync(app, d => d.Ledger.CountAsync()));
        var ordered = await (await client.GetAsync($"/v1/customers/{contoso}/carts/{cart.GetProperty("id").GetString()}", Ct)).AssertOkAsync();
        Assert.Equal("Ordered", ordered.GetProperty("status").GetString());
        await (await client.PutAsync($"/v1/customers/{contoso}/carts/{cart.GetProperty("id").GetString()}", Http.JsonBody(new { lineItems = Array.Empty<object>() }), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 800065);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task BadLines_AreMarkedOnTheCart_AndCheckoutIsRefusedWithThem_CAT2_CAT6_ADD1(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var school = await CustomerIdAsync(client, "Gymnasium");
        var facultyDe = await CatalogItemAsync(client, school, "CFQ7TTC0EDU3");
        var basicUs = await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18");
        var facultyUs = (await (await client.GetAsync("/v1/products/CFQ7TTC0EDU3/skus/0001/availabilities?country=US", Ct)).AssertOkAsync())
            .GetProperty("items")[0].GetProperty("catalogItemId").GetString()!;
        var archiving = await CatalogItemAsync(client, contoso, "CFQ7TTC0EXA1");

        var cart = await CartAsync(client, contoso,
            Line(basicUs, 5, "P1M", "monthly"),        // fine
            Line(facultyUs, 5, "P1Y", "monthly"),      // education only (CAT-2)
            Line(facultyDe, 5, "P1Y", "monthly"),      // another market's availability
            Line(basicUs, 301, "P1M", "monthly"),      // above the maximum
            Line(basicUs, 5, "P3Y", "annual"),         // term not offered
            Line("NOT:A:ITEM", 1, "P1M", "monthly"),   // unknown item
            Line(archiving, 5, "P1Y", "monthly"));     // add-on without an E3 base (ADD-1)
        var errors = cart.GetProperty("lineItems").EnumerateArray()
            .Select(l => l.TryGetProperty("error", out var e) ? e.GetProperty("additionalInformation").GetProperty("code").GetInt32() : 0).ToList();
        Assert.Equal([0, 400030, 800070, 900275, 950060, 800004, 400041], errors);
        var addOnError = cart.GetProperty("lineItems")[6].GetProperty("error");
        Assert.Equal("ADD-1", addOnError.GetProperty("additionalInformation").GetProperty("ruleId").GetString());
        Assert.StartsWith("The addon is not purchasable without a compatible base product", addOnError.GetProperty("errorDescription").GetString());

        var refused = await (await CheckoutAsync(client, contoso, cart)).AssertErrorAsync(HttpStatusCode.BadRequest, 800009);
        Assert.Equal(6, refused.GetProperty("data").GetArrayLength());
        Assert.Equal(0, await InDbAsync(app, d => d.Orders.CountAsync()));
        Assert.Equal(0, await InDbAsync(app, d => d.Subscriptions.CountAsync(s => s.OrderId != null)));

        // An Azure reservation cannot be sold in a blocked market (CAT-6).
        var andorra = await (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("botiga", "Botiga Andorra", "AD")), Ct)).AssertOkAsync(HttpStatusCode.Created);
        var reservation = (await (await client.GetAsync("/v1/products/DZH318Z0BQ35/skus/0001/availabilities?country=AD", Ct)).AssertOkAsync())
            .GetProperty("items")[0].GetProperty("catalogItemId").GetString()!;
        var rCart = await CartAsync(client, andorra.GetProperty("id").GetString()!, Line(reservation, 1, "P1Y", "one_time"));
        Assert.Equal(950050, rCart.GetProperty("lineItems")[0].GetProperty("error").GetProperty("additionalInformation").GetProperty("code").GetInt32());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task OnePerCustomer_IsRefusedTheSecondTime_AndSaysReactivateWhenSuspended_CAT3(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var trial = await CatalogItemAsync(client, contoso, "CFQ7TTC0LCHC", "0001");
        var bought = await (await CheckoutAsync(client, contoso, await CartAsync(client, contoso, Line(trial, 10, "P1M", "none")))).AssertOkAsync(HttpStatusCode.Created);
        var subscriptionId = bought.GetProperty("orders")[0].GetProperty("lineItems")[0].GetProperty("subscriptionId").GetString()!;
        var sub = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{subscriptionId}", Ct)).AssertOkAsync();
        Assert.True(sub.GetProperty("isTrial").GetBoolean());
        Assert.Equal("CFQ7TTC0LCHC:0002", sub.GetProperty("trialConvertsTo").GetString()); // NCE-8

        // Racing orders for the same one-per-customer offer on another customer: exactly one wins.
        var koala = await CustomerIdAsync(client, "Koala");
        var koalaTrial = await CatalogItemAsync(client, koala, "CFQ7TTC0LCHC", "0001");
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync($"/v1/customers/{koala}/orders",
            Http.JsonBody(new { billingCycle = "monthly", lineItems = new[] { new { offerId = koalaTrial, quantity = 1, termDuration = "P1M" } } }), Ct)));
        Assert.Equal(1, racing.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(racing.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));

        var second = await CartAsync(client, contoso, Line(trial, 1, "P1M", "monthly"));
        Assert.Equal(950061, second.GetProperty("lineItems")[0].GetProperty("error").GetProperty("additionalInformation").GetProperty("code").GetInt32());

        await InDbAsync(app, async d =>
        {
            var s = await d.Subscriptions.SingleAsync(x => x.Id == Guid.Parse(subscriptionId));
            s.Status = SubscriptionStatus.Suspended; // suspending through the API comes with the lifecycle
            return await d.SaveChangesAsync();
        });
        var third = await CartAsync(client, contoso, Line(trial, 1, "P1M", "monthly"));
        var error = third.GetProperty("lineItems")[0].GetProperty("error");
        Assert.Equal(950062, error.GetProperty("additionalInformation").GetProperty("code").GetInt32());
        Assert.Contains("Reactivate it instead", error.GetProperty("errorDescription").GetString());
        var shown = await (await client.GetAsync($"/v1/customers/{contoso}/products/CFQ7TTC0LCHC/skus/0001", Ct)).AssertOkAsync();
        Assert.False(shown.GetProperty("isPurchasable").GetBoolean()); // the catalog says so before the cart does
        Assert.Equal(950062, shown.GetProperty("unavailableReasons")[0].GetProperty("code").GetInt32());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task IsvSaaS_StartsInItsFreeTrial_IsNotCharged_AndLinksToThePublisher_ORD3_ORD4(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var backup = await CatalogItemAsync(client, contoso, "DZH318Z0BKUP");
        var result = await (await CheckoutAsync(client, contoso, await CartAsync(client, contoso, Line(backup, 20, "P1Y", "annual")))).AssertOkAsync(HttpStatusCode.Created);
        var order = result.GetProperty("orders")[0];
        var subscriptionId = order.GetProperty("lineItems")[0].GetProperty("subscriptionId").GetString();

        var sub = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{subscriptionId}", Ct)).AssertOkAsync();
        Assert.True(sub.GetProperty("isTrial").GetBoolean());
        Assert.Equal(OpenCspApp.Start.Date.AddDays(29), sub.GetProperty("commitmentEndDate").GetDateTimeOffset().UtcDateTime); // 30-day trial
        Assert.Equal(0, await InDbAsync(app, d => d.Ledger.CountAsync()));

        var links = await (await client.GetAsync($"/v1/customers/{contoso}/orders/{order.GetProperty("id").GetString()}/lineitems/0/activationlinks", Ct)).AssertOkAsync();
        Assert.Equal($"https://backup.fabrikam.example/onboarding?subscriptionId={subscriptionId}", links.GetProperty("items")[0].GetProperty("link").GetProperty("uri").GetString());
        var subLinks = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{subscriptionId}/activationlinks", Ct)).AssertOkAsync();
        Assert.Equal(1, subLinks.GetProperty("totalCount").GetInt32());
        // A line item "number" that is none is the caller's mistake, not an unsupported media type.
        await (await client.GetAsync($"/v1/customers/{contoso}/orders/{order.GetProperty("id").GetString()}/lineitems/abc/activationlinks", Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        await (await client.GetAsync($"/v1/customers/{contoso}/orders/{order.GetProperty("id").GetString()}/lineitems/1/activationlinks", Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 800071);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task IndirectReseller_CannotBuyAddOns_ButItsProviderCan_ADD4(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var reseller = await app.ClientForAsync("demo-reseller-admin-agent");
        var alpine = await CustomerIdAsync(reseller, "Alpine");
        var basic = await CatalogItemAsync(reseller, alpine, "CFQ7TTC0LH18");
        var phone = await CatalogItemAsync(reseller, alpine, "CFQ7TTC0PHN1");
        var cart = await CartAsync(reseller, alpine, Line(basic, 5, "P1M", "monthly"), Line(phone, 5, "P1M", "monthly"));
        Assert.False(cart.GetProperty("lineItems")[0].TryGetProperty("error", out _));
        Assert.Equal(950063, cart.GetProperty("lineItems")[1].GetProperty("error").GetProperty("additionalInformation").GetProperty("code").GetInt32());

        var provider = await app.ClientForAsync("demo-provider-admin-agent");
        var providerCart = await CartAsync(provider, alpine, Line(basic, 5, "P1M", "monthly"), Line(phone, 5, "P1M", "monthly"));
        await (await CheckoutAsync(provider, alpine, providerCart)).AssertOkAsync(HttpStatusCode.Created);
        var subs = await (await reseller.GetAsync($"/v1/customers/{alpine}/subscriptions", Ct)).AssertOkAsync();
        Assert.Equal(2, subs.GetProperty("items").GetArrayLength());
        // The provider finds them by their reseller of record's MPN id (Tailspin's), and none under another partner's.
        Assert.Equal(2, (await (await provider.GetAsync($"/v1/customers/{alpine}/subscriptions?mpn_id=4100003", Ct)).AssertOkAsync()).GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await (await provider.GetAsync($"/v1/customers/{alpine}/subscriptions?mpn_id=4100001", Ct)).AssertOkAsync()).GetProperty("totalCount").GetInt32());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AddOnBoughtLater_WithItsOwnLicenseCount_JoinsItsBase_AndIsChargedProrated_ADD3_ADD6_BILL3(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var e3 = await CatalogItemAsync(client, contoso, "CFQ7TTC0LF8R");
        var baseOrder = await (await CheckoutAsync(client, contoso, await CartAsync(client, contoso, Line(e3, 10, "P1Y", "monthly")))).AssertOkAsync(HttpStatusCode.Created);
        var baseId = baseOrder.GetProperty("orders")[0].GetProperty("lineItems")[0].GetProperty("subscriptionId").GetString()!;

        // 10 days into the base's first month (15 Jan – 15 Feb, 31 days), buy 4 archiving add-ons.
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { by = "P10D" }), Ct)).AssertOkAsync();
        var archiving = await CatalogItemAsync(client, contoso, "CFQ7TTC0EXA1");
        var annual = await CartAsync(client, contoso, Line(archiving, 4, "P1Y", "annual", baseId));
        Assert.Equal(950067, annual.GetProperty("lineItems")[0].GetProperty("error").GetProperty("additionalInformation").GetProperty("code").GetInt32()); // ADD-6
        var addOnOrder = await (await CheckoutAsync(client, contoso, await CartAsync(client, contoso, Line(archiving, 4, "P1Y", "monthly", baseId)))).AssertOkAsync(HttpStatusCode.Created);
        var line = addOnOrder.GetProperty("orders")[0].GetProperty("lineItems")[0];
        Assert.Equal(baseId, line.GetProperty("parentSubscriptionId").GetString());

        var charge = await InDbAsync(app, d => d.Ledger.AsNoTracking().SingleAsync(l => l.SubscriptionId == Guid.Parse(line.GetProperty("subscriptionId").GetString()!)));
        Assert.Equal(OpenCsp.Core.Billing.LedgerEntryKind.ProratedCharge, charge.Kind);
        Assert.Equal(Math.Round(3.00m * 4 * 21 / 31, 2, MidpointRounding.AwayFromZero), charge.NetAmount); // 21 of 31 days left
        Assert.Equal(new DateTime(2026, 2, 15), charge.PeriodEnd.UtcDateTime);
        var addOn = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{line.GetProperty("subscriptionId").GetString()}", Ct)).AssertOkAsync();
        var baseSub = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{baseId}", Ct)).AssertOkAsync();
        Assert.Equal(baseSub.GetProperty("commitmentEndDate").GetString(), addOn.GetProperty("commitmentEndDate").GetString());
        Assert.Equal((4, 10), (addOn.GetProperty("quantity").GetInt32(), baseSub.GetProperty("quantity").GetInt32())); // ADD-3: the add-on's own count
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AddOn_CannotJoinABaseSuspendedSinceItsLinesWereChecked_NorHideFromASuspensionThatReadTheBaseBefore_ADD1_ADD5(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var e3 = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LF8R"), 10, "P1Y", "monthly");
        var archiving = await CatalogItemAsync(client, contoso, "CFQ7TTC0EXA1");
        async Task<JsonElement> BaseAsync() => await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{e3}", Ct)).AssertOkAsync();
        Task<HttpResponseMessage> SuspendAsync(string? ifMatch = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/customers/{contoso}/subscriptions/{e3}") { Content = Http.JsonBody(new { status = "suspended" }) };
            if (ifMatch is not null)
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return client.SendAsync(request, Ct);
        }

        // ADD-5: a suspension decided on the base as it was before an add-on joined it would leave that add-on active;
        // the add-on moves the base's version on, so that suspension is refused and, retried, suspends both.
        var before = (await BaseAsync()).GetProperty("attributes").GetProperty("etag").GetString()!;
        var first = await BuyAsync(client, contoso, archiving, 2, "P1Y", "monthly", e3);
        await (await SuspendAsync(before)).AssertErrorAsync(HttpStatusCode.BadRequest, 2055);

        // ADD-1 inside the order's transaction: the lines were checked while the base was active, and the base was
        // suspended before the order was written.
        using var scope = app.Services.CreateScope();
        var data = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        var customer = await data.Customers.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(contoso), Ct);
        var caller = new Caller(customer.PartnerId, PartnerKind.DirectBill, Role.AdminAgent, "test");
        var lines = await scope.ServiceProvider.GetRequiredService<OrderLineRules>().CheckAsync(caller, customer,
            [new OrderLineInput(0, archiving, 3, BillingCycle.Monthly, "P1Y", ParentSubscriptionId: Guid.Parse(e3))], Ct);
        Assert.Null(lines[0].Error);
        await (await SuspendAsync((await BaseAsync()).GetProperty("attributes").GetProperty("etag").GetString())).AssertOkAsync();

        var placed = await scope.ServiceProvider.GetRequiredService<PlaceOrder>().CreateAsync(caller, customer, lines, cart: null, Ct);
        Assert.Equal(ErrorCodes.AddOnWithoutBase, placed.Refusal?.Error);
        var family = await InDbAsync(app, d => d.Subscriptions.AsNoTracking().Where(s => s.ParentSubscriptionId == Guid.Parse(e3)).ToListAsync(Ct));
        Assert.Equal(Guid.Parse(first), Assert.Single(family).Id);
        Assert.Equal(SubscriptionStatus.Suspended, family[0].Status);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task TaxInclusiveMarkets_SplitTheTaxOutOfThePrice_CAT7(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var koala = await CustomerIdAsync(client, "Koala");
        var basic = await CatalogItemAsync(client, koala, "CFQ7TTC0LH18");
        await (await CheckoutAsync(client, koala, await CartAsync(client, koala, Line(basic, 10, "P1M", "monthly")))).AssertOkAsync(HttpStatusCode.Created);
        var charge = await InDbAsync(app, d => d.Ledger.AsNoTracking().SingleAsync());
        // A$12.24 (7.20 × 1.70) includes 10% GST: 10 seats = A$122.40, of which A$11.13 is tax.
        Assert.Equal((111.27m, 11.13m, 122.40m, "AUD"), (charge.NetAmount, charge.TaxAmount, charge.TotalAmount, charge.Currency));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task DirectOrder_InTheSdksShape_CreatesTheSubscription(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-sales-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var standard = await CatalogItemAsync(client, contoso, "CFQ7TTC0LDPB");
        var body = $$$"""
            {"Id":null,"AlternateId":null,"ReferenceCustomerId":"{{{contoso}}}","BillingCycle":"monthly","CurrencySymbol":null,
             "LineItems":[{"LineItemNumber":0,"OfferId":"{{{standard}}}","SubscriptionId":null,"ParentSubscriptionId":null,"TermDuration":"P1Y","RenewsTo":null,
               "TransactionType":null,"FriendlyName":"Sales team","Quantity":3,"Pricing":null,"PartnerIdOnRecord":null,"AdditionalPartnerIdsOnRecord":null,
               "AttestationAccepted":null,"Attributes":{"ObjectType":"OrderLineItem"}}],
             "CreationDate":null,"Status":null,"TransactionType":null,"Links":null,"PartnerOnRecordAttestationAccepted":null,"Attributes":{"ObjectType":"Order"}}
            """;
        var order = await (await client.PostAsync($"/v1/customers/{contoso}/orders", Http.JsonBody(body), Ct)).AssertOkAsync(HttpStatusCode.Created);
        var subId = order.GetProperty("lineItems")[0].GetProperty("subscriptionId").GetString();
        var sub = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{subId}", Ct)).AssertOkAsync();
        Assert.Equal("Sales team", sub.GetProperty("friendlyName").GetString());
        Assert.Equal("monthly", sub.GetProperty("billingCycle").GetString());
        var orders = await (await client.GetAsync($"/v1/customers/{contoso}/orders", Ct)).AssertOkAsync();
        Assert.Equal(1, orders.GetProperty("totalCount").GetInt32());
        await (await client.PostAsync($"/v1/customers/{contoso}/orders", Http.JsonBody(new { billingCycle = "monthly", lineItems = new[] { new { offerId = standard, quantity = 0, termDuration = "P1Y" } } }), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 800009);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task LegacyOffer_WithAddOnItems_CreatesBaseAndAddOn_ADD2(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        const string e3 = "796B6B5F-613C-4E24-A17C-EBA730D49C02", atp = "3DD6CF57-D688-4EED-BA52-9E40B5468C3E";
        var cart = await (await client.PostAsync($"/v1/customers/{contoso}/carts", Http.JsonBody(new
        {
            lineItems = new[] { new { catalogItemId = e3, quantity = 20, billingCycle = "monthly", addonItems = new[] { new { catalogItemId = atp, quantity = 20 } } } },
        }), Ct)).AssertOkAsync(HttpStatusCode.Created);
        Assert.All(cart.GetProperty("lineItems").EnumerateArray(), l => Assert.False(l.TryGetProperty("error", out _), l.ToString()));

        var order = (await (await CheckoutAsync(client, contoso, cart)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("orders")[0];
        var lines = order.GetProperty("lineItems").EnumerateArray().ToList();
        Assert.Equal([e3, atp], lines.Select(l => l.GetProperty("offerId").GetString()));
        Assert.Equal(lines[0].GetProperty("subscriptionId").GetString(), lines[1].GetProperty("parentSubscriptionId").GetString());
        var baseSub = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{lines[0].GetProperty("subscriptionId").GetString()}", Ct)).AssertOkAsync();
        Assert.Equal(e3, baseSub.GetProperty("offerId").GetString());
        Assert.Equal("P1Y", baseSub.GetProperty("termDuration").GetString());
        Assert.False(baseSub.TryGetProperty("cancellationAllowedUntilDate", out _)); // legacy rules: no NCE cancellation window

        // A direct legacy order for an add-on names its parent (ADD-2); a parent of another offer is refused with 800029.
        var exo = await (await client.PostAsync($"/v1/customers/{contoso}/orders", Http.JsonBody(new
        {
            billingCycle = "monthly",
            lineItems = new[] { new { lineItemNumber = 0, offerId = atp, quantity = 5, parentSubscriptionId = (string?)Guid.NewGuid().ToString() } },
        }), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 800009);
        Assert.Contains("line 0: 800029 (ADD-2)", exo.GetProperty("description").GetString());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ExpiredCarts_ConcurrentCheckouts_AndBadBillingCycles_Get4xx_AndOneOrder(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var basic = await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18");

        await (await client.PostAsync($"/v1/customers/{contoso}/carts", Http.JsonBody(new { lineItems = new[] { new { catalogItemId = basic, quantity = 1, billingCycle = "fortnightly" } } }), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 900126);
        await (await client.PostAsync($"/v1/customers/{contoso}/carts", Http.JsonBody("""{"lineItems": [null]}"""), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        await (await client.PostAsync($"/v1/customers/{contoso}/orders", Http.JsonBody("""{"lineItems": [null]}"""), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        await (await client.PostAsync($"/v1/customers/{contoso}/carts", Http.JsonBody($$"""{"lineItems": [{"catalogItemId": "{{basic}}", "quantity": 1, "addonItems": [null]}]}"""), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        await (await client.PostAsync($"/v1/customers/{Guid.NewGuid()}/carts", Http.JsonBody(new { lineItems = Array.Empty<object>() }), Ct))
            .AssertErrorAsync(HttpStatusCode.NotFound, 60003);

        // Four checkouts of one cart at once: one order, and every answer is that order (or "busy").
        var cart = await CartAsync(client, contoso, Line(basic, 2, "P1M", "monthly"));
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CheckoutAsync(client, contoso, cart)));
        var orderIds = new HashSet<string?>();
        foreach (var answer in answers)
        {
            if (answer.StatusCode == HttpStatusCode.Conflict)
                await answer.AssertErrorAsync(HttpStatusCode.Conflict, 800064);
            else
                orderIds.Add((await answer.AssertOkAsync(HttpStatusCode.Created)).GetProperty("orders")[0].GetProperty("id").GetString());
        }

        Assert.Single(orderIds);
        Assert.Equal(1, await InDbAsync(app, d => d.Orders.CountAsync()));
        await (await client.PatchAsync($"/v1/customers/{contoso}/orders/{orderIds.Single()}", Http.JsonBody("""{"status": "cancelled", "lineItems": [null]}"""), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 800002);

        // Carts expire after seven days (POL-1's cart lifetime).
        var stale = await CartAsync(client, contoso, Line(basic, 2, "P1M", "monthly"));
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { by = "P7DT1M" }), Ct)).AssertOkAsync();
        var expired = await (await CheckoutAsync(client, contoso, stale)).AssertErrorAsync(HttpStatusCode.BadRequest, 950064);
        Assert.Contains(stale.GetProperty("expirationTimestamp").GetString()!.Replace(".0000000", "", StringComparison.Ordinal)[..19], expired.GetProperty("description").GetString());
        Assert.Equal(1, await InDbAsync(app, d => d.Orders.CountAsync()));
    }

    /// <summary>Fails the second subscription's save, inside the checkout's transaction.</summary>
    private sealed class FailSecondSubscription : SaveChangesInterceptor
    {
        private int subscriptions;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var added = eventData.Context!.ChangeTracker.Entries<Subscription>().Count(e => e.State == EntityState.Added);
            if (added > 0 && Interlocked.Add(ref subscriptions, added) >= 2)
                throw new InvalidOperationException("Injected failure after the first subscription.");
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Checkout_FailingAfterTheFirstSubscription_LeavesNoOrderAndNoLedgerLine(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db, configureServices: s => s.AddSingleton<IInterceptor, FailSecondSubscription>());
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var cart = await CartAsync(client, contoso,
            Line(await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18"), 2, "P1M", "monthly"),
            Line(await CatalogItemAsync(client, contoso, "CFQ7TTC0LDPB"), 2, "P1M", "monthly"));

        var failed = await CheckoutAsync(client, contoso, cart);
        await failed.AssertErrorAsync(HttpStatusCode.InternalServerError, 900192);

        Assert.Equal(0, await InDbAsync(app, d => d.Orders.CountAsync()));
        Assert.Equal(0, await InDbAsync(app, d => d.Subscriptions.CountAsync(s => s.OrderId != null)));
        Assert.Equal(0, await InDbAsync(app, d => d.Ledger.CountAsync()));
        var after = await (await client.GetAsync($"/v1/customers/{contoso}/carts/{cart.GetProperty("id").GetString()}", Ct)).AssertOkAsync();
        Assert.Equal("Active", after.GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task CheckoutPreview_ShowsTheOrderAndCharges_AndBuysNothing(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var cart = await CartAsync(client, contoso, Line(await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18"), 4, "P1M", "monthly"));
        var cartId = cart.GetProperty("id").GetString();

        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/customers/{contoso}/carts/{cartId}/checkout?preview=true");
        request.Headers.Add("MS-RequestId", "preview-then-real");
        var preview = await (await client.SendAsync(request, Ct)).AssertOkAsync();
        Assert.Equal(28.80m, preview.GetProperty("ledgerEntries")[0].GetProperty("totalAmount").GetDecimal());
        Assert.Equal(4, preview.GetProperty("orders")[0].GetProperty("lineItems")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(0, await InDbAsync(app, d => d.Orders.CountAsync(o => o.CartId == Guid.Parse(cartId!), Ct)));
        Assert.Equal("Active", (await (await client.GetAsync($"/v1/customers/{contoso}/carts/{cartId}", Ct)).AssertOkAsync()).GetProperty("status").GetString());

        var real = await (await CheckoutAsync(client, contoso, cart, "preview-then-real")).AssertOkAsync(HttpStatusCode.Created);
        Assert.NotEqual(preview.GetProperty("orders")[0].GetProperty("id").GetString(), real.GetProperty("orders")[0].GetProperty("id").GetString());
        Assert.Equal(1, await InDbAsync(app, d => d.Orders.CountAsync(o => o.CartId == Guid.Parse(cartId!), Ct)));
    }
}
