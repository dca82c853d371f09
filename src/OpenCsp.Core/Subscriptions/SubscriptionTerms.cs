using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Policies;

namespace OpenCsp.Core.Subscriptions;

/// <summary>
/// Term and billing-period dates, and the windows a purchase opens. Periods are counted from the term's anchor with
/// month-end clamping (31 January + 1 month = 28/29 February), never by chaining AddMonths.
/// </summary>
public static class SubscriptionTerms
{
    /// <summary>A term starts on the UTC day of purchase (Partner Center's effectiveStartDate).</summary>
    public static DateTimeOffset StartOfDay(DateTimeOffset time) => new(time.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>The exclusive end of a term that starts at <paramref name="start"/>; a one-time purchase without a term ends where it starts.</summary>
    public static DateTimeOffset TermEnd(DateTimeOffset start, string termDuration) =>
        Iso.ParseDuration(termDuration) is { } term ? term.AddTo(start) : start;

    /// <summary>
    /// The exclusive end of a term starting at <paramref name="start"/> for a subscription first started at
    /// <paramref name="anchor"/>: whole-month terms are counted from the anchor, so a term bought on 31 January renews
    /// on 28/29 February and then ends on 31 March, not 28 March.
    /// </summary>
    public static DateTimeOffset TermEnd(DateTimeOffset anchor, DateTimeOffset start, string termDuration)
    {
        if (Iso.ParseDuration(termDuration) is not { } term)
            return start;
        if (term.Days != 0 || term.Time != TimeSpan.Zero || term.Months == 0)
            return term.AddTo(start);
        var monthsSoFar = ((start.Year - anchor.Year) * 12) + start.Month - anchor.Month;
        var end = anchor.AddMonths(monthsSoFar + term.Months);
        return end > start ? end : term.AddTo(start);
    }

    /// <summary>
    /// The billing period that contains <paramref name="at"/> (or the term's start), counted from the anchor. For a
    /// subscription that joined mid-period (an add-on, a partial upgrade) it starts before the subscription did: its
    /// first charge is that period's share (ADD-6, BILL-3).
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End) PeriodOf(Subscription s, DateTimeOffset at) =>
        BillingPeriod(s.TermAnchor, s.TermEnd, s.BillingCycle, at < s.TermStart ? s.TermStart : at);

    private static int MonthsPerPeriod(BillingCycle cycle) => cycle switch
    {
        BillingCycle.Monthly => 1,
        BillingCycle.Annual => 12,
        BillingCycle.Triennial => 36,
        _ => 0,
    };

    /// <summary>The billing period [start, end) that contains <paramref name="at"/>: monthly, annual or triennial from the anchor, or the whole term.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) BillingPeriod(DateTimeOffset anchor, DateTimeOffset termEnd, BillingCycle cycle, DateTimeOffset at)
    {
        var months = MonthsPerPeriod(cycle);
        if (months == 0)
            return (anchor, termEnd);
        for (var n = 0; ; n++)
        {
            var start = anchor.AddMonths(n * months);
            var end = anchor.AddMonths((n + 1) * months);
            if (at < end || end >= termEnd)
                return (start, end < termEnd ? end : termEnd);
        }
    }

    /// <summary>
    /// Until when a new purchase may be cancelled: NCE licenses by the policy's window (NCE-1), ISV SaaS by its billing
    /// (ISV-2, ISV-3), usage-based ISV services never (ISV-5), software by its kind (SW-8); null where it cannot be.
    /// </summary>
    public static DateTimeOffset? CancellationAllowedUntil(Product product, Sku sku, BillingCycle cycle, DateTimeOffset purchasedAt, PolicySet policy)
    {
        if (sku is { SoftwareKind: not null, CancellationRestriction: not null })
            return null; // SW-9: through a support request only, or never
        return policy.CancellableUntil(KindOf(product, sku), sku.SoftwareKind == SoftwareKind.Perpetual, cycle, purchasedAt);
    }

    /// <summary>
    /// The refund windows a purchase of this term opens, as durations from the purchase: what the catalog states as its
    /// cancellation policy (Partner Center's cancellationPolicies), by the same rules a bought subscription shows.
    /// </summary>
    public static IReadOnlyList<(string Type, TimeSpan ExpiresAfter)> RefundPolicy(Product product, Sku sku, BillingCycle cycle, PolicySet policy)
    {
        var bought = DateTimeOffset.UnixEpoch;
        // A trial, and an offer whose purchase starts with a free trial (ORD-4), is bought with nothing to refund.
        if (sku.IsTrial || sku.FreeTrialDays > 0 || CancellationAllowedUntil(product, sku, cycle, bought, policy) is not { } closes)
            return [];
        var (full, partial) = SubscriptionLifecycle.RefundTypes(KindOf(product, sku), sku.SoftwareKind == SoftwareKind.Perpetual, bought, closes, policy);
        var refunds = new List<(string, TimeSpan)>();
        if (full is { } f)
            refunds.Add(("Full", f - bought));
        if (partial is { } p)
            refunds.Add(("Partial", p - bought));
        return refunds;
    }

    private static SubscriptionKind KindOf(Product product, Sku sku) => sku switch
    {
        { SoftwareKind: not null } => SubscriptionKind.Software,
        { Isv: not null } => product.BillingType == BillingType.Usage ? SubscriptionKind.IsvUsage : SubscriptionKind.IsvSaaS,
        _ => product.CommerceModel == CommerceModel.NewCommerce && product.BillingType == BillingType.License ? SubscriptionKind.NceLicense : SubscriptionKind.Legacy,
    };
}
