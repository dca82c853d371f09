using Microsoft.AspNetCore.Authorization;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Dashboard.Billing;

/// <summary>
/// The Billing area (BILL-1): the partner's invoices, what customers were billed per month (a chart, with the same
/// numbers as a table), and the unbilled charges of the open period so far.
/// </summary>
[Authorize(Policy = nameof(Permission.ManageInvoices))]
public sealed class IndexModel(InvoiceQueries queries) : DashboardPage
{
    public const int UnbilledShown = 50;

    public IReadOnlyList<Invoice> Invoices { get; private set; } = [];

    public IReadOnlyList<BilledTotal> Billed { get; private set; } = [];

    public IReadOnlyList<InvoiceLine> Unbilled { get; private set; } = [];

    public int UnbilledCount { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Invoices = await queries.ListAsync(Caller, ct);
        Billed = await queries.BilledByCustomerAsync(Caller, 12, ct);
        (Unbilled, UnbilledCount) = await queries.LinesAsync(Caller, null, 0, UnbilledShown, ct);
    }
}
