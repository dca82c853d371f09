using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Dashboard.Billing;

/// <summary>
/// One invoice, printable (the browser's print to PDF), in the page's language: its totals, its lines a page at a time,
/// and the reconciliation file to download.
/// </summary>
[Authorize(Policy = nameof(Permission.ManageInvoices))]
public sealed class InvoiceModel(InvoiceQueries queries) : DashboardPage
{
    public const int LinesPerPage = 200;

    [FromRoute]
    public string Id { get; set; } = "";

    /// <summary>The first line shown (offset paging, as Partner Center pages line items).</summary>
    [BindProperty(SupportsGet = true)]
    public int From { get; set; }

    public Invoice Invoice { get; private set; } = null!;

    public IReadOnlyList<InvoiceLine> Lines { get; private set; } = [];

    public int LineTotal { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var invoice = await queries.GetAsync(Caller, Id, ct);
        if (!invoice.IsSuccess)
            return NotFoundPage(invoice.Refusal!);
        Invoice = invoice.Value;
        From = Math.Max(0, From);
        (Lines, LineTotal) = await queries.LinesAsync(Caller, Id, From, LinesPerPage, ct);
        return Page();
    }

    /// <summary>The reconciliation file (the same as the API's), streamed line by line.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        var ct = HttpContext.RequestAborted;
        var invoice = await queries.GetAsync(Caller, Id, ct);
        if (!invoice.IsSuccess)
            return NotFoundPage(invoice.Refusal!);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{Id}-reconciliation.csv\"";
        await using var writer = new StreamWriter(Response.Body);
        await ReconciliationFile.WriteAsync(invoice.Value, queries.AllLinesAsync(Caller, Id, ct), writer, ct);
        return new EmptyResult();
    }
}
