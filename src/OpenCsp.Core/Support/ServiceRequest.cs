namespace OpenCsp.Core.Support;

public enum ServiceRequestSeverity
{
    Unknown,
    Critical,
    Moderate,
    Minimal,
}

public enum ServiceRequestStatus
{
    None,
    Open,
    Closed,
    AttentionNeeded,
}

/// <summary>
/// A support request to the platform operator in Partner Center's ServiceRequest shape (API.md B §4.10; SR-1): problem
/// type (support topic), impact (severity), title, description, contact, notes and file attachments.
/// </summary>
public sealed class ServiceRequest
{
    /// <summary>Partner Center's ids are numeric strings.</summary>
    public required string Id { get; init; }
    public Guid PartnerId { get; init; }
    public Guid? CustomerId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public ServiceRequestSeverity Severity { get; set; }
    public required string SupportTopicId { get; init; }
    public required string SupportTopicName { get; init; }
    public ServiceRequestStatus Status { get; set; }
    public required ServiceRequestContact PrimaryContact { get; init; }
    public string? ProductName { get; init; }
    public string? ProductId { get; init; }
    public string CountryCode { get; init; } = "";
    public string Locale { get; init; } = "en-US";
    public required string CreatedBy { get; init; }
    public required string LastUpdatedBy { get; set; }
    public DateTimeOffset CreatedDate { get; init; }
    public DateTimeOffset LastModifiedDate { get; set; }
    public DateTimeOffset? LastClosedDate { get; set; }
    public RefundDetails? Refund { get; init; }
    public List<ServiceRequestNote> Notes { get; set; } = [];

    /// <summary>Moves with every change: two notes added at once must not leave only the last.</summary>
    public int Version { get; set; }
}

public sealed class ServiceRequestContact
{
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Email { get; init; }
    public required string PhoneNumber { get; init; }
}

public sealed class ServiceRequestNote
{
    public required string CreatedByName { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public required string Text { get; init; }
}

/// <summary>SR-1: what a refund request must carry, checked against the partner's own customers, orders and subscriptions.</summary>
public sealed class RefundDetails
{
    public Guid CustomerId { get; init; }
    public required string CustomerTenantIdOrDomain { get; init; }
    public required string OrderOrSubscriptionId { get; init; }
    public required string Reason { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }
}

/// <summary>A file attached to a support request: size-limited, type-checked by its content, served only as a download.</summary>
public sealed class ServiceRequestFile
{
    public Guid Id { get; init; }
    public required string ServiceRequestId { get; init; }
    public Guid PartnerId { get; init; }
    public required string FileName { get; init; }
    public required string Extension { get; init; }
    public long Size { get; init; }
    public string Comment { get; init; } = "";
    public required byte[] Content { get; init; }
    public required string UploadedBy { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}

/// <summary>The problem types a request can be filed under; the first is seed 002's refund topic (SR-1, SW-9).</summary>
public static class SupportTopics
{
    public sealed record Topic(string Id, string Name, string Description);

    public const string RefundTopicId = "32444671";

    public static IReadOnlyList<Topic> All { get; } =
    [
        new(RefundTopicId, "CSP purchase/refund on behalf of customers", "Cancellations and refunds the Software page cannot do, such as Windows 7 ESU, or after the window."),
        new("32444672", "Billing and invoices", "Questions about invoices, credits and reconciliation files."),
        new("32444673", "Orders and subscriptions", "Orders, subscription changes, renewals and upgrades."),
        new("32444674", "Software keys and downloads", "Activation keys and download links of software purchases."),
        new("32444675", "Account, users and roles", "Partner account settings, users and their roles."),
    ];

    public static Topic? Find(string? id) => All.FirstOrDefault(t => t.Id == id?.Trim());
}
