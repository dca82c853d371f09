using System.Globalization;
using System.Net;
using System.Text.Json;
using CsvHelper;
using OpenCsp.Server.Tests.Infrastructure;
using static OpenCsp.Server.Tests.Infrastructure.Shop;

namespace OpenCsp.Server.Tests;

/// <summary>Closing billing periods into invoices (BILL-1, BILL-2) and reading them as Partner Center's invoice API and as CSV.</summary>
public sealed class InvoiceTests : ApiTests
{
    private static async Task<JsonElement> AdvanceAsync(HttpClient client, object body) =>
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(body), Ct)).AssertOkAsync();

    private static Task<HttpResponseMessage> RunAsync(HttpClient client, string period, bool preview = false) =>
        client.PostAsync("/v1/billingruns", Http.JsonBody(new { period, preview }), Ct);

    [Theory, MemberData(nameof(Databases))]
    public async Task AClosedPeriod_HasOneInvoiceWhoseTotalIsItsLines_ReRunsChangeNothing_AndLaterCreditsGoToTheNextInvoice_BILL1_BILL2(Db db)
    {
        // Closing by hand only (opencsp billing run / POST billingruns), to see the preview before the run.
        await using var app = await OpenCspApp.StartAsync(db, new() { ["Billing:CloseAtPeriodEnd"] = "false" });
        var admin = await app.ClientForAsync("demo-admin-agent");
        var billing = await app.ClientForAsync("demo-billing-admin");
        var contoso = await CustomerIdAsync(admin, "Contoso");
        var basic = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, "CFQ7TTC0LH18"), 4, "P1M", "monthly");
        await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, "CFQ7TTC0LDPB"), 2, "P1Y", "annual");

        await (await RunAsync(billing, "2026-01")).AssertErrorAsync(HttpStatusCode.BadRequest, 950120);
        await (await RunAsync(billing, "January")).AssertErrorAsync(HttpStatusCode.BadRequest, 950122);
        await (await RunAsync(admin, "2026-01")).AssertErrorAsync(HttpStatusCode.Forbidden, 900308);
        var unbilled = await (await billing.GetAsync("/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems", Ct)).AssertOkAsync();
        var unbilledTotal = unbilled.GetProperty("items").EnumerateArray().Sum(l => l.GetProperty("totalForCustomer").GetDecimal());
        Assert.Equal(2, unbilled.GetProperty("totalCount").GetInt32());

        await AdvanceAsync(admin, new { to = "2026-02-01T00:00:00Z" });
        var preview = await (await RunAsync(billing, "2026-01", preview: true)).AssertOkAsync();
        Assert.True(preview.GetProperty("preview").GetBoolean());
        Assert.Empty((await (await billing.GetAsync("/v1/invoices", Ct)).AssertOkAsync()).GetProperty("items").EnumerateArray());

        var run = await (await RunAsync(billing, "2026-01")).AssertOkAsync();
        var invoice = Assert.Single(run.GetProperty("invoices").EnumerateArray());
        var id = invoice.GetProperty("id").GetString()!;
        Assert.Equal((unbilledTotal, "USD", "2026-01-01", "2026-01-31"), (invoice.GetProperty("totalCharges").GetDecimal(), invoice.GetProperty("currencyCode").GetString(),
            invoice.GetProperty("billingPeriodStartDate").GetDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            invoice.GetProperty("billingPeriodEndDate").GetDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        // Running the closed period again returns the same invoice and writes nothing.
        var again = await (await RunAsync(billing, "2026-01")).AssertOkAsync();
        Assert.Equal((id, 1), (Assert.Single(again.GetProperty("invoices").EnumerateArray()).GetProperty("id").GetString(), again.GetProperty("alreadyClosed").GetInt32()));
        Assert.Single((await (await billing.GetAsync("/v1/invoices", Ct)).AssertOkAsync()).GetProperty("items").EnumerateArray());

        // The lines, paged, add up to the total to the cent; the CSV has one row per line with the same amounts.
        var first = await (await billing.GetAsync($"/v1/invoices/{id}/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&size=1", Ct)).AssertOkAsync();
        Assert.Equal(2, first.GetProperty("totalCount").GetInt32());
        var next = first.GetProperty("links").GetProperty("next").GetProperty("uri").GetString()!;
        var second = await (await billing.GetAsync($"/v1{next}", Ct)).AssertOkAsync();
        var lines = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(invoice.GetProperty("totalCharges").GetDecimal(), lines.Sum(l => l.GetProperty("totalForCustomer").GetDecimal()));
        Assert.All(lines, l => Assert.Equal(id, l.GetProperty("invoiceNumber").GetString()));
        var csv = await billing.GetStringAsync($"/v1/invoices/{id}/reconciliation.csv", Ct);
        using (var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture))
        {
            var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(2, rows.Count);
            Assert.Equal(invoice.GetProperty("totalCharges").GetDecimal(), rows.Sum(r => decimal.Parse((string)r["TotalForCustomer"], CultureInfo.InvariantCulture)));
        }

        // A credit posted in February is on February's invoice, not January's (BILL-2).
        await (await admin.PatchAsync($"/v1/customers/{contoso}/subscriptions/{basic}", Http.JsonBody(new { quantity = 3 }), Ct)).AssertOkAsync();
        await AdvanceAsync(admin, new { to = "2026-03-01T00:00:00Z" });
        var february = Assert.Single((await (await RunAsync(billing, "2026-02")).AssertOkAsync()).GetProperty("invoices").EnumerateArray());
        var februaryLines = await (await billing.GetAsync($"/v1/invoices/{february.GetProperty("id").GetString()}/lineitems", Ct)).AssertOkAsync();
        Assert.Contains(februaryLines.GetProperty("items").EnumerateArray(), l => l.GetProperty("totalForCustomer").GetDecimal() < 0);
        Assert.Equal(2, (await (await billing.GetAsync($"/v1/invoices/{id}/lineitems", Ct)).AssertOkAsync()).GetProperty("totalCount").GetInt32());

        await (await billing.GetAsync("/v1/invoices/OC000000000000", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 950123);
        await (await admin.GetAsync($"/v1/invoices/{id}", Ct)).AssertErrorAsync(HttpStatusCode.Forbidden, 900308);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AdvancingAcrossTwoMonthEnds_ClosesEachPeriodOnItsOwnInvoice_AndARunAfterwardsReturnsThem_BILL1(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var admin = await app.ClientForAsync("demo-admin-agent");
        var billing = await app.ClientForAsync("demo-billing-admin");
        var contoso = await CustomerIdAsync(admin, "Contoso");
        await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, "CFQ7TTC0LH18"), 4, "P1M", "monthly");

        // BILL-1: one jump over two month ends; January's purchase is on January's invoice, February's renewal on
        // February's, each closed when its period ended, without a run by hand.
        await AdvanceAsync(admin, new { to = "2026-03-01T06:00:00Z" });
        var invoices = (await (await billing.GetAsync("/v1/invoices", Ct)).AssertOkAsync()).GetProperty("items").EnumerateArray()
            .Select(i => (Start: i.GetProperty("billingPeriodStartDate").GetDateTimeOffset().ToString("yyyy-MM", CultureInfo.InvariantCulture), Id: i.GetProperty("id").GetString()!))
            .OrderBy(i => i.Start).ToList();
        Assert.Equal(["2026-01", "2026-02"], invoices.Select(i => i.Start));
        // By index, as the SDK's Invoices.ByIndexes asks: newest first, one at a time, with the next page's link.
        var first = await (await billing.GetAsync("/v1/invoices?size=1&offset=0", Ct)).AssertOkAsync();
        Assert.Equal((2, invoices[1].Id), (first.GetProperty("totalCount").GetInt32(), first.GetProperty("items")[0].GetProperty("id").GetString()));
        var second = await (await billing.GetAsync("/v1" + first.GetProperty("links").GetProperty("next").GetProperty("uri").GetString(), Ct)).AssertOkAsync();
        Assert.Equal(invoices[0].Id, Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(second.GetProperty("links").TryGetProperty("next", out var none) && none.ValueKind != JsonValueKind.Null);
        await (await billing.GetAsync("/v1/invoices?size=0", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        foreach (var (start, id) in invoices)
        {
            var lines = await (await billing.GetAsync($"/v1/invoices/{id}/lineitems", Ct)).AssertOkAsync();
            Assert.All(lines.GetProperty("items").EnumerateArray(), l =>
                Assert.StartsWith(start, l.GetProperty("chargeStartDate").GetDateTimeOffset().ToString("yyyy-MM", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        // The run a partner asks for afterwards finds the period closed and returns its invoice.
        var again = await (await RunAsync(billing, "2026-02")).AssertOkAsync();
        Assert.Equal((invoices[1].Id, 1), (Assert.Single(again.GetProperty("invoices").EnumerateArray()).GetProperty("id").GetString(), again.GetProperty("alreadyClosed").GetInt32()));
        Assert.Equal(0, (await (await billing.GetAsync("/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems", Ct)).AssertOkAsync())
            .GetProperty("totalCount").GetInt32());
    }
}
