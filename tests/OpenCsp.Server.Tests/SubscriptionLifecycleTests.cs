using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Server.Tests.Infrastructure;
using static OpenCsp.Server.Tests.Infrastructure.Shop;

namespace OpenCsp.Server.Tests;

/// <summary>The subscription lifecycle through the API with the test clock: PATCH, scheduled changes, renewals, suspension, cancellation.</summary>
public sealed class SubscriptionLifecycleTests : ApiTests
{
    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string customer, string subscription, object body, string? query = null, string? requestId = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/customers/{customer}/subscriptions/{subscription}{query}") { Content = Http.JsonBody(body) };
        if (requestId is not null)
            request.Headers.Add("MS-RequestId", requestId);
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request, Ct);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string customer, string subscription) =>
        await (await client.GetAsync($"/v1/customers/{customer}/subscriptions/{subscription}", Ct)).AssertOkAsync();

    private static async Task<JsonElement> AdvanceAsync(HttpClient client, object body) =>
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(body), Ct)).AssertOkAsync();

    private static Task<List<LedgerEntry>> LedgerAsync(OpenCspApp app, string subscription) =>
        InDbAsync(app, d => d.Ledger.AsNoTracking().Where(l => l.SubscriptionId == Guid.Parse(subscription)).ToListAsync(Ct))
            .ContinueWith(t => t.Result.OrderBy(l => l.PostedAt).ThenBy(l => l.Kind).ToList(), Ct);

    [Theory, MemberData(nameof(Databases))]
    public async Task AddSeats_ScheduleADowngrade_AndRenew_TheNewTermHasTheNewSkuAndQuantity_NCE5_NCE7_NCE9_NCE12_NCE13(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var standard = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LDPB"), 10, "P1Y", "monthly");

        // Day 40: two more seats, charged for the rest of the month (15 Feb – 15 Mar: 28 days, 19 left from 24 Feb).
        await AdvanceAsync(client, new { to = "2026-02-24T10:00:00Z" });
        var more = await (await PatchAsync(client, contoso, standard, new { quantity = 12 })).AssertOkAsync();
        Assert.Equal(12, more.GetProperty("quantity").GetInt32());
        Assert.Equal(2, more.GetProperty("refundableQuantity").GetProperty("totalQuantity").GetInt32()); // NCE-12: only the new seats
        var added = (await LedgerAsync(app, standard)).Last();
        Assert.Equal(LedgerEntryKind.ProratedCharge, added.Kind);
        Assert.Equal(Math.Round(12.5m * 2 * 19 / 28, 2, MidpointRounding.AwayFromZero), added.NetAmount);

        // One of the new seats back is fine; going below the original ten is not (their window closed on day 30).
        await (await PatchAsync(client, contoso, standard, new { quantity = 11 })).AssertOkAsync();
        Assert.Equal(LedgerEntryKind.Credit, (await LedgerAsync(app, standard)).Last().Kind);
        var refused = await (await PatchAsync(client, contoso, standard, new { quantity = 5 })).AssertErrorAsync(HttpStatusCode.BadRequest, 800090);
        Assert.Equal("NCE-12", refused.GetProperty("ruleId").GetString());
        Assert.Equal("2027-01-15T00:00:00Z", refused.GetProperty("possibleFrom").GetString());

        // Manage renewals: Business Basic, 5 seats, from the renewal on; the SDK's unset billing cycle keeps the current one.
        var scheduled = await (await PatchAsync(client, contoso, standard, new
        {
            autoRenewEnabled = true,
            scheduledNextTermInstructions = new { product = new { productId = "CFQ7TTC0LH18", skuId = "0001", billingCycle = "unknown", termDuration = "P1Y" }, quantity = 5 },
        })).AssertOkAsync();
        Assert.Equal("CFQ7TTC0LH18", scheduled.GetProperty("scheduledNextTermInstructions").GetProperty("product").GetProperty("productId").GetString());
        Assert.Equal("monthly", scheduled.GetProperty("scheduledNextTermInstructions").GetProperty("product").GetProperty("billingCycle").GetString());
        Assert.Contains(scheduled.GetProperty("notices").EnumerateArray(), n => n.GetString()!.StartsWith("NCE-9", StringComparison.Ordinal));
        var deadlines = await (await client.GetAsync($"/v1/deadlines?within=P1Y&customerId={contoso}", Ct)).AssertOkAsync();
        Assert.Contains(deadlines.GetProperty("items").EnumerateArray(), d =>
            d.GetProperty("kind").GetString() == "scheduled_change_applies" && d.GetProperty("subscriptionId").GetString() == standard
            && d.GetProperty("at").GetString() == "2027-01-15T00:00:00Z");

        var moved = await AdvanceAsync(client, new { to = "2027-01-16T00:00:00Z" });
        Assert.True(moved.GetProperty("handled").GetInt32() >= 12);
        var renewed = await GetAsync(client, contoso, standard);
        Assert.StartsWith("CFQ7TTC0LH18:0001:", renewed.GetProperty("offerId").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, renewed.GetProperty("quantity").GetInt32());
        Assert.Equal("2027-01-15T00:00:00Z", renewed.GetProperty("effectiveStartDate").GetString());
        Assert.Equal("2028-01-14T00:00:00Z", renewed.GetProperty("commitmentEndDate").GetString());
        Assert.False(renewed.TryGetProperty("scheduledNextTermInstructions", out _));

        var ledger = await LedgerAsync(app, standard);
        Assert.Equal(11, ledger.Count(l => l.Description.EndsWith("billing period", StringComparison.Ordinal))); // Feb … Dec 2026
        Assert.All(ledger.Where(l => l.Description.EndsWith("billing period", StringComparison.Ordinal) && l.PostedAt > added.PostedAt), l => Assert.Equal(11, l.Quantity));
        var first = ledger.Last();
        Assert.Equal((6m * 5, 5, new DateTime(2027, 1, 15), new DateTime(2027, 2, 15)), (first.NetAmount, first.Quantity, first.PeriodStart.UtcDateTime, first.PeriodEnd.UtcDateTime));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task SuspendingABase_SuspendsItsAddOns_UsersLoseAccess_ReactivatingRestoresIt_AndDataIsDeletedAtTheDeadline_SUB3_SUB4_SUB7_ADD5_NCE2_NCE3(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var e3 = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LF8R"), 10, "P1Y", "annual");
        var archiving = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0EXA1"), 10, "P1Y", "annual", e3);

        await AdvanceAsync(client, new { by = "P1D" });
        var suspended = await (await PatchAsync(client, contoso, e3, new { status = "suspended", suspensionReason = "nonpayment" })).AssertOkAsync();
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        Assert.Equal("nonpayment", suspended.GetProperty("suspensionReasons")[0].GetString());
        Assert.False(suspended.GetProperty("autoRenewEnabled").GetBoolean()); // NCE-3
        // SUB-4: Contoso's account opened 400 days before its first billing period, so the bound of 120 days applies.
        Assert.Equal("2026-05-16T09:00:00Z", suspended.GetProperty("dataDeletionDate").GetString());
        Assert.Equal("suspended", (await GetAsync(client, contoso, archiving)).GetProperty("status").GetString()); // ADD-5

        var user = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{e3}/access?user=ada@contoso.example&admin=false", Ct)).AssertOkAsync();
        var admin = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{e3}/access?user=admin@contoso.example&admin=true", Ct)).AssertOkAsync();
        Assert.False(user.GetProperty("allowed").GetBoolean());
        Assert.True(admin.GetProperty("allowed").GetBoolean());

        await (await PatchAsync(client, contoso, archiving, new { status = "active" })).AssertErrorAsync(HttpStatusCode.Conflict, 27009);
        await (await PatchAsync(client, contoso, e3, new { status = "active" })).AssertOkAsync();
        Assert.Equal("active", (await GetAsync(client, contoso, archiving)).GetProperty("status").GetString()); // ADD-5: back with its base
        // SUB-7, NCE-2: resumed with no new purchase, and the users' access is back at once.
        var back = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{e3}/access?user=ada@contoso.example&admin=false", Ct)).AssertOkAsync();
        Assert.True(back.GetProperty("allowed").GetBoolean());
        Assert.Equal(2, await InDbAsync(app, d => d.Orders.CountAsync(o => o.CustomerId == Guid.Parse(contoso), Ct))); // the two purchases above, no third

        await (await PatchAsync(client, contoso, e3, new { status = "suspended" })).AssertOkAsync();
        await AdvanceAsync(client, new { by = "P119D" });
        Assert.Equal("suspended", (await GetAsync(client, contoso, e3)).GetProperty("status").GetString());
        await AdvanceAsync(client, new { by = "P2D" });
        Assert.Equal("deleted", (await GetAsync(client, contoso, e3)).GetProperty("status").GetString());
        Assert.Equal("deleted", (await GetAsync(client, contoso, archiving)).GetProperty("status").GetString());
        await (await PatchAsync(client, contoso, e3, new { status = "active" })).AssertErrorAsync(HttpStatusCode.BadRequest, 2011);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task IsvMonthly_CancelledAt23Hours_IsCreditedInFull_At25Hours_EndsAtRenewal_ISV1_ISV2_ISV4(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var sign = await CatalogItemAsync(client, contoso, "DZH318Z0SIGN");
        var early = await BuyAsync(client, contoso, sign, 3, "P1M", "monthly");
        var late = await BuyAsync(client, contoso, sign, 3, "P1M", "monthly");

        await AdvanceAsync(client, new { by = "PT23H" });
        var cancelled = await (await PatchAsync(client, contoso, early, new { status = "deleted", suspensionReason = "fraud" })).AssertOkAsync();
        Assert.Equal("deleted", cancelled.GetProperty("status").GetString());
        Assert.Equal(0m, (await LedgerAsync(app, early)).Sum(l => l.TotalAmount)); // charged 36, credited 36
        // SUB-2: the reason is recorded with the change, whose snapshot names the status as the API does.
        var record = await InDbAsync(app, d => d.AuditRecords.AsNoTracking().SingleAsync(a => a.ResourceId == early && a.OperationType == "update_subscription", Ct));
        Assert.Equal(("Reason", "fraud"), (record.CustomizedData.Single().Key, record.CustomizedData.Single().Value));
        Assert.Contains("\"Status\":\"deleted\"", record.ResourceNewValue, StringComparison.Ordinal);

        await AdvanceAsync(client, new { by = "PT2H" });
        var scheduled = await (await PatchAsync(client, contoso, late, new { status = "deleted" })).AssertOkAsync();
        Assert.Equal("active", scheduled.GetProperty("status").GetString());
        Assert.False(scheduled.GetProperty("autoRenewEnabled").GetBoolean());
        Assert.Equal("2026-02-15T00:00:00Z", scheduled.GetProperty("scheduledCancellationDate").GetString());
        Assert.Contains(scheduled.GetProperty("notices").EnumerateArray(), n => n.GetString()!.StartsWith("ISV-4", StringComparison.Ordinal));
        Assert.Equal(36m, (await LedgerAsync(app, late)).Sum(l => l.TotalAmount));

        await AdvanceAsync(client, new { to = "2026-02-15T00:00:01Z" });
        Assert.Equal("deleted", (await GetAsync(client, contoso, late)).GetProperty("status").GetString());
        Assert.Equal(36m, (await LedgerAsync(app, late)).Sum(l => l.TotalAmount)); // no renewal charge
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task NceCancellation_FullRefundFirst_ThenProrated_ThenRefusedWithTheRuleAndTheClosingDate_NCE1_POL2(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var e3 = await CatalogItemAsync(client, contoso, "CFQ7TTC0LF8R");
        var a = await BuyAsync(client, contoso, e3, 10, "P1Y", "annual");
        var b = await BuyAsync(client, contoso, e3, 10, "P1Y", "annual");
        var c = await BuyAsync(client, contoso, e3, 10, "P1Y", "annual");

        // 23:59 after the order: a preview shows the full refund and changes nothing.
        await AdvanceAsync(client, new { by = "PT23H59M" });
        var preview = await (await PatchAsync(client, contoso, a, new { status = "deleted" }, "?preview=true")).AssertOkAsync();
        Assert.Equal("deleted", preview.GetProperty("subscription").GetProperty("status").GetString());
        Assert.Equal(-2760m, preview.GetProperty("ledgerEntries")[0].GetProperty("totalAmount").GetDecimal());
        Assert.Equal("active", (await GetAsync(client, contoso, a)).GetProperty("status").GetString());
        Assert.Single(await LedgerAsync(app, a));
        await (await PatchAsync(client, contoso, a, new { status = "deleted" })).AssertOkAsync();
        Assert.Equal(0m, (await LedgerAsync(app, a)).Sum(l => l.TotalAmount));

        // Day 20 (4 Feb): the unused 344 of 365 days come back.
        await AdvanceAsync(client, new { to = "2026-02-04T12:00:00Z" });
        await (await PatchAsync(client, contoso, b, new { status = "deleted" })).AssertOkAsync();
        Assert.Equal(Math.Round(-2760m * 344 / 365, 2, MidpointRounding.AwayFromZero), (await LedgerAsync(app, b)).Last().TotalAmount);

        // Day 31: the 30-day window closed.
        await AdvanceAsync(client, new { to = "2026-02-15T09:00:01Z" });
        var refused = await (await PatchAsync(client, contoso, c, new { status = "deleted" })).AssertErrorAsync(HttpStatusCode.BadRequest, 900117);
        Assert.Equal("NCE-1", refused.GetProperty("ruleId").GetString());
        Assert.Equal("2026-02-14T09:00:00Z", refused.GetProperty("possibleUntil").GetString());
        Assert.Equal("active", (await GetAsync(client, contoso, c)).GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Trial_ConvertsToItsPaidSku_AtTheEndOfItsTerm_NCE8(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var trial = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LCHC", "0001"), 25, "P1M", "monthly");
        Assert.Empty(await LedgerAsync(app, trial));
        var deadlines = await (await client.GetAsync("/v1/deadlines?within=P31D", Ct)).AssertOkAsync();
        Assert.Contains(deadlines.GetProperty("items").EnumerateArray(), d => d.GetProperty("kind").GetString() == "trial_converts");

        await AdvanceAsync(client, new { to = "2026-02-15T00:00:01Z" });
        var paid = await GetAsync(client, contoso, trial);
        Assert.StartsWith("CFQ7TTC0LCHC:0002:", paid.GetProperty("offerId").GetString(), StringComparison.Ordinal);
        Assert.False(paid.GetProperty("isTrial").GetBoolean());
        Assert.Equal("active", paid.GetProperty("status").GetString());
        var charge = Assert.Single(await LedgerAsync(app, trial));
        Assert.Equal(26.4m * 25, charge.NetAmount);
        var audit = await InDbAsync(app, d => d.AuditRecords.AsNoTracking().Where(r => r.ResourceId == trial).ToListAsync(Ct));
        Assert.Contains(audit, r => r.OperationType == "convert_trial_subscription" && r.UserPrincipalName == "opencsp-lifecycle");
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AutoRenewOff_Expires_ThenIsDisabled_ThenDeleted_NCE4_NCE13(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var basic = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18"), 3, "P1M", "monthly");
        var off = await (await PatchAsync(client, contoso, basic, new { autoRenewEnabled = false })).AssertOkAsync();
        Assert.False(off.GetProperty("autoRenewEnabled").GetBoolean());

        await AdvanceAsync(client, new { to = "2026-02-15T00:00:01Z" });
        Assert.Equal("expired", (await GetAsync(client, contoso, basic)).GetProperty("status").GetString());
        await (await PatchAsync(client, contoso, basic, new { quantity = 4 })).AssertErrorAsync(HttpStatusCode.BadRequest, 900279);
        await AdvanceAsync(client, new { by = "P30D" });
        var disabled = await GetAsync(client, contoso, basic);
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        Assert.Equal("2026-06-15T00:00:00Z", disabled.GetProperty("dataDeletionDate").GetString());
        await AdvanceAsync(client, new { by = "P90D" });
        Assert.Equal("deleted", (await GetAsync(client, contoso, basic)).GetProperty("status").GetString());
        Assert.Single(await LedgerAsync(app, basic)); // expired and disabled months are not billed
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task RetriedPatch_IsAppliedOnce_AndAStaleEtagIsRefused(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var basic = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18"), 3, "P1Y", "monthly");
        var etag = (await GetAsync(client, contoso, basic)).GetProperty("attributes").GetProperty("etag").GetString()!;
        await AdvanceAsync(client, new { by = "P3D" });

        var first = await (await PatchAsync(client, contoso, basic, new { quantity = 5 }, requestId: "add-two", ifMatch: etag)).AssertOkAsync();
        var again = await PatchAsync(client, contoso, basic, new { quantity = 5 }, requestId: "add-two", ifMatch: etag);
        Assert.Equal(first.GetRawText(), (await again.AssertOkAsync()).GetRawText());
        Assert.Equal(2, (await LedgerAsync(app, basic)).Count);
        await (await PatchAsync(client, contoso, basic, new { quantity = 6 }, ifMatch: etag)).AssertErrorAsync(HttpStatusCode.BadRequest, 2055);
        await (await PatchAsync(client, contoso, basic, new { status = "paused" })).AssertErrorAsync(HttpStatusCode.BadRequest, 900126);
        await (await PatchAsync(client, contoso, basic, new { quantity = 0, status = "active", billingCycle = "unknown" })).AssertOkAsync(); // the SDK's sentinels
        await (await PatchAsync(client, contoso, basic, new { quantity = -5 })).AssertErrorAsync(HttpStatusCode.BadRequest, 3000); // but below 0 is no quantity
        Assert.Equal("Front desk", (await (await PatchAsync(client, contoso, basic, new { status = "none", friendlyName = "Front desk" })).AssertOkAsync()).GetProperty("friendlyName").GetString());
        await (await PatchAsync(client, contoso, basic, new { scheduledNextTermInstructions = new { product = "x" } })).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        Assert.Equal(5, (await GetAsync(client, contoso, basic)).GetProperty("quantity").GetInt32());

        // "Try again later" is not the answer a retry gets replayed: once the subscription is ready, the retry runs.
        await InDbAsync(app, d => d.Subscriptions.Where(s => s.Id == Guid.Parse(basic)).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SubscriptionStatus.Pending), Ct));
        await (await PatchAsync(client, contoso, basic, new { quantity = 6 }, requestId: "add-one")).AssertErrorAsync(HttpStatusCode.Conflict, 800082);
        await InDbAsync(app, d => d.Subscriptions.Where(s => s.Id == Guid.Parse(basic)).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SubscriptionStatus.Active), Ct));
        Assert.Equal(6, (await (await PatchAsync(client, contoso, basic, new { quantity = 6 }, requestId: "add-one")).AssertOkAsync()).GetProperty("quantity").GetInt32());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Upgrades_MoveSomeSeatsIntoANewCoterminousSubscription_OrAnExistingOne_OrAllInPlace_NCE11(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var basic = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18"), 10, "P1Y", "monthly");
        var standardItem = await CatalogItemAsync(client, contoso, "CFQ7TTC0LDPB");
        await AdvanceAsync(client, new { by = "P40D" });
        await (await PatchAsync(client, contoso, basic, new { scheduledNextTermInstructions = new { product = new { productId = "CFQ7TTC0LH18", skuId = "0001", billingCycle = "monthly", termDuration = "P1Y" }, quantity = 8 } })).AssertOkAsync();

        var eligible = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitionEligibilities?eligibilityType=immediate", Ct)).AssertOkAsync();
        var standardOption = eligible.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("catalogItemId").GetString() == standardItem);
        Assert.True(standardOption.GetProperty("eligibilities")[0].GetProperty("isEligible").GetBoolean());
        Assert.Equal(10, standardOption.GetProperty("quantity").GetInt32());

        object Move(int quantity, string? into = null) => new { toCatalogItemId = standardItem, toSubscriptionId = into, quantity, transitionType = "transition_with_license_transfer" };
        var preview = await (await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions?preview=true", Http.JsonBody(Move(3)), Ct)).AssertOkAsync();
        Assert.Equal(7, preview.GetProperty("source").GetProperty("quantity").GetInt32());
        Assert.Equal(10, (await GetAsync(client, contoso, basic)).GetProperty("quantity").GetInt32());

        var partial = await (await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions", Http.JsonBody(Move(3)), Ct)).AssertOkAsync();
        var target = partial.GetProperty("toSubscriptionId").GetString()!;
        Assert.NotEqual(basic, target);
        var source = await GetAsync(client, contoso, basic);
        var upgraded = await GetAsync(client, contoso, target);
        Assert.Equal((7, 3), (source.GetProperty("quantity").GetInt32(), upgraded.GetProperty("quantity").GetInt32()));
        Assert.False(source.TryGetProperty("scheduledNextTermInstructions", out _)); // a mid-term upgrade removes scheduled changes
        Assert.Equal(source.GetProperty("commitmentEndDate").GetString(), upgraded.GetProperty("commitmentEndDate").GetString());
        Assert.Equal(standardItem, upgraded.GetProperty("offerId").GetString());
        // 24 Feb of the period 15 Feb – 15 Mar: 19 of 28 days, credited at 6.00 and charged at 12.50 per seat.
        var credit = (await LedgerAsync(app, basic)).Last();
        var charge = Assert.Single(await LedgerAsync(app, target));
        Assert.Equal((Math.Round(-6m * 3 * 19 / 28, 2, MidpointRounding.AwayFromZero), Math.Round(12.5m * 3 * 19 / 28, 2, MidpointRounding.AwayFromZero)), (credit.TotalAmount, charge.TotalAmount));

        await (await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions", Http.JsonBody(Move(2, target)), Ct)).AssertOkAsync();
        Assert.Equal(5, (await GetAsync(client, contoso, target)).GetProperty("quantity").GetInt32());
        // An existing target keeps to its SKU's maximum of 300 seats: 299 + 2 is refused.
        await InDbAsync(app, d => d.Subscriptions.Where(s => s.Id == Guid.Parse(target)).ExecuteUpdateAsync(u => u.SetProperty(s => s.Quantity, 299), Ct));
        var over = await (await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions", Http.JsonBody(Move(2, target)), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 2002);
        Assert.Equal("NCE-11", over.GetProperty("ruleId").GetString());
        await InDbAsync(app, d => d.Subscriptions.Where(s => s.Id == Guid.Parse(target)).ExecuteUpdateAsync(u => u.SetProperty(s => s.Quantity, 5), Ct));
        await (await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions", Http.JsonBody(Move(2, basic)), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 900259);
        await (await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions", Http.JsonBody(Move(6)), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 2002);
        var e5 = await CatalogItemAsync(client, contoso, "CFQ7TTC0LFLZ", "0002");
        var notEligible = await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions", Http.JsonBody(new { toCatalogItemId = e5, quantity = 1, transitionType = "transition_only" }), Ct);
        Assert.Equal("NCE-11", (await notEligible.AssertErrorAsync(HttpStatusCode.BadRequest, 950074)).GetProperty("ruleId").GetString());

        var full = await (await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions", Http.JsonBody(Move(5)), Ct)).AssertOkAsync();
        Assert.Equal(basic, full.GetProperty("toSubscriptionId").GetString()); // a full upgrade keeps the subscription
        Assert.Equal(standardItem, (await GetAsync(client, contoso, basic)).GetProperty("offerId").GetString());
        var history = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{basic}/transitions", Ct)).AssertOkAsync();
        Assert.Equal(3, history.GetProperty("totalCount").GetInt32());

        await (await PatchAsync(client, contoso, target, new { status = "suspended" })).AssertOkAsync();
        var fromSuspended = await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{target}/transitions",
            Http.JsonBody(new { toCatalogItemId = await CatalogItemAsync(client, contoso, "CFQ7TTC0LCHC", "0002"), quantity = 1, transitionType = "transition_only" }), Ct);
        await fromSuspended.AssertErrorAsync(HttpStatusCode.BadRequest, 950073);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ConcurrentCancellations_RefundOnce_AndConcurrentSeatChanges_LoseNoUpdate(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var item = await CatalogItemAsync(client, contoso, "CFQ7TTC0LF8R");
        var cancelled = await BuyAsync(client, contoso, item, 10, "P1Y", "annual");
        var grown = await BuyAsync(client, contoso, item, 10, "P1Y", "annual");
        await AdvanceAsync(client, new { by = "PT1H" });

        var cancels = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PatchAsync(client, contoso, cancelled, new { status = "deleted" })));
        Assert.Contains(cancels, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(cancels, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Single(await LedgerAsync(app, cancelled), l => l.Kind == LedgerEntryKind.Credit);
        Assert.Equal(0m, (await LedgerAsync(app, cancelled)).Sum(l => l.TotalAmount));

        // Four clients each add one seat, retrying when told the subscription is busy: all four seats arrive.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var current = await GetAsync(client, contoso, grown);
                var response = await PatchAsync(client, contoso, grown, new { quantity = current.GetProperty("quantity").GetInt32() + 1 },
                    ifMatch: current.GetProperty("attributes").GetProperty("etag").GetString());
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, response.StatusCode.ToString());
            }

            Assert.Fail("no attempt went through");
        }));
        Assert.Equal(14, (await GetAsync(client, contoso, grown)).GetProperty("quantity").GetInt32());
        Assert.Equal(4, (await LedgerAsync(app, grown)).Count(l => l.Kind != LedgerEntryKind.Charge || l.Quantity == 1));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task LegacyUpgrade_MovesEveryLicenseToANewSubscriptionOfTheTargetOffer_AndALegacySubscriptionIsNotCancelled_SUB5(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        const string e1 = "91FD106F-4B2C-4938-95AC-F54F74E9A239", e3 = "796B6B5F-613C-4E24-A17C-EBA730D49C02";
        var source = await BuyAsync(client, contoso, e1, 12, "P1Y", "monthly");
        await (await PatchAsync(client, contoso, source, new { status = "deleted" })).AssertErrorAsync(HttpStatusCode.BadRequest, 800096);

        var upgrades = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{source}/upgrades", Ct)).AssertOkAsync();
        var upgrade = Assert.Single(upgrades.GetProperty("items").EnumerateArray());
        Assert.Equal(e3, upgrade.GetProperty("targetOffer").GetProperty("id").GetString());
        Assert.True(upgrade.GetProperty("isEligible").GetBoolean());

        var result = await (await client.PostAsync($"/v1/customers/{contoso}/subscriptions/{source}/upgrades",
            Http.JsonBody(new { TargetOffer = new { Id = e3 }, UpgradeType = 1 }), Ct)).AssertOkAsync(); // as the SDK sends it
        var target = result.GetProperty("targetSubscriptionId").GetString()!;
        var upgraded = await GetAsync(client, contoso, target);
        Assert.Equal((e3, 12), (upgraded.GetProperty("offerId").GetString(), upgraded.GetProperty("quantity").GetInt32()));
        Assert.Equal("deleted", (await GetAsync(client, contoso, source)).GetProperty("status").GetString());

        var basic = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18"), 1, "P1M", "monthly");
        var notLegacy = await (await client.GetAsync($"/v1/customers/{contoso}/subscriptions/{basic}/upgrades", Ct)).AssertOkAsync();
        Assert.All(notLegacy.GetProperty("items").EnumerateArray(), u => Assert.False(u.GetProperty("isEligible").GetBoolean()));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AnAddOnOnAMonthlyTerm_RenewsWithItsAnnualBase_AndEndsWithIt_ADD6(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(client, "Contoso");
        var basic = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0LH18"), 5, "P1Y", "monthly");
        var phone = await BuyAsync(client, contoso, await CatalogItemAsync(client, contoso, "CFQ7TTC0PHN1"), 5, "P1M", "monthly", basic);

        await AdvanceAsync(client, new { to = "2027-03-20T00:00:00Z" });
        var renewedBase = await GetAsync(client, contoso, basic);
        var renewedPhone = await GetAsync(client, contoso, phone);
        Assert.Equal("active", renewedPhone.GetProperty("status").GetString());
        Assert.Equal("2028-01-14T00:00:00Z", renewedBase.GetProperty("commitmentEndDate").GetString());
        Assert.Equal(renewedBase.GetProperty("commitmentEndDate").GetString(), renewedPhone.GetProperty("commitmentEndDate").GetString());
        Assert.Equal(15, (await LedgerAsync(app, phone)).Count); // Jan 2026 … Mar 2027, one a month
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ATrialConvertedByATransition_StartsItsPaidTermNow_AndIsChargedNow_NCE8(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var koala = await CustomerIdAsync(client, "Koala");
        var trial = await BuyAsync(client, koala, await CatalogItemAsync(client, koala, "CFQ7TTC0LCHC", "0001"), 10, "P1M", "monthly");
        await AdvanceAsync(client, new { by = "P10D" });
        var paid = await CatalogItemAsync(client, koala, "CFQ7TTC0LCHC", "0002");
        await (await client.PostAsync($"/v1/customers/{koala}/subscriptions/{trial}/transitions", Http.JsonBody(new { toCatalogItemId = paid, quantity = 4, transitionType = "transition_only" }), Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 2002); // a trial converts whole
        await (await client.PostAsync($"/v1/customers/{koala}/subscriptions/{trial}/transitions", Http.JsonBody(new { toCatalogItemId = paid, quantity = 10, transitionType = "transition_only" }), Ct)).AssertOkAsync();

        var converted = await GetAsync(client, koala, trial);
        Assert.False(converted.GetProperty("isTrial").GetBoolean());
        Assert.Equal("2026-01-25T00:00:00Z", converted.GetProperty("effectiveStartDate").GetString());
        Assert.Equal("2026-02-24T00:00:00Z", converted.GetProperty("commitmentEndDate").GetString());
        var charge = Assert.Single(await LedgerAsync(app, trial));
        Assert.Equal(10, charge.Quantity);
        Assert.True(charge.TotalAmount > 0);
    }
}
