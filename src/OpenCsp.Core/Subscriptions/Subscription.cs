using OpenCsp.Core.Catalog;

namespace OpenCsp.Core.Subscriptions;

/// <summary>Partner Center's subscription statuses; a cancellation ends in Deleted.</summary>
public enum SubscriptionStatus
{
    Active,
    Suspended,
    Pending,
    Expired,
    Disabled,
    Deleted,
}

/// <summary>CUS-3: who sold the subscription. Only the partner's own can be changed by it.</summary>
public enum SalesChannel
{
    Partner,
    Direct,
    OtherPartner,
}

/// <summary>
/// A subscription created by an order (ORD-2). Term dates are UTC; <see cref="TermEnd"/> is the exclusive end, so the
/// inclusive commitment end date Partner Center shows is the day before. Price and currency are those of the purchase.
/// </summary>
public sealed class Subscription
{
    public Guid Id { get; init; }
    public Guid PartnerId { get; init; }
    public Guid CustomerId { get; init; }
    public Guid? ResellerId { get; init; }
    public Guid? OrderId { get; init; }
    public SalesChannel Channel { get; init; }

    public required string ProductId { get; init; }
    public required string SkuId { get; init; }
    public required string AvailabilityId { get; init; }
    public required string OfferName { get; init; }
    public string FriendlyName { get; set; } = "";
    public required string ProductType { get; init; }
    public required string PublisherName { get; init; }
    public bool IsMicrosoftProduct { get; init; }
    public BillingType BillingType { get; init; }
    public CommerceModel CommerceModel { get; init; }

    public int Quantity { get; set; }
    public Guid? ParentSubscriptionId { get; init; }
    public SubscriptionStatus Status { get; set; }
    public bool AutoRenewEnabled { get; set; }
    public bool IsTrial { get; set; }

    /// <summary>The product:sku a trial converts to at its end (NCE-8).</summary>
    public string? TrialConvertsTo { get; init; }

    /// <summary>End of an ISV offer's automatic free trial (ORD-4); the paid term starts then.</summary>
    public DateTimeOffset? FreeTrialEndsAt { get; init; }

    public required string TermDuration { get; init; }
    public BillingCycle BillingCycle { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset TermStart { get; set; }
    public DateTimeOffset TermEnd { get; set; }

    public decimal UnitPrice { get; init; }
    public required string Currency { get; init; }
    public bool TaxInclusive { get; init; }
    public decimal TaxRate { get; init; }

    /// <summary>The policy set (POL-1) this subscription was sold under.</summary>
    public required string PolicySet { get; init; }

    public DateTimeOffset? CancellationAllowedUntil { get; set; }

    /// <summary>Seats added by purchase, renewal or a mid-term increase, each with its own reduction window (NCE-12).</summary>
    public List<SeatBatch> SeatBatches { get; set; } = [];

    /// <summary>Where the customer finishes setting up an ISV SaaS purchase (ORD-3).</summary>
    public string? ActivationUri { get; init; }

    public List<string> SuspensionReasons { get; set; } = [];

    public int Version { get; set; }

    /// <summary>Partner Center's offerId: the catalog item id, or for a legacy offer its GUID.</summary>
    public string CatalogItemId => CommerceModel == CommerceModel.Legacy ? ProductId : $"{ProductId}:{SkuId}:{AvailabilityId}";
}

public sealed class SeatBatch
{
    public int Quantity { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public DateTimeOffset RefundableUntil { get; set; }
}
