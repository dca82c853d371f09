using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Dashboard.Customers;

/// <summary>The customer list with search by company name or domain, seek-paged like the API (CUS-4).</summary>
[Authorize(Policy = nameof(Permission.ReadCustomers))]
public sealed class IndexModel(ListCustomers list) : DashboardPage
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "next")]
    public string? PageToken { get; set; }

    /// <summary>"-name" sorts Z to A; anything else A to Z.</summary>
    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    public bool Descending => Sort == "-name";

    public IReadOnlyList<Customer> Items { get; private set; } = [];

    public string? NextPage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var result = await list.RunAsync(Caller, new CustomerPageRequest(PageSize, null, PageToken, Descending, Query), HttpContext.RequestAborted);
        if (!result.IsSuccess)
            return PageOr(result.Refusal);
        (Items, NextPage) = (result.Value.Items, result.Value.ContinuationToken);
        return Page();
    }
}
