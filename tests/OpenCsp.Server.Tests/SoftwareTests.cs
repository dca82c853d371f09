using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Billing;
using OpenCsp.Server.Tests.Infrastructure;
using static OpenCsp.Server.Tests.Infrastructure.Shop;

namespace OpenCsp.Server.Tests;

/// <summary>Seed 002 through the API: buy software, get keys and downloads, download, cancel by order, with the activity log.</summary>
public sealed class SoftwareTests : ApiTests
{
    private const string WindowsServer = "DG7GMGF0D5RK";
    private const string SqlServer = "DG7GMGF0FKZV";

    private static async Task<JsonElement> AdvanceAsync(HttpClient client, object body) =>
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(body), Ct)).AssertOkAsync();

    private static Task<HttpResponseMessage> KeysAsync(HttpClient client, string customer, string purchase, object? choice = null) =>
        client.PostAsync($"/v1/customers/{customer}/software/{purchase}/keysanddownloads", Http.JsonBody(choice ?? new { }), Ct);

    private static readonly object English = new { version = "Windows Server 2022", language = "en-US", fileType = "ISO (64-bit)" };

    private static Task<HttpResponseMessage> CancelAsync(HttpClient client, string customer, string order, string? query = null) =>
        client.PatchAsync($"/v1/customers/{customer}/orders/{order}{query}", Http.JsonBody(new { status = "cancelled" }), Ct);

    private static async Task<JsonElement> PurchaseAsync(HttpClient client, string customer, string purchase) =>
        await (await client.GetAsync($"/v1/customers/{customer}/software/{purchase}", Ct)).AssertOkAsync();

    private static Task<List<LedgerEntry>> LedgerAsync(OpenCspApp app, string subscription) =>
        InDbAsync(app, d => d.Ledger.AsNoTracking().Where(l => l.SubscriptionId == Guid.Parse(subscription)).ToListAsync(Ct));

    [Theory, MemberData(nameof(Databases))]
    public async Task BuyWindowsServer_GetKeysAndALink_Download_Cancel_TheLinkIsBlocked_AndTheActivityLogShowsIt_SW1_SW2_SW3_SW4_SW5_SW7_SW10_SW11_SW12_SW13(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var admin = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(admin, "Contoso");
        // SW-1: server software is sold on behalf of commercial customers; the German school (education) cannot buy it.
        var school = await CustomerIdAsync(admin, "Gymnasium");
        var forSchool = await CartAsync(admin, school, Line(await CatalogItemAsync(admin, school, WindowsServer), 1, "", "one_time"));
        Assert.Equal(400030, forSchool.GetProperty("lineItems")[0].GetProperty("error").GetProperty("additionalInformation").GetProperty("code").GetInt32());
        var purchase = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, WindowsServer), 2, "", "one_time");

        // SW-3: the Software page lists it with its order, the files to choose from and the days left to cancel.
        var list = await (await admin.GetAsync($"/v1/customers/{contoso}/software", Ct)).AssertOkAsync();
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == purchase);
        var order = listed.GetProperty("orderId").GetString()!;
        Assert.Equal(("active", "perpetual", 60), (listed.GetProperty("status").GetString(), listed.GetProperty("kind").GetString(),
            listed.GetProperty("cancellation").GetProperty("daysLeft").GetInt32()));
        Assert.Contains(listed.GetProperty("downloads").EnumerateArray(), d => d.GetProperty("language").GetString() == "de-DE");
        Assert.False(listed.TryGetProperty("activationKey", out _)); // no key asked for yet

        // SW-4: a sales agent is refused, and the attempt is logged.
        var sales = await app.ClientForAsync("demo-sales-agent");
        await (await KeysAsync(sales, contoso, purchase, English)).AssertErrorAsync(HttpStatusCode.Forbidden, 900308);

        // SW-5: keys and a link for the chosen version, language and file type.
        var keys = await (await KeysAsync(admin, contoso, purchase, English)).AssertOkAsync();
        var key = Assert.Single(keys.GetProperty("keys").EnumerateArray()).GetString()!;
        Assert.Matches("^([A-Z0-9]{5}-){4}[A-Z0-9]{5}$", key);
        var link = keys.GetProperty("downloadLink");
        Assert.Equal(50, link.GetProperty("downloadsLeft").GetInt32());
        Assert.Equal(OpenCspApp.Start.AddDays(14), link.GetProperty("expiresAt").GetDateTimeOffset());
        // The key is stored encrypted and listed masked.
        var stored = await InDbAsync(app, d => d.SoftwareKeys.AsNoTracking().SingleAsync(k => k.SubscriptionId == Guid.Parse(purchase), Ct));
        Assert.DoesNotContain(key, stored.Protected, StringComparison.Ordinal);
        Assert.Equal($"XXXXX-XXXXX-XXXXX-XXXXX-{key[^5..]}", (await PurchaseAsync(admin, contoso, purchase)).GetProperty("activationKey").GetString());
        // Asking again gives the same key.
        Assert.Equal(key, (await (await KeysAsync(admin, contoso, purchase)).AssertOkAsync()).GetProperty("keys")[0].GetString());

        // The link works without signing in; the file is what the link says.
        using var anonymous = app.CreateClient();
        var download = await anonymous.GetAsync(link.GetProperty("uri").GetString(), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(link.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(link.GetProperty("fileName").GetString(), download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        // SW-2: bought from the customer's page as an order, and paid: the order is in its history and charged.
        var history = await (await admin.GetAsync($"/v1/customers/{contoso}/orders", Ct)).AssertOkAsync();
        Assert.Contains(history.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == order);
        // The history by billing cycle, as the SDK's Orders.ByBillingCycleType asks.
        var oneTime = (await (await admin.GetAsync($"/v1/customers/{contoso}/orders?billingType=one_time", Ct)).AssertOkAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(oneTime, o => o.GetProperty("id").GetString() == order);
        Assert.All(oneTime, o => Assert.Equal("one_time", o.GetProperty("billingCycle").GetString()));
        var monthly = (await (await admin.GetAsync($"/v1/customers/{contoso}/orders?billingType=Monthly", Ct)).AssertOkAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(monthly, o => o.GetProperty("id").GetString() == order);
        await (await admin.GetAsync($"/v1/customers/{contoso}/orders?billingType=weekly", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 900126);
        foreach (var sdkOnly in new[] { "biennial", "none" }) // the SDK's cycles no OpenCsp order has: none, rather than all or a 400
            Assert.Equal(0, (await (await admin.GetAsync($"/v1/customers/{contoso}/orders?billingType={sdkOnly}", Ct)).AssertOkAsync()).GetProperty("totalCount").GetInt32());
        Assert.Equal(history.GetProperty("totalCount").GetInt32(),
            (await (await admin.GetAsync($"/v1/customers/{contoso}/orders?billingType=unknown", Ct)).AssertOkAsync()).GetProperty("totalCount").GetInt32());
        Assert.Equal(2 * 1069.00m, (await LedgerAsync(app, purchase)).Single(l => l.Kind == LedgerEntryKind.Charge).NetAmount);

        // SW-11: the cancellation names the customer (tenant id) and the order id; the dialog shows the product. An order id
        // under another customer is not found.
        var dialog = (await (await admin.GetAsync($"/v1/customers/{contoso}/orders/{order}/cancellation", Ct)).AssertOkAsync()).GetProperty("lineItems")[0];
        Assert.Equal(("Windows Server 2022 Standard - 16 Core License Pack", 60), (dialog.GetProperty("productName").GetString(), dialog.GetProperty("daysLeft").GetInt32()));
        await (await CancelAsync(admin, school, order)).AssertErrorAsync(HttpStatusCode.NotFound, 20000);

        // SW-10/12: cancelled by order, confirmed at once, pending until applied.
        await (await CancelAsync(sales, contoso, order)).AssertErrorAsync(HttpStatusCode.Forbidden, 900308);
        var cancelled = await (await CancelAsync(admin, contoso, order)).AssertOkAsync();
        Assert.Equal(("cancelled", 0), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("lineItems")[0].GetProperty("quantity").GetInt32()));
        await (await CancelAsync(admin, contoso, order)).AssertErrorAsync(HttpStatusCode.Conflict, 950090);
        var pending = await PurchaseAsync(admin, contoso, purchase);
        Assert.Equal("cancellation_pending", pending.GetProperty("status").GetString());
        Assert.False(pending.TryGetProperty("activationKey", out _)); // SW-13: no key any more
        await (await anonymous.GetAsync(link.GetProperty("uri").GetString(), Ct)).AssertErrorAsync(HttpStatusCode.Gone, 950100);
        // A link issued as the cancellation committed, so not among those it revoked, serves nothing either: the download
        // asks the purchase itself.
        var revokedAt = await InDbAsync(app, d => d.DownloadLinks.AsNoTracking().Select(l => l.RevokedAt).SingleAsync(Ct));
        await InDbAsync(app, d => d.DownloadLinks.ExecuteUpdateAsync(u => u.SetProperty(l => l.RevokedAt, (DateTimeOffset?)null), Ct));
        await (await anonymous.GetAsync(link.GetProperty("uri").GetString(), Ct)).AssertErrorAsync(HttpStatusCode.Gone, 950100);
        await InDbAsync(app, d => d.DownloadLinks.ExecuteUpdateAsync(u => u.SetProperty(l => l.RevokedAt, revokedAt), Ct));
        await (await KeysAsync(admin, contoso, purchase, English)).AssertErrorAsync(HttpStatusCode.Conflict, 950096);
        Assert.DoesNotContain(await LedgerAsync(app, purchase), l => l.Kind == LedgerEntryKind.Credit);

        await AdvanceAsync(admin, new { by = "PT14M" });
        Assert.Equal("cancellation_pending", (await PurchaseAsync(admin, contoso, purchase)).GetProperty("status").GetString());
        await AdvanceAsync(admin, new { by = "PT1M" });
        Assert.Equal("cancelled", (await PurchaseAsync(admin, contoso, purchase)).GetProperty("status").GetString());
        // SW-13: perpetual software is credited in full.
        var ledger = await LedgerAsync(app, purchase);
        Assert.Equal(ledger.Where(l => l.Kind != LedgerEntryKind.Credit).Sum(l => l.TotalAmount), -ledger.Single(l => l.Kind == LedgerEntryKind.Credit).TotalAmount);
        Assert.Equal(2 * 1069.00m, ledger.Single(l => l.Kind == LedgerEntryKind.Charge).NetAmount);

        // SW-7: key access, the refused attempt, the link, the download and the cancellation are in the activity log.
        var global = await app.ClientForAsync("demo-global-admin");
        var records = (await (await global.GetAsync($"/v1/auditrecords?filter={Uri.EscapeDataString($$"""{"Field":"CustomerId","Value":"{{contoso}}","Operator":"equals"}""")}", Ct)).AssertOkAsync())
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(records, r => r.GetProperty("operationType").GetString() == "get_software_key" && r.GetProperty("userPrincipalName").GetString() == "demo-sales-agent"
                                      && r.GetProperty("operationStatus").GetString() == "failed");
        // Twice with the key; once refused after the cancellation.
        var adminKeys = records.Where(r => r.GetProperty("operationType").GetString() == "get_software_key" && r.GetProperty("userPrincipalName").GetString() == "demo-admin-agent").ToList();
        Assert.Equal(["failed", "succeeded", "succeeded"], adminKeys.Select(r => r.GetProperty("operationStatus").GetString()).Order());
        Assert.Single(records, r => r.GetProperty("operationType").GetString() == "get_software_download_link");
        Assert.Single(records, r => r.GetProperty("operationType").GetString() == "download_software");
        Assert.Single(records, r => r.GetProperty("operationType").GetString() == "update_order" && r.GetProperty("resourceId").GetString() == order);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ALink_ServesFiftyDownloads_ExpiresAfterTwoWeeks_AndIsReArmedByAskingAgain_TamperedTokensGetNothing_SW6(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var admin = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(admin, "Contoso");
        var purchase = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, WindowsServer), 1, "", "one_time");
        var uri = (await (await KeysAsync(admin, contoso, purchase, English)).AssertOkAsync()).GetProperty("downloadLink").GetProperty("uri").GetString()!;
        using var anonymous = app.CreateClient();

        for (var i = 1; i <= 50; i++)
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(uri, Ct)).StatusCode);
        await (await anonymous.GetAsync(uri, Ct)).AssertErrorAsync(HttpStatusCode.Gone, 950099);

        // Re-armed: the same link works again, for another 50 downloads and two weeks.
        var again = (await (await KeysAsync(admin, contoso, purchase, English)).AssertOkAsync()).GetProperty("downloadLink");
        Assert.Equal(50, again.GetProperty("downloadsLeft").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(uri, Ct)).StatusCode);

        await AdvanceAsync(admin, new { by = "P13DT23H" });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(uri, Ct)).StatusCode);
        await AdvanceAsync(admin, new { by = "PT1H" });
        await (await anonymous.GetAsync(uri, Ct)).AssertErrorAsync(HttpStatusCode.Gone, 950098);
        await (await KeysAsync(admin, contoso, purchase, English)).AssertOkAsync();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(uri, Ct)).StatusCode);

        // A forged or altered token is refused without a file.
        var token = uri[(uri.LastIndexOf('/') + 1)..];
        var altered = token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];
        await (await anonymous.GetAsync($"/downloads/{altered}", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 950097);
        await (await anonymous.GetAsync("/downloads/not-a-token", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 950097);

        // An unknown file is a clear 400; half a choice too.
        await (await KeysAsync(admin, contoso, purchase, new { version = "Windows Server 2008", language = "en-US", fileType = "ISO (64-bit)" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 950095);
        await (await KeysAsync(admin, contoso, purchase, new { version = "Windows Server 2022" })).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);

        // The deadline feed shows the link's expiry.
        var deadlines = await (await admin.GetAsync($"/v1/deadlines?within=P15D&customerId={contoso}", Ct)).AssertOkAsync();
        Assert.Contains(deadlines.GetProperty("items").EnumerateArray(), d => d.GetProperty("kind").GetString() == "download_link_expires");
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Cancellation_IsRefusedAfterTheWindow_ForSupportOnlyAndNonCancellableProducts_AndCreditsASubscriptionProrated_SW8_SW9_SW13(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var admin = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(admin, "Contoso");
        var sql = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, SqlServer), 4, "P1Y", "annual");
        var esu = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, "DG7GMGF0F4MH"), 10, "", "one_time");
        var suse = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, "DG7GMGF0SLES"), 1, "P1Y", "annual");
        var windows = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, WindowsServer), 1, "", "one_time");
        var nce = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, "CFQ7TTC0LH18"), 1, "P1M", "monthly");
        async Task<string> OrderOf(string purchase) =>
            (await (await admin.GetAsync($"/v1/customers/{contoso}/subscriptions/{purchase}", Ct)).AssertOkAsync()).GetProperty("orderId").GetString()!;
        // SW-13 as the subscription shows it: perpetual software comes back in full, a software subscription prorated.
        async Task<string[]> RefundTypes(string purchase) => [.. (await (await admin.GetAsync($"/v1/customers/{contoso}/subscriptions/{purchase}", Ct)).AssertOkAsync())
            .GetProperty("refundOptions").EnumerateArray().Select(o => o.GetProperty("type").GetString()!)];
        Assert.Equal(["Full"], await RefundTypes(windows));
        Assert.Equal(["Partial"], await RefundTypes(sql));

        // SW-9: the dialog says why, and points to a support request for Windows 7 ESU.
        var esuCheck = await (await admin.GetAsync($"/v1/customers/{contoso}/orders/{await OrderOf(esu)}/cancellation", Ct)).AssertOkAsync();
        var esuLine = esuCheck.GetProperty("lineItems")[0];
        Assert.False(esuLine.GetProperty("cancellable").GetBoolean());
        Assert.Equal(950091, esuLine.GetProperty("reason").GetProperty("code").GetInt32());
        Assert.Equal("/servicerequests/supporttopics", esuLine.GetProperty("supportRequest").GetProperty("uri").GetString());
        await (await CancelAsync(admin, contoso, await OrderOf(esu))).AssertErrorAsync(HttpStatusCode.BadRequest, 950091);
        await (await CancelAsync(admin, contoso, await OrderOf(suse))).AssertErrorAsync(HttpStatusCode.BadRequest, 950092);
        // SW-1: an Azure reservation is on the Software page too, without keys, and is returned by support request.
        var reservation = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, "DZH318Z0BQ35"), 2, "P1Y", "one_time");
        var listed = (await (await admin.GetAsync($"/v1/customers/{contoso}/software", Ct)).AssertOkAsync()).GetProperty("items")
            .EnumerateArray().Single(p => p.GetProperty("id").GetString() == reservation);
        Assert.Equal("reservation", listed.GetProperty("kind").GetString());
        Assert.False(listed.GetProperty("hasKeys").GetBoolean());
        Assert.Equal(950091, listed.GetProperty("cancellation").GetProperty("reason").GetProperty("code").GetInt32());
        await (await KeysAsync(admin, contoso, reservation)).AssertErrorAsync(HttpStatusCode.BadRequest, 950094);
        await (await CancelAsync(admin, contoso, await OrderOf(reservation))).AssertErrorAsync(HttpStatusCode.BadRequest, 950091);
        // Only software is cancelled by order; an NCE license is cancelled on its subscription.
        await (await CancelAsync(admin, contoso, await OrderOf(nce))).AssertErrorAsync(HttpStatusCode.Forbidden, 800019);

        // SW-8: day 59 is inside the 60 days, day 61 is not (preview changes nothing).
        await AdvanceAsync(admin, new { by = "P59D" });
        var preview = await (await CancelAsync(admin, contoso, await OrderOf(windows), "?preview=true")).AssertOkAsync();
        Assert.Equal(-1069.00m, preview.GetProperty("credits")[0].GetProperty("netAmount").GetDecimal());
        Assert.Equal("active", (await PurchaseAsync(admin, contoso, windows)).GetProperty("status").GetString());
        await AdvanceAsync(admin, new { by = "P2D" });
        var late = await (await CancelAsync(admin, contoso, await OrderOf(windows))).AssertErrorAsync(HttpStatusCode.BadRequest, 900117);
        Assert.Equal("SW-8", late.GetProperty("ruleId").GetString());
        Assert.Equal(OpenCspApp.Start.AddDays(60), late.GetProperty("possibleUntil").GetDateTimeOffset());
        var windowsCheck = await (await admin.GetAsync($"/v1/customers/{contoso}/orders/{await OrderOf(windows)}/cancellation", Ct)).AssertOkAsync();
        Assert.True(windowsCheck.GetProperty("lineItems")[0].TryGetProperty("supportRequest", out _));

        // The SQL Server subscription too is past its window now; a fresh one bought today is cancelled prorated.
        await (await CancelAsync(admin, contoso, await OrderOf(sql))).AssertErrorAsync(HttpStatusCode.BadRequest, 900117);
        var fresh = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, SqlServer), 4, "P1Y", "annual");
        await AdvanceAsync(admin, new { by = "P9D" });
        // Cancelled the SDK's way, by sending the whole order back: its own billing cycle or "unknown" changes nothing;
        // another cycle would be the legacy billing-cycle change, which is not offered (501, naming the path).
        var freshOrder = await OrderOf(fresh);
        var whole = JsonNode.Parse((await (await admin.GetAsync($"/v1/customers/{contoso}/orders/{freshOrder}", Ct)).AssertOkAsync()).GetRawText())!.AsObject();
        Assert.Equal("annual", whole["billingCycle"]!.GetValue<string>());
        whole["status"] = "cancelled";
        whole["billingCycle"] = "monthly";
        var notOffered = await (await admin.PatchAsync($"/v1/customers/{contoso}/orders/{freshOrder}", Http.JsonBody(whole.ToJsonString()), Ct))
            .AssertErrorAsync(HttpStatusCode.NotImplemented, 0);
        Assert.Contains($"/orders/{freshOrder}", notOffered.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("active", (await PurchaseAsync(admin, contoso, fresh)).GetProperty("status").GetString());
        whole["billingCycle"] = "unknown";
        await (await admin.PatchAsync($"/v1/customers/{contoso}/orders/{freshOrder}", Http.JsonBody(whole.ToJsonString()), Ct)).AssertOkAsync();
        await AdvanceAsync(admin, new { by = "PT15M" });
        var ledger = await LedgerAsync(app, fresh);
        var charge = ledger.Single(l => l.Kind == LedgerEntryKind.Charge);
        var credit = ledger.Single(l => l.Kind == LedgerEntryKind.Credit);
        // Bought on day 0 of a 365-day term, cancelled on day 9: days 10..364 come back (the day of the request counts as used).
        var days = (charge.PeriodEnd - charge.PeriodStart).Days;
        Assert.Equal(Math.Round(charge.NetAmount * (days - 10) / days, 2, MidpointRounding.AwayFromZero), -credit.NetAmount);
    }
}
