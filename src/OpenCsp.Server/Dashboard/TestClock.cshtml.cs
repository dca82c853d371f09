using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Core.Time;

namespace OpenCsp.Server.Dashboard;

/// <summary>The clock bar's "Advance": moves the test clock and runs what fell due, as POST /v1/testclock/advance does.</summary>
public sealed class TestClockModel(TestClock clock, OpenCspDbContext db, DueWork work) : DashboardPage
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? by, string? returnUrl)
    {
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        if (!clock.Enabled || Lacks(Permission.UseTestClock, out _) || Iso.ParseDuration(by ?? "") is not { } duration)
            return LocalRedirect(back);
        var moved = await clock.AdvanceAsync(db, duration, null, HttpContext.RequestAborted);
        if (moved.IsSuccess)
        {
            await work.RunUntilIdleAsync(HttpContext.RequestAborted);
            Success = L["Clock.Advanced", Show.DateTime(clock.GetUtcNow())];
        }

        return LocalRedirect(back);
    }
}
