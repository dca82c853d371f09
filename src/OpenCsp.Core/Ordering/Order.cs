using OpenCsp.Core.Catalog;

namespace OpenCsp.Core.Ordering;

/// <summary>What a checkout (or a direct order) bought: one line per subscription created.</summary>
public sealed class Order
{
    public Guid Id { get; init; }
    public required string AlternateId { get; init; }
    public Guid PartnerId { get; init; }
    public Guid CustomerId { get; init; }
    public Guid? CartId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string Currency { get; init; }
    public BillingCycle BillingCycle { get; init; }
    public required string Status { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
}

public sealed class OrderLine
{
    public int LineNumber { get; set; }
    public required string OfferId { get; set; }
    public Guid? SubscriptionId { get; set; }
    public Guid? ParentSubscriptionId { get; set; }
    public required string TermDuration { get; set; }
    public BillingCycle BillingCycle { get; set; }
    public string FriendlyName { get; set; } = "";
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }

    /// <summary>What the first charge came to (prorated for an add-on joining its base mid-period; 0 in a free trial).</summary>
    public decimal FirstCharge { get; set; }

    public string? ActivationUri { get; set; }
}
