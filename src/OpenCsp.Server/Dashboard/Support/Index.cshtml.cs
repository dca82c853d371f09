using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Support;

namespace OpenCsp.Server.Dashboard.Support;

/// <summary>The partner's support requests (SR-1), newest first, with the way to report a new problem.</summary>
[Authorize(Policy = nameof(Permission.ManageSupportRequests))]
public sealed class IndexModel(SupportRequests support) : DashboardPage
{
    public IReadOnlyList<ServiceRequest> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var requests = await support.ListAsync(Caller, null, null, HttpContext.RequestAborted);
        if (!requests.IsSuccess)
            return PageOr(requests.Refusal);
        Requests = requests.Value.OrderByDescending(r => r.CreatedDate).ToList();
        return Page();
    }
}
