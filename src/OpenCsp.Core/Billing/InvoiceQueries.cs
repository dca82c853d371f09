using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Billing;

/// <summary>One invoice line as the reconciliation file and Partner Center's line items show it: the ledger line with its customer.</summary>
public sealed record InvoiceLine(LedgerEntry Entry, string CustomerName, string CustomerDomain, string CustomerCountry);

/// <summary>What one customer was billed on one invoice: a bar of the Billing page's chart.</summary>
public sealed record BilledTotal(string InvoiceId, DateTimeOffset PeriodStart, string Currency, Guid CustomerId, string CustomerName, decimal Total);

/// <summary>A partner's invoices, their lines (paged, oldest first) and the unbilled lines of the open period.</summary>
public sealed class InvoiceQueries(OpenCspDbContext db)
{
    public async Task<IReadOnlyList<Invoice>> ListAsync(Caller caller, CancellationToken ct) =>
        (await PageAsync(caller, 0, int.MaxValue, ct)).Invoices;

    /// <summary>The partner's invoices, newest first, <paramref name="size"/> from <paramref name="offset"/>, with how many there are.</summary>
    public async Task<(IReadOnlyList<Invoice> Invoices, int Total)> PageAsync(Caller caller, int offset, int size, CancellationToken ct) =>
        await db.Invoices.AsNoTracking().Where(i => i.PartnerId == caller.PartnerId)
            .OrderByDescending(i => i.PeriodStart).ThenBy(i => i.Currency).PageAsync(offset, size, ct);

    public async Task<Result<Invoice>> GetAsync(Caller caller, string id, CancellationToken ct) =>
        await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id && i.PartnerId == caller.PartnerId, ct) is { } invoice
            ? invoice
            : Refusal.Of(ErrorCodes.InvoiceNotFound, id);

    /// <summary>The totals per customer of the partner's last <paramref name="invoices"/> invoices, oldest first.</summary>
    public async Task<IReadOnlyList<BilledTotal>> BilledByCustomerAsync(Caller caller, int invoices, CancellationToken ct)
    {
        var recent = await db.Invoices.AsNoTracking().Where(i => i.PartnerId == caller.PartnerId)
            .OrderByDescending(i => i.PeriodStart).Take(invoices).ToListAsync(ct);
        var ids = recent.Select(i => i.Id).ToList();
        var totals = await db.Ledger.AsNoTracking().Where(l => l.PartnerId == caller.PartnerId && l.InvoiceId != null && ids.Contains(l.InvoiceId))
            .GroupBy(l => new { l.InvoiceId, l.CustomerId })
            .Select(g => new { g.Key.InvoiceId, g.Key.CustomerId, Total = g.Sum(l => l.TotalAmount) })
            .Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { t.InvoiceId, t.CustomerId, t.Total, c.CompanyName })
            .ToListAsync(ct);
        var byId = recent.ToDictionary(i => i.Id);
        return totals.Select(t => new BilledTotal(t.InvoiceId!, byId[t.InvoiceId!].PeriodStart, byId[t.InvoiceId!].Currency, t.CustomerId, t.CompanyName, t.Total))
            .OrderBy(t => t.PeriodStart).ThenBy(t => t.CustomerName, StringComparer.Ordinal).ToList();
    }

    /// <summary>A page of an invoice's lines; <paramref name="invoiceId"/> null means the unbilled lines.</summary>
    public async Task<(IReadOnlyList<InvoiceLine> Lines, int Total)> LinesAsync(Caller caller, string? invoiceId, int offset, int size, CancellationToken ct)
    {
        var lines = db.Ledger.AsNoTracking().Where(l => l.PartnerId == caller.PartnerId && l.InvoiceId == invoiceId);
        var total = await lines.CountAsync(ct);
        var page = await lines.OrderBy(l => l.PostedAt).ThenBy(l => l.Id).Skip(offset).Take(size)
            .Join(db.Customers, l => l.CustomerId, c => c.Id, (l, c) => new { Line = l, c.CompanyName, c.Domain, c.BillingProfile.Address.Country })
            .ToListAsync(ct);
        return (page.Select(x => new InvoiceLine(x.Line, x.CompanyName, x.Domain, x.Country)).ToList(), total);
    }

    /// <summary>Every line of an invoice in order, read in batches: the reconciliation file streams it.</summary>
    public async IAsyncEnumerable<InvoiceLine> AllLinesAsync(Caller caller, string invoiceId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        const int batch = 1000;
        for (var offset = 0; ; offset += batch)
        {
            var (lines, _) = await LinesAsync(caller, invoiceId, offset, batch, ct);
            foreach (var line in lines)
                yield return line;
            if (lines.Count < batch)
                yield break;
        }
    }
}
