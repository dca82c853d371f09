using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Server.Dashboard.Deadlines;

/// <summary>
/// The deadlines radar (API.md A3's feed): what closes or happens soon across the partner's customers, soonest first —
/// refund and seat-reduction windows, renewals, scheduled changes, trial conversions, data deletion, software
/// cancellation windows and download links. Moving the test clock brings them closer.
/// </summary>
[Authorize(Policy = nameof(Permission.ReadCustomers))]
public sealed class IndexModel(SubscriptionQueries queries, TimeProvider clock) : DashboardPage
{
    public static readonly int[] Horizons = [7, 30, 90, 365];

    [BindProperty(SupportsGet = true)]
    public int Days { get; set; } = 30;

    public IReadOnlyList<Deadline> Items { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Horizons.Contains(Days))
            return PageOr(Refusal.Of(ErrorCodes.InvalidProperty, "days", string.Join(", ", Horizons)));
        Now = clock.GetUtcNow();
        var found = await queries.DeadlinesAsync(Caller, new IsoDuration(0, Days, TimeSpan.Zero), null, HttpContext.RequestAborted);
        if (!found.IsSuccess)
            return PageOr(found.Refusal);
        Items = found.Value;
        return Page();
    }

    /// <summary>Where a deadline's subject is managed: the Software page for software, else the subscription.</summary>
    public static string LinkOf(Deadline d) => d.Kind is "software_cancellation_window_closes" or "download_link_expires"
        ? $"/customers/{d.CustomerId}/software?open={d.SubscriptionId}#p-{d.SubscriptionId}"
        : $"/customers/{d.CustomerId}/subscriptions/{d.SubscriptionId}";
}
