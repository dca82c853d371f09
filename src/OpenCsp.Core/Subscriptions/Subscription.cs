using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;

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

    public required string ProductId { get; set; }
    public required string SkuId { get; set; }
    public required string AvailabilityId { get; set; }
    public required string OfferName { get; set; }
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
    public string? TrialConvertsTo { get; set; }

    /// <summary>End of an ISV offer's automatic free trial (ORD-4); the paid term starts then.</summary>
    public DateTimeOffset? FreeTrialEndsAt { get; set; }

    public required string TermDuration { get; set; }
    public BillingCycle BillingCycle { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The start of the first term: renewals and billing periods are counted from it with month-end clamping.</summary>
    public DateTimeOffset TermAnchor { get; set; }

    public DateTimeOffset TermStart { get; set; }
    public DateTimeOffset TermEnd { get; set; }

    /// <summary>The term's last day, as Partner Center shows it (commitmentEndDate): end dates are inclusive.</summary>
    public DateTimeOffset CommitmentEndDate => Iso.LastDay(TermStart, TermEnd);

    public decimal UnitPrice { get; set; }
    public required string Currency { get; init; }
    public bool TaxInclusive { get; init; }
    public decimal TaxRate { get; init; }

    /// <summary>The policy set (POL-1) this subscription was sold under.</summary>
    public required string PolicySet { get; init; }

    public DateTimeOffset? CancellationAllowedUntil { get; set; }

    /// <summary>When the current term was bought or renewed: NCE-1's full-refund window counts from here.</summary>
    public DateTimeOffset TermPurchasedAt { get; set; }

    /// <summary>The end of the last billing period charged; the next period's charge falls due here (BILL-1).</summary>
    public DateTimeOffset BilledThrough { get; set; }


    /// <summary>SUB-4: when a suspended subscription's data is deleted unless it is reactivated first.</summary>
    public DateTimeOffset? DataDeletionAt { get; set; }

    /// <summary>ADD-5: an add-on suspended because its base was, so reactivating the base reactivates it.</summary>
    public bool SuspendedWithParent { get; set; }

    /// <summary>When the status last changed: expired and disabled last a policy's number of days from here (NCE-13).</summary>
    public DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>ISV-2/3 after the window: the cancellation takes effect at the renewal date instead of a renewal.</summary>
    public bool CancelAtTermEnd { get; set; }

    /// <summary>SW-12: when a software purchase's cancellation was confirmed; it is applied a policy's delay later.</summary>
    public DateTimeOffset? CancellationRequestedAt { get; set; }

    /// <summary>What the next term will be (NCE-5..7); applied at renewal, removed by a mid-term change (NCE-10).</summary>
    public ScheduledChange? ScheduledChange { get; set; }

    /// <summary>The time of this subscription's next lifecycle event (billing, renewal, expiry step, data deletion); the due-work worker claims by it.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    /// <summary>Seats added by purchase, renewal or a mid-term increase, each with its own reduction window (NCE-12).</summary>
    public List<SeatBatch> SeatBatches { get; set; } = [];

    /// <summary>Where the customer finishes setting up an ISV SaaS purchase (ORD-3).</summary>
    public string? ActivationUri { get; init; }

    public List<string> SuspensionReasons { get; set; } = [];

    public int Version { get; set; }

    /// <summary>Partner Center's offerId: the catalog item id, or for a legacy offer its GUID.</summary>
    public string CatalogItemId => CommerceModel == CommerceModel.Legacy ? ProductId : $"{ProductId}:{SkuId}:{AvailabilityId}";
}

/// <summary>Partner Center's scheduledNextTermInstructions: the SKU, term, billing cycle and seats of the next term.</summary>
public sealed class ScheduledChange
{
    public required string ProductId { get; set; }
    public required string SkuId { get; set; }
    public required string AvailabilityId { get; set; }
    public required string TermDuration { get; set; }
    public BillingCycle BillingCycle { get; set; }
    public int Quantity { get; set; }
}

public sealed class SeatBatch
{
    public int Quantity { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public DateTimeOffset RefundableUntil { get; set; }
}
