using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Support;

namespace OpenCsp.Server.Dashboard.Support;

/// <summary>
/// "Report a problem" (seed 002, SR-1): problem type, impact, title, description, the refund's details for a purchase
/// the Software page cannot cancel, the contact and optional files. The cancel dialog's support link opens it with the
/// customer, the order and the refund topic filled in.
/// </summary>
[Authorize(Policy = nameof(Permission.ManageSupportRequests))]
public sealed class NewModel(SupportRequests support, Core.Customers.GetCustomer getCustomer) : DashboardPage
{
    [BindProperty(SupportsGet = true)]
    public string? Topic { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CustomerId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? OrderId { get; set; }

    [BindProperty]
    public ServiceRequestSeverity? Severity { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Tenant { get; set; }

    [BindProperty]
    public string? RefundReason { get; set; }

    /// <summary>As typed: a number field sends "12.50" whatever the page's culture, so it is read invariantly here.</summary>
    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Currency { get; set; }

    [BindProperty]
    public ContactInput Contact { get; set; } = new(null, null, null, null);

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    public bool IsRefund => Topic == SupportTopics.RefundTopicId;

    public async Task<IActionResult> OnGetAsync()
    {
        Contact = Contact with { Email = Caller.Subject };
        if (CustomerId is { } id && await getCustomer.RunAsync(Caller, id, HttpContext.RequestAborted) is { IsSuccess: true } customer)
            Tenant = customer.Value.Domain;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        decimal? amount = null;
        if (IsRefund && !string.IsNullOrWhiteSpace(Amount))
        {
            if (!decimal.TryParse(Amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var parsed))
                return PageOr(Refusal.Of(ErrorCodes.InvalidProperty, "amount", "an amount such as 12.50"));
            amount = parsed;
        }

        var refund = IsRefund ? new RefundInput(Tenant, OrderId, RefundReason, amount, Currency) : null;
        var attachments = new List<NewAttachment>();
        foreach (var file in Files.Where(f => f.Length > 0))
        {
            using var content = new MemoryStream();
            await file.CopyToAsync(content, ct);
            attachments.Add(new NewAttachment(file.FileName, null, content.ToArray()));
        }

        var input = new NewServiceRequest(Title, Description, Severity, Topic, Contact, CustomerId: CustomerId, Refund: refund);
        var created = await support.CreateAsync(Caller, CultureInfo.CurrentUICulture.Name, input, ct, attachments);
        if (!created.IsSuccess)
            return PageOr(created.Refusal);
        Success = L["Support.Filed", created.Value.Id];
        return Redirect("/support-requests");
    }
}
