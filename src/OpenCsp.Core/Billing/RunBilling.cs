using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Billing;

/// <summary>What a billing run did (or, previewed, would do): the period's invoices, and how many were already there.</summary>
public sealed record BillingRunResult(BillingPeriod Period, IReadOnlyList<Invoice> Invoices, int AlreadyClosed, bool Preview);

/// <summary>
/// Closes a billing period (BILL-1, BILL-2): per partner and currency, one invoice carrying every ledger line posted
/// before the period's end that no invoice carries yet — so a line that arrives after a run lands on the next one and
/// none is lost or billed twice. Each invoice is written in its own transaction by set-based statements (the lines are
/// stamped, then summed in the database), so a run never loads the ledger into memory, a crash leaves either no
/// invoice for a partner or a complete one, and running the period again returns the invoices it already has. On
/// PostgreSQL, <c>Billing:Parallelism</c> invoices (by default one per core) are written side by side: stamping a
/// partner's lines is one statement, which PostgreSQL runs on one core.
/// </summary>
public sealed class RunBilling(OpenCspDbContext db, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration)
{
    public int AnchorDay => Math.Clamp(configuration.GetValue("Billing:AnchorDay", 1), 1, 28);

    public BillingPeriod? ParsePeriod(string? text) => BillingPeriod.Parse(text, AnchorDay);

    public async Task<Result<BillingRunResult>> RunAsync(BillingPeriod period, Guid? partnerId, bool preview, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (period.End > now)
            return Refusal.Of(ErrorCodes.BillingPeriodNotEnded, period.Name, Iso.Format(period.End)) with { PossibleFrom = period.End };
        if (await db.Ledger.AnyAsync(l => l.InvoiceId == null && l.PostedAt < period.End && l.SubscriptionId == null && l.OrderId == null, ct))
            return Refusal.Of(ErrorCodes.LedgerLineWithoutSubscription);

        // What is still to invoice, per partner and currency: a small aggregate, whatever the ledger's size.
        var pending = db.Ledger.Where(l => l.InvoiceId == null && l.PostedAt < period.End);
        if (partnerId is { } only)
            pending = pending.Where(l => l.PartnerId == only);
        var groups = await pending.GroupBy(l => new { l.PartnerId, l.Currency })
            .Select(g => new { g.Key.PartnerId, g.Key.Currency, Subtotal = g.Sum(l => l.NetAmount), Tax = g.Sum(l => l.TaxAmount), Total = g.Sum(l => l.TotalAmount), Count = g.Count() })
            .ToListAsync(ct);
        var existing = await db.Invoices.AsNoTracking()
            .Where(i => i.PeriodStart == period.Start && (partnerId == null || i.PartnerId == partnerId)).ToListAsync(ct);

        var toWrite = groups
            .Where(g => !existing.Any(i => i.PartnerId == g.PartnerId && i.Currency == g.Currency)) // closed already: these lines arrived later and go to the next period
            .Select(g => new Invoice
            {
                Id = NewId(period),
                PartnerId = g.PartnerId,
                PeriodStart = period.Start,
                PeriodEnd = period.End,
                Currency = g.Currency,
                CreatedAt = now,
                Subtotal = g.Subtotal,
                Tax = g.Tax,
                Total = g.Total,
                LineCount = g.Count,
            }).ToList();
        var invoices = new List<Invoice>();
        var done = 0;
        progress?.Report((0, groups.Count));
        if (preview)
            invoices.AddRange(toWrite);
        else
        {
            var parallelism = db.Database.IsNpgsql() ? Math.Max(1, configuration.GetValue("Billing:Parallelism", Environment.ProcessorCount)) : 1;
            await Parallel.ForEachAsync(toWrite, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (invoice, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var written = await WriteAsync(scope.ServiceProvider.GetRequiredService<OpenCspDbContext>(), invoice, token);
                lock (invoices)
                {
                    if (written) // else a run beside this one wrote it first
                        invoices.Add(invoice);
                    progress?.Report((++done + groups.Count - toWrite.Count, groups.Count));
                }
            });
        }

        progress?.Report((groups.Count, groups.Count));
        return new BillingRunResult(period, [.. existing, .. invoices.Where(i => i.LineCount > 0).OrderBy(i => i.PartnerId).ThenBy(i => i.Currency, StringComparer.Ordinal)], existing.Count, preview);
    }

    /// <summary>
    /// The billing run due at each period end (BILL-1): every ended period that still has lines to invoice, oldest
    /// first, so each month's lines land on that month's invoice. Safe to run any time and from several places (the
    /// worker, the test clock, the CLI): a closed period is not closed again. <c>Billing:CloseAtPeriodEnd=false</c>
    /// leaves closing to <c>opencsp billing run</c> and POST /v1/billingruns.
    /// </summary>
    public async Task<IReadOnlyList<BillingRunResult>> CloseEndedPeriodsAsync(CancellationToken ct)
    {
        if (!configuration.GetValue("Billing:CloseAtPeriodEnd", true))
            return [];
        var open = BillingPeriod.Containing(clock.GetUtcNow(), AnchorDay);
        var oldest = await db.Ledger.Where(l => l.InvoiceId == null && l.PostedAt < open.Start)
            .OrderBy(l => l.PostedAt).Select(l => (DateTimeOffset?)l.PostedAt).FirstOrDefaultAsync(ct);
        var runs = new List<BillingRunResult>();
        for (var period = oldest is { } first ? BillingPeriod.Containing(first, AnchorDay) : open; period.End <= open.Start; period = period.Next)
        {
            var run = await RunAsync(period, null, preview: false, null, ct);
            if (!run.IsSuccess)
                break; // e.g. a line without a subscription: the run says so when asked, and nothing is half-closed
            runs.Add(run.Value);
        }

        return runs;
    }

    /// <summary>One invoice in one transaction: the row, then its lines stamped and summed by the database.</summary>
    private static async Task<bool> WriteAsync(OpenCspDbContext db, Invoice invoice, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Invoices.Add(invoice);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique (partner, period, currency) index: another run closed this one first.
            return false;
        }

        var (partner, currency, end, id) = (invoice.PartnerId, invoice.Currency, invoice.PeriodEnd, invoice.Id);
        invoice.LineCount = await db.Ledger
            .Where(l => l.PartnerId == partner && l.Currency == currency && l.InvoiceId == null && l.PostedAt < end)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.InvoiceId, id), ct);
        var sums = await db.Ledger.Where(l => l.InvoiceId == id)
            .GroupBy(l => 1).Select(g => new { Subtotal = g.Sum(l => l.NetAmount), Tax = g.Sum(l => l.TaxAmount), Total = g.Sum(l => l.TotalAmount) })
            .SingleOrDefaultAsync(ct);
        (invoice.Subtotal, invoice.Tax, invoice.Total) = (sums?.Subtotal ?? 0, sums?.Tax ?? 0, sums?.Total ?? 0);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Partner Center's invoice numbers are a letter and digits, e.g. G000024135.</summary>
    private static string NewId(BillingPeriod period) =>
        string.Create(CultureInfo.InvariantCulture, $"OC{period.Start:yyMM}{System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 100_000_000):D8}");
}
