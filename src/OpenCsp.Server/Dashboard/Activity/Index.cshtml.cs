using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Dashboard.Activity;

/// <summary>
/// The activity log (seed 002, API.md B §4.9): the records of a date range, oldest first, a page at a time. Who got
/// software keys or downloads (SW-7) shows only to the roles the seed names; the query decides, not the page.
/// </summary>
[Authorize(Policy = nameof(Permission.ReadActivity))]
public sealed class IndexModel(AuditQueries audit, TimeProvider clock) : DashboardPage
{
    private const int PageSize = 50;

    /// <summary>The first day of the range (UTC); by default 30 days ago.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    /// <summary>The last day of the range, included (UTC); by default today.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>Where the next page starts (seek paging).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Next { get; set; }

    public IReadOnlyList<AuditRecord> Records { get; private set; } = [];

    public string? NextToken { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (From?.Year is < 2000 or > 9000 || To?.Year is < 2000 or > 9000)
            return PageOr(Refusal.Of(ErrorCodes.InvalidProperty, From?.Year is < 2000 or > 9000 ? "from" : "to", "a date between the years 2000 and 9000"));
        To ??= today;
        From ??= To.Value.AddDays(-(int)AuditQueries.DefaultWindow.TotalDays);
        var start = new DateTimeOffset(From.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(To.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);
        var page = await audit.ListAsync(Caller, new AuditPageRequest(start, end, null, PageSize, Next), HttpContext.RequestAborted);
        if (!page.IsSuccess)
            return PageOr(page.Refusal);
        (Records, NextToken) = (page.Value.Items, page.Value.ContinuationToken);
        return Page();
    }
}
