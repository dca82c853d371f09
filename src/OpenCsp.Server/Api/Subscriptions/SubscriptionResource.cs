using OpenCsp.Core.Catalog;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Server.Api.Catalog;

namespace OpenCsp.Server.Api.Subscriptions;

public sealed record RefundOption(string Type, DateTimeOffset ExpiresAt);

public sealed record RefundableQuantityDetail(int Quantity, DateTimeOffset AllowedUntilDateTime);

public sealed record RefundableQuantity(int TotalQuantity, IReadOnlyList<RefundableQuantityDetail> Details);

public sealed record ProductTerm(string ProductId, string SkuId, string AvailabilityId, BillingCycle BillingCycle, string TermDuration);

public sealed record NextTermInstructions(ProductTerm Product, int Quantity);

public sealed record SubscriptionLinks(Link Self, Link Product, Link Sku, Link Availability, Link? ParentSubscription, Link? ActivationLinks);

/// <summary>
/// Partner Center's Subscription (API.md B §4.2) with every field the SDK models and never a null for a non-nullable
/// one; plus OpenCsp's policySet (POL-1), salesChannel (CUS-3), price, currency and trialConvertsTo.
/// </summary>
public sealed record SubscriptionResource(
    string Id, string OfferId, string OfferName, string FriendlyName, ItemType ProductType, int Quantity, string UnitType,
    string? ParentSubscriptionId, DateTimeOffset CreationDate, DateTimeOffset EffectiveStartDate, DateTimeOffset CommitmentEndDate,
    DateTimeOffset CommitmentEndDateTime, DateTimeOffset? CancellationAllowedUntilDate, DateTimeOffset? BillingCycleEndDate,
    DateTimeOffset? BillingCycleEndDateTime, SubscriptionStatus Status, bool AutoRenewEnabled, BillingType BillingType,
    BillingCycle BillingCycle, bool HasPurchasableAddons, bool IsTrial, IReadOnlyList<string> Actions, string TermDuration,
    string RenewalTermDuration, IReadOnlyList<RefundOption> RefundOptions, bool IsMicrosoftProduct, string PartnerId,
    IReadOnlyList<string> SuspensionReasons, string ContractType, string PublisherName, string? OrderId,
    RefundableQuantity? RefundableQuantity, string PolicySet, SalesChannel SalesChannel, decimal UnitPrice, string CurrencyCode,
    string? TrialConvertsTo, NextTermInstructions? ScheduledNextTermInstructions, DateTimeOffset? SuspendedDate, DateTimeOffset? DataDeletionDate,
    DateTimeOffset? ScheduledCancellationDate, IReadOnlyList<string> Notices, SubscriptionLinks Links, ResourceAttributes Attributes)
{
    public static SubscriptionResource From(Subscription s, DateTimeOffset now, IReadOnlySet<string> basesWithAddOns)
    {
        var commitmentEnd = s.CommitmentEndDate;
        var (_, periodEnd) = SubscriptionTerms.PeriodOf(s, now);
        var refundable = s.SeatBatches.Where(b => b.RefundableUntil > now).ToList();
        var ours = s.Channel == SalesChannel.Partner;
        var basePath = $"/customers/{s.CustomerId}/subscriptions/{s.Id}";
        return new SubscriptionResource(
            s.Id.ToString(), s.CatalogItemId, s.OfferName, s.FriendlyName, new ItemType(s.ProductType, s.ProductType), s.Quantity,
            s.BillingType == BillingType.Usage ? "Usage-based" : "Licenses", s.ParentSubscriptionId?.ToString(),
            s.CreatedAt, s.TermStart, commitmentEnd, commitmentEnd.AddDays(1).AddSeconds(-1),
            s.CancellationAllowedUntil is { } until && until > now ? until : null,
            periodEnd > s.TermStart ? periodEnd.AddDays(-1) : null, periodEnd > s.TermStart ? periodEnd.AddSeconds(-1) : null,
            s.Status, s.AutoRenewEnabled, s.BillingType, s.BillingCycle,
            HasPurchasableAddons: ours && s.Status == SubscriptionStatus.Active && basesWithAddOns.Contains($"{s.ProductId}:{s.SkuId}"), s.IsTrial,
            ours && s.Status is SubscriptionStatus.Active or SubscriptionStatus.Suspended ? ["edit", "cancel"] : [], s.TermDuration,
            s.ScheduledChange?.TermDuration ?? s.TermDuration,
            RefundOptionsOf(s, now), s.IsMicrosoftProduct, (s.ResellerId ?? s.PartnerId).ToString(), s.SuspensionReasons,
            "subscription", s.PublisherName, s.OrderId?.ToString(),
            refundable.Count > 0 ? new RefundableQuantity(refundable.Sum(b => b.Quantity), refundable.Select(b => new RefundableQuantityDetail(b.Quantity, b.RefundableUntil)).ToList()) : null,
            s.PolicySet, s.Channel, s.UnitPrice, s.Currency, s.TrialConvertsTo,
            s.ScheduledChange is { } next
                ? new NextTermInstructions(new ProductTerm(next.ProductId, next.SkuId, next.AvailabilityId, next.BillingCycle, next.TermDuration), next.Quantity)
                : null,
            s.Status == SubscriptionStatus.Suspended ? s.StatusChangedAt : null, SubscriptionLifecycle.DeletionDate(s), s.CancelAtTermEnd && s.Status == SubscriptionStatus.Active ? s.TermEnd : null, NoticesOf(s),
            new SubscriptionLinks(
                new Link(basePath),
                new Link($"/products/{s.ProductId}"),
                new Link($"/products/{s.ProductId}/skus/{s.SkuId}"),
                new Link($"/products/{s.ProductId}/skus/{s.SkuId}/availabilities/{s.AvailabilityId}"),
                s.ParentSubscriptionId is { } parent ? new Link($"/customers/{s.CustomerId}/subscriptions/{parent}") : null,
                s.ActivationUri is null ? null : new Link($"{basePath}/activationlinks")),
            new ResourceAttributes("Subscription", Etags.For(s.Id, s.Version)));
    }


    /// <summary>What the product must tell the partner about the subscription's next term (NCE-9, ISV-4).</summary>
    private static List<string> NoticesOf(Subscription s)
    {
        var notices = new List<string>();
        if (s.ScheduledChange is { } next && (next.ProductId != s.ProductId || next.SkuId != s.SkuId))
            notices.Add("NCE-9: after the SKU changes at renewal, licenses must be reassigned to users by hand.");
        if (s.CancelAtTermEnd && s.Status == SubscriptionStatus.Active)
            notices.Add("ISV-4: the cancellation window has passed; the subscription ends at the renewal date instead of renewing.");
        return notices;
    }

    /// <summary>The refund windows as Partner Center shows them: full, then partial (prorated) until cancellation closes.</summary>
    private static List<RefundOption> RefundOptionsOf(Subscription s, DateTimeOffset now)
    {
        var (full, partial) = SubscriptionLifecycle.RefundWindows(s, now);
        var options = new List<RefundOption>();
        if (full is { } f)
            options.Add(new RefundOption("Full", f));
        if (partial is { } p)
            options.Add(new RefundOption("Partial", p));
        return options;
    }
}
