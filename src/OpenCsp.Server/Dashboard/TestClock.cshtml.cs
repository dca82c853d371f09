using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Time;

namespace OpenCsp.Server.Dashboard;

/// <summary>The clock bar's "Advance": moves the test clock and runs what fell due, as POST /v1/testclock/advance does.</summary>
public sealed class TestClockModel(TestClock clock, AdvanceTestClock advance) : DashboardPage
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? by, string? returnUrl)
    {
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        if (!clock.Enabled || Lacks(Permission.UseTestClock, out _) || Iso.ParseDuration(by ?? "") is not { } duration)
            return LocalRedirect(back);
        if (await advance.RunAsync(duration, null, HttpContext.RequestAborted) is { IsSuccess: true } done)
            Success = L["Clock.Advanced", Show.DateTime(done.Value.Now)];

        return LocalRedirect(back);
    }
}
