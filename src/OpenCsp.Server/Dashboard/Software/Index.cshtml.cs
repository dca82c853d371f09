using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Software;
using OpenCsp.Server.Api.Software;

namespace OpenCsp.Server.Dashboard.Software;

/// <summary>
/// A customer's Software page (seed 002, SW-3..13): the software and Azure reservations bought for the customer; a
/// product expands to choose version, language and file type, then "Get keys and downloads" gives the key, the download
/// and a link to copy (admin agents only, SW-4). "Cancel purchase" opens the dialog with the order-id dropdown, the days
/// left or why not, and the support-request link (SW-8..10).
/// </summary>
[Authorize(Policy = nameof(Permission.ReadCustomers))]
public sealed class IndexModel(GetCustomer getCustomer, SoftwarePurchases software, CancelOrder cancelOrder) : DashboardPage
{
    [FromRoute]
    public Guid CustomerId { get; set; }

    /// <summary>The purchase that is expanded.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Open { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Version { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Language { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? FileType { get; set; }

    /// <summary>The order the cancel dialog is open for.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? OrderId { get; set; }

    public Customer Customer { get; private set; } = null!;

    public IReadOnlyList<SoftwarePurchase> Purchases { get; private set; } = [];

    /// <summary>What "Get keys and downloads" gave, with the link's full address.</summary>
    public (KeysAndDownloads Result, string? Url)? Keys { get; private set; }

    /// <summary>The cancel dialog's answer for the chosen order, line by line (SW-10).</summary>
    public IReadOnlyList<LineCancellation> CancelLines { get; private set; } = [];

    public bool Chose => Version is not null && Language is not null && FileType is not null;

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    public async Task<IActionResult> OnPostKeysAsync(Guid purchaseId)
    {
        Open = purchaseId;
        var choice = Chose ? new SoftwareChoice(Version!, Language!, FileType!) : null;
        var result = await software.GetKeysAndDownloadsAsync(Caller, CustomerId, purchaseId, choice, HttpContext.RequestAborted);
        if (!result.IsSuccess)
            return await ShowAsync(result.Refusal);
        var url = result.Value.Link is { } link ? SoftwareApi.DownloadUrl(Request, link.Token) : null;
        Keys = (result.Value, url);
        return await ShowAsync();
    }

    /// <param name="check">Only show the dialog's answer for the chosen order (the dropdown changed), cancel nothing.</param>
    public async Task<IActionResult> OnPostCancelAsync(bool check)
    {
        if (OrderId is not { } orderId)
            return await ShowAsync(Refusal.Of(ErrorCodes.InvalidProperty, "orderId", "an order of this customer"));
        if (check)
            return await ShowAsync();
        var result = await cancelOrder.RunAsync(Caller, CustomerId, orderId, null, preview: false, HttpContext.RequestAborted);
        if (!result.IsSuccess)
            return await ShowAsync(result.Refusal);
        Success = L["Software.CancelConfirmed", result.Value.Order.Id, Show.DateTime(result.Value.AppliesAt)];
        return Redirect(Url.Page("/Software/Index", new { CustomerId })!);
    }

    private async Task<IActionResult> ShowAsync(Refusal? refused = null)
    {
        var ct = HttpContext.RequestAborted;
        var customer = await getCustomer.RunAsync(Caller, CustomerId, ct);
        if (!customer.IsSuccess)
            return NotFoundPage(customer.Refusal!);
        Customer = customer.Value;
        var purchases = await software.ListAsync(Caller, CustomerId, ct);
        if (!purchases.IsSuccess)
            return NotFoundPage(purchases.Refusal!);
        Purchases = purchases.Value;
        if (OrderId is { } orderId && Caller.Can(Permission.CancelSoftware))
        {
            var check = await cancelOrder.CheckAsync(Caller, CustomerId, orderId, ct);
            if (!check.IsSuccess)
                return NotFoundPage(check.Refusal!);
            CancelLines = check.Value.Lines;
        }

        return PageOr(refused);
    }
}
