using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Demo;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Tests.Infrastructure;

namespace OpenCsp.Core.Tests.Billing;

/// <summary>A billing run is safe to kill and to run again (BILL-1): one transaction per invoice, nothing lost, nothing twice.</summary>
public sealed class BillingRunTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>March's purchases of two partners in two currencies (three invoices), and the clock moved past March.</summary>
    private static async Task<CoreHost> MarchAsync()
    {
        var host = await CoreHost.StartAsync(seedDemo: true);
        var direct = new Caller(SeedDemoData.DirectPartnerId, PartnerKind.DirectBill, Role.AdminAgent, "test");
        var other = new Caller(SeedDemoData.OtherPartnerId, PartnerKind.DirectBill, Role.AdminAgent, "test");
        foreach (var (caller, customer, licenses) in new[] { (direct, "Contoso Ltd", 4), (direct, "Koala Outdoor Supplies", 3), (other, "Litware Inc", 7) })
        {
            var (customerId, item) = await host.RunAsync<OpenCspDbContext, (Guid, string)>(async db =>
            {
                var c = await db.Customers.SingleAsync(x => x.CompanyName == customer, Ct);
                var a = await db.Availabilities.SingleAsync(x => x.ProductId == "CFQ7TTC0LH18" && x.SkuId == "0001" && x.Country == c.BillingProfile.Address.Country, Ct);
                return (c.Id, a.CatalogItemId);
            });
            var order = await host.RunAsync<PlaceOrder, Result<Order>>(p =>
                p.RunAsync(caller, customerId, [new OrderLineInput(1, item, licenses, BillingCycle.Monthly, "P1M")], Ct));
            Assert.True(order.IsSuccess, order.Refusal?.ToString());
        }

        host.RealClock.Advance(TimeSpan.FromDays(1));
        return host;
    }

    private static Task<List<(Guid, string, decimal, decimal, decimal, int, int)>> InvoicesAsync(CoreHost host) =>
        host.RunAsync<OpenCspDbContext, List<(Guid, string, decimal, decimal, decimal, int, int)>>(async db =>
        {
            var invoices = await db.Invoices.AsNoTracking().ToListAsync(Ct);
            var stamped = await db.Ledger.AsNoTracking().Where(l => l.InvoiceId != null).GroupBy(l => l.InvoiceId!).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
            Assert.False(await db.Ledger.AnyAsync(l => l.InvoiceId == null, Ct), "every March line is on an invoice");
            return invoices.Select(i => (i.PartnerId, i.Currency, i.Subtotal, i.Tax, i.Total, i.LineCount, stamped[i.Id]))
                .OrderBy(i => i.PartnerId).ThenBy(i => i.Currency).ToList();
        });

    [Fact]
    public async Task BILL1_ARunKilledAfterItsFirstInvoice_AndRunAgain_EndsWhereAnUninterruptedRunEnds()
    {
        await using var whole = await MarchAsync();
        var uninterrupted = await whole.RunAsync<RunBilling, Result<BillingRunResult>>(r => r.RunAsync(BillingPeriod.Of(2026, 3, 1), null, false, null, Ct));
        Assert.Equal(3, uninterrupted.Value.Invoices.Count);

        await using var killed = await MarchAsync();
        using var kill = new CancellationTokenSource();
        // The second invoice's turn: the first is committed, the process "dies" before the second is written.
        var halfway = new Kill(kill, at: 1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            killed.RunAsync<RunBilling, Result<BillingRunResult>>(r => r.RunAsync(BillingPeriod.Of(2026, 3, 1), null, false, halfway, kill.Token)));
        Assert.Equal(1, await killed.RunAsync<OpenCspDbContext, int>(db => db.Invoices.CountAsync(Ct)));

        var restarted = await killed.RunAsync<RunBilling, Result<BillingRunResult>>(r => r.RunAsync(BillingPeriod.Of(2026, 3, 1), null, false, null, Ct));
        Assert.Equal((3, 1), (restarted.Value.Invoices.Count, restarted.Value.AlreadyClosed));
        var expected = await InvoicesAsync(whole);
        Assert.Equal(expected, await InvoicesAsync(killed));
        Assert.All(expected, i => Assert.Equal(i.Item6, i.Item7)); // each invoice's count is the lines it carries
    }

    private sealed class Kill(CancellationTokenSource source, int at) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            if (value.Done == at)
                source.Cancel();
        }
    }
}
