using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Policies;

namespace OpenCsp.Core.Subscriptions;

/// <summary>Which rule set a subscription's changes follow, from what was sold.</summary>
public enum SubscriptionKind
{
    NceLicense,
    Legacy,
    IsvSaaS,
    IsvUsage,
    Software,
    Reservation,
}

/// <summary>SUB-2's reasons, plus the two the product records by itself.</summary>
public enum SuspensionReason
{
    CustomerRequest,
    Nonpayment,
    Fraud,
    ParentSuspended,
    TermEnded,
}

/// <summary>What falls due for a subscription, in the order the due-work worker runs them.</summary>
public enum LifecycleEvent
{
    BillingPeriod,
    TermEnd,
    DataDeletion,
    ExpiredEnds,
    DisabledEnds,
    SoftwareCancellation,
}

/// <summary>The ledger lines and notes a transition produced; the caller saves them with the subscription.</summary>
public sealed class LifecycleEffects
{
    public List<LedgerEntry> Ledger { get; } = [];
}

/// <summary>
/// The subscription state machine: every status change and every mid-term change is a method here that checks the
/// rules (SUB, NCE, ISV, ADD) and either changes the subscription and says what it costs, or returns a refusal with
/// the code, the rule and the deciding date (POL-2). Legacy and new-commerce rules sit side by side, chosen by
/// <see cref="KindOf"/>; windows come from the policy set the subscription was sold under (POL-1).
/// </summary>
public static class SubscriptionLifecycle
{
    public static SubscriptionKind KindOf(Subscription s) => s switch
    {
        { CommerceModel: CommerceModel.Legacy } => SubscriptionKind.Legacy,
        { ProductType: "Software" } => SubscriptionKind.Software,
        { ProductType: "Azure" } => SubscriptionKind.Reservation,
        { IsMicrosoftProduct: false, BillingType: BillingType.Usage } => SubscriptionKind.IsvUsage,
        { IsMicrosoftProduct: false } => SubscriptionKind.IsvSaaS,
        _ => SubscriptionKind.NceLicense,
    };

    public static PolicySet PolicyOf(Subscription s) => PolicySet.Named(s.PolicySet);

    /// <summary>SUB-2: the reasons a partner may give for suspending; the others are set by the lifecycle itself.</summary>
    public static readonly IReadOnlyList<SuspensionReason> PartnerSuspensionReasons =
        [SuspensionReason.CustomerRequest, SuspensionReason.Nonpayment, SuspensionReason.Fraud];

    /// <summary>Refuses any change to a subscription that has ended or is not the partner's (CUS-3, SUB-5, NCE-13).</summary>
    public static Refusal? Changeable(Subscription s) => s.Status switch
    {
        _ when s.Channel != SalesChannel.Partner => Refusal.Of(ErrorCodes.SubscriptionNotOurs, s.Id),
        SubscriptionStatus.Deleted => Refusal.Of(ErrorCodes.SubscriptionDeleted, s.Id),
        SubscriptionStatus.Expired or SubscriptionStatus.Disabled => Refusal.Of(ErrorCodes.SubscriptionEnded, s.Status.ToString().ToLowerInvariant()),
        SubscriptionStatus.Pending => Refusal.Of(ErrorCodes.SubscriptionNotReady),
        _ => null,
    };

    /// <summary>
    /// SUB-4: suspended-at + min(max, 90 + d) days, where d is the whole days from the account's opening to the start of
    /// the customer's first billing period (or to the suspension, if no period has started yet).
    /// </summary>
    public static DateTimeOffset DataDeletionDeadline(DateTimeOffset suspendedAt, DateTimeOffset accountOpenedAt, DateTimeOffset? firstBillingStart, PolicySet policy)
    {
        var firstPeriod = firstBillingStart is { } f && f <= suspendedAt ? f : suspendedAt;
        var d = Math.Max(0, (firstPeriod - accountOpenedAt).Days);
        return suspendedAt.AddDays(Math.Min(policy.DataDeletionMaxDays, policy.DataDeletionDays + d));
    }

    /// <summary>SUB-2, NCE-2, NCE-3, ADD-5: suspend with a reason; NCE turns auto-renew off and drops scheduled changes.</summary>
    public static Refusal? Suspend(Subscription s, SuspensionReason reason, DateTimeOffset deletionAt, DateTimeOffset now, IEnumerable<Subscription> addOns)
    {
        if (Changeable(s) is { } refused)
            return refused;
        if (s.Status != SubscriptionStatus.Active)
            return Refusal.Of(ErrorCodes.StatusNotUpdatable, s.Status.ToString().ToLowerInvariant(), "suspended").WithRule("SUB-2");
        SuspendOne(s, reason, deletionAt, now);
        foreach (var addOn in addOns.Where(a => a.Status == SubscriptionStatus.Active))
        {
            SuspendOne(addOn, SuspensionReason.ParentSuspended, deletionAt, now);
            addOn.SuspendedWithParent = true;
        }

        return null;
    }

    private static void SuspendOne(Subscription s, SuspensionReason reason, DateTimeOffset deletionAt, DateTimeOffset now)
    {
        s.Status = SubscriptionStatus.Suspended;
        s.StatusChangedAt = now;
        s.DataDeletionAt = deletionAt;
        s.SuspensionReasons = [Naming.Kebab(reason.ToString()).Replace('-', '_')];
        if (KindOf(s) != SubscriptionKind.Legacy)
        {
            s.AutoRenewEnabled = false; // NCE-3
            s.ScheduledChange = null;
            s.CancelAtTermEnd = false;
        }
    }

    /// <summary>SUB-7, NCE-2, ADD-5: reactivate, restoring access; the add-ons the base's suspension took along come back with it.</summary>
    public static Refusal? Reactivate(Subscription s, Subscription? parent, DateTimeOffset now, IEnumerable<Subscription> addOns, LifecycleEffects effects)
    {
        if (Changeable(s) is { } refused)
            return refused.Error == ErrorCodes.SubscriptionEnded ? refused.WithRule("NCE-13") : refused;
        if (s.Status != SubscriptionStatus.Suspended)
            return Refusal.Of(ErrorCodes.StatusNotUpdatable, s.Status.ToString().ToLowerInvariant(), "active").WithRule("SUB-7");
        if (parent is not null && parent.Status != SubscriptionStatus.Active)
            return Refusal.Of(ErrorCodes.ParentNotActive);
        ReactivateOne(s, now, effects);
        foreach (var addOn in addOns.Where(a => a.Status == SubscriptionStatus.Suspended && a.SuspendedWithParent))
            ReactivateOne(addOn, now, effects);
        return null;
    }

    private static void ReactivateOne(Subscription s, DateTimeOffset now, LifecycleEffects effects)
    {
        var legacy = KindOf(s) == SubscriptionKind.Legacy;
        // A legacy subscription whose term ran out while suspended starts its next term now (SUB-7: no new purchase).
        if (legacy && s.TermEnd <= now && s.TermEnd > s.TermStart)
        {
            s.TermAnchor = SubscriptionTerms.StartOfDay(now);
            StartTerm(s, s.TermAnchor, s.Quantity, now);
        }
        else if (legacy && s.BilledThrough <= now && s.BilledThrough < s.TermEnd)
        {
            // Legacy suspensions are not billed (API.md B §4.2): the period the suspension skipped is charged from today.
            var (start, end) = SubscriptionTerms.PeriodOf(s, now);
            if (Billable(s))
                effects.Ledger.Add(SubscriptionCharges.Charge(s, s.Quantity, SubscriptionCharges.Fraction(SubscriptionTerms.StartOfDay(now), start, end), start, end, now, "reactivated"));
            s.BilledThrough = end;
        }

        s.Status = SubscriptionStatus.Active;
        s.StatusChangedAt = now;
        s.DataDeletionAt = null;
        s.SuspendedWithParent = false;
        s.SuspensionReasons = [];
        if (legacy && s.BilledThrough == s.TermStart)
            ChargePeriod(s, s.TermStart, effects, "reactivated");
    }

    /// <summary>
    /// Cancel (status "deleted"): NCE-1's windows for new-commerce licenses, ISV-1..5 for third-party SaaS, with the
    /// refund as a credit for the next invoice (BILL-2). Cancelling a base cancels its add-ons.
    /// </summary>
    public static Refusal? Cancel(Subscription s, DateTimeOffset now, Func<Subscription, IEnumerable<LedgerEntry>> termLines,
        IEnumerable<Subscription> addOns, LifecycleEffects effects)
    {
        if (Changeable(s) is { } refused)
            return refused;
        var policy = PolicyOf(s);
        switch (KindOf(s))
        {
            case SubscriptionKind.Legacy or SubscriptionKind.Reservation:
                return Refusal.Of(ErrorCodes.StatusNotUpdatable, s.Status.ToString().ToLowerInvariant(), "deleted").WithRule("SUB-5");
            case SubscriptionKind.Software:
                return Refusal.Of(ErrorCodes.SoftwareCancelledByOrder, s.OrderId?.ToString() ?? "");
            case SubscriptionKind.IsvUsage:
                End(s, now); // ISV-5: deprovisioned, nothing refunded
                break;
            case SubscriptionKind.IsvSaaS when s.CancellationAllowedUntil is not { } until || until <= now:
                // ISV-2/3/4: after the window the cancellation waits for the renewal date, and says so.
                s.CancelAtTermEnd = true;
                s.AutoRenewEnabled = false;
                s.ScheduledChange = null;
                return null;
            case SubscriptionKind.IsvSaaS:
                Refund(s, DateTimeOffset.MinValue, now, termLines, effects, "cancelled inside the ISV refund window (ISV-1)");
                End(s, now);
                break;
            default:
                if (s.IsTrial)
                {
                    End(s, now); // a trial is free: nothing to refund, and it may end at any time
                    break;
                }

                if (s.CancellationAllowedUntil is not { } closes || closes <= now)
                    return WindowPassed(policy.NceCancellationWindow, ErrorCodes.CancellationWindowPassedDays, ErrorCodes.CancellationWindowPassedHours)
                        with
                    { RuleId = "NCE-1", PossibleUntil = s.CancellationAllowedUntil ?? s.TermPurchasedAt + policy.NceCancellationWindow };
                var full = now < s.TermPurchasedAt + policy.NceFullRefundWindow;
                Refund(s, full ? DateTimeOffset.MinValue : SubscriptionTerms.StartOfDay(now).AddDays(1), now, termLines, effects,
                    full ? "cancelled within the full-refund window (NCE-1)" : "cancelled: unused days refunded (NCE-1)");
                End(s, now);
                break;
        }

        foreach (var addOn in addOns.Where(a => a.Status is SubscriptionStatus.Active or SubscriptionStatus.Suspended))
        {
            var full = now < addOn.TermPurchasedAt + policy.NceFullRefundWindow;
            if (addOn.CancellationAllowedUntil is { } open && open > now)
                Refund(addOn, full ? DateTimeOffset.MinValue : SubscriptionTerms.StartOfDay(now).AddDays(1), now, termLines, effects, "cancelled with its base");
            End(addOn, now);
        }

        return null;
    }

    /// <summary>
    /// What cancelling now would give back, and until when (Partner Center's refundOptions), by the same windows
    /// <see cref="Cancel"/> and <see cref="ApplySoftwareCancellation"/> credit by: in full (ISV-1, perpetual software
    /// SW-13, a new-commerce license inside NCE-1's first window), or the unused days (NCE-1, a software subscription
    /// SW-13). Nothing for what cancelling does not refund: usage-based ISV (ISV-5), trials, legacy and reservations.
    /// </summary>
    public static (DateTimeOffset? FullUntil, DateTimeOffset? PartialUntil) RefundWindows(Subscription s, DateTimeOffset now)
    {
        var kind = KindOf(s);
        var until = kind == SubscriptionKind.Software ? SoftwareCancellableUntil(s) : s.CancellationAllowedUntil;
        if (until is not { } closes || closes <= now || s.IsTrial || Changeable(s) is not null)
            return (null, null);
        var (full, partial) = RefundTypes(kind, IsPerpetual(s), s.TermPurchasedAt, closes, PolicyOf(s));
        return (full > now ? full : null, partial);
    }

    /// <summary>
    /// The refunds a cancellation window gives, by kind, for a term bought at <paramref name="purchasedAt"/> whose window
    /// closes at <paramref name="closes"/>: the one place that says full or prorated, for subscriptions and the catalog.
    /// </summary>
    public static (DateTimeOffset? FullUntil, DateTimeOffset? PartialUntil) RefundTypes(
        SubscriptionKind kind, bool perpetual, DateTimeOffset purchasedAt, DateTimeOffset closes, PolicySet policy)
    {
        switch (kind)
        {
            case SubscriptionKind.IsvSaaS:
            case SubscriptionKind.Software when perpetual:
                return (closes, null);
            case SubscriptionKind.Software:
                return (null, closes);
            case SubscriptionKind.NceLicense:
                var full = purchasedAt + policy.NceFullRefundWindow;
                return (full > purchasedAt ? full : null, closes > full ? closes : null);
            default:
                return (null, null);
        }
    }

    /// <summary>
    /// Whether a software purchase may be cancelled now (SW-8, SW-9): only software, not SW-9's exceptions, not twice, and
    /// only inside the window of the policy set it was sold under (perpetual and software subscriptions may differ, POL-1).
    /// </summary>
    public static Refusal? SoftwareCancellable(Subscription s, CancellationRestriction? restriction, DateTimeOffset now)
    {
        // Azure reservations share the Software page but are returned or exchanged through a support request.
        if (KindOf(s) == SubscriptionKind.Reservation && !SoftwareCancelled(s))
            return Refusal.Of(ErrorCodes.SoftwareCancelledBySupportRequest, s.OfferName);
        if (KindOf(s) != SubscriptionKind.Software)
            return Refusal.Of(ErrorCodes.OnlySoftwareCancellable, s.OfferName);
        if (SoftwareCancelled(s))
            return Refusal.Of(ErrorCodes.SoftwareAlreadyCancelled, s.OfferName);
        if (restriction == CancellationRestriction.SupportRequestOnly)
            return Refusal.Of(ErrorCodes.SoftwareCancelledBySupportRequest, s.OfferName);
        if (restriction == CancellationRestriction.NotCancellable)
            return Refusal.Of(ErrorCodes.SoftwareNotCancellable, s.OfferName);
        if (Changeable(s) is { } ended)
            return ended;
        var until = SoftwareCancellableUntil(s);
        var window = until - s.TermPurchasedAt;
        return now < until
            ? null
            : WindowPassed(window, ErrorCodes.CancellationWindowPassedDays, ErrorCodes.CancellationWindowPassedHours) with { RuleId = "SW-8", PossibleUntil = until };
    }

    /// <summary>SW-8's last moment for a purchase: the date set when it was sold, else its window from the purchase.</summary>
    public static DateTimeOffset SoftwareCancellableUntil(Subscription s) =>
        s.CancellationAllowedUntil ?? PolicyOf(s).CancellableUntil(SubscriptionKind.Software, IsPerpetual(s), s.BillingCycle, s.TermPurchasedAt)!.Value;

    /// <summary>SW-12: the cancellation is confirmed now and applied after the policy's delay; the purchase stops renewing at once.</summary>
    public static Refusal? RequestSoftwareCancellation(Subscription s, CancellationRestriction? restriction, DateTimeOffset now)
    {
        if (SoftwareCancellable(s, restriction, now) is { } refused)
            return refused;
        s.CancellationRequestedAt = now;
        s.AutoRenewEnabled = false;
        s.ScheduledChange = null;
        return null;
    }

    /// <summary>
    /// SW-13 when a requested cancellation applies: the purchase ends with a credit of everything it was charged for
    /// perpetual software, or of the unused days from the day after the request for a software subscription.
    /// </summary>
    /// <param name="lines">Every ledger line of the purchase.</param>
    public static void ApplySoftwareCancellation(Subscription s, DateTimeOffset at, IReadOnlyList<LedgerEntry> lines, LifecycleEffects effects)
    {
        var requested = s.CancellationRequestedAt ?? at;
        if (IsPerpetual(s))
        {
            var paid = (Money.RoundToCents(lines.Sum(l => l.NetAmount)), Money.RoundToCents(lines.Sum(l => l.TaxAmount)));
            if (SubscriptionCharges.Refund(s, paid, s.TermStart, at, "perpetual software cancelled: full credit (SW-13)") is { } full)
                effects.Ledger.Add(full);
        }
        else
        {
            var from = SubscriptionTerms.StartOfDay(requested).AddDays(1);
            var unused = SubscriptionCharges.Unused(lines.Where(l => l.PeriodEnd > s.TermStart), from);
            if (SubscriptionCharges.Refund(s, unused, from, at, "software subscription cancelled: unused days credited (SW-13)") is { } prorated)
                effects.Ledger.Add(prorated);
        }

        End(s, at);
    }

    /// <summary>SW-12/13: cancelled, or confirmed and waiting to apply; either way its keys and links are blocked.</summary>
    public static bool SoftwareCancelled(Subscription s) => s.CancellationRequestedAt is not null || s.Status == SubscriptionStatus.Deleted;

    /// <summary>Perpetual software is bought once, without a term.</summary>
    public static bool IsPerpetual(Subscription s) => KindOf(s) == SubscriptionKind.Software && s.TermDuration.Length == 0;

    private static void Refund(Subscription s, DateTimeOffset from, DateTimeOffset now, Func<Subscription, IEnumerable<LedgerEntry>> termLines,
        LifecycleEffects effects, string why)
    {
        var lines = termLines(s).Concat(effects.Ledger.Where(l => l.SubscriptionId == s.Id)).ToList();
        if (SubscriptionCharges.Refund(s, SubscriptionCharges.Unused(lines, from), from == DateTimeOffset.MinValue ? s.TermStart : from, now, why) is { } credit)
            effects.Ledger.Add(credit);
    }

    private static void End(Subscription s, DateTimeOffset now)
    {
        s.Status = SubscriptionStatus.Deleted;
        s.StatusChangedAt = now;
        s.AutoRenewEnabled = false;
        s.ScheduledChange = null;
        s.CancellationAllowedUntil = null;
        s.SeatBatches = [];
    }

    private static Refusal WindowPassed(TimeSpan window, ErrorCode days, ErrorCode hours) =>
        window.Ticks % TimeSpan.TicksPerDay == 0 ? Refusal.Of(days, (int)window.TotalDays) : Refusal.Of(hours, (int)window.TotalHours);

    /// <summary>
    /// SUB-1, NCE-5, NCE-10, NCE-12, BILL-3: more seats are charged prorated to the end of the billing period and open a
    /// window of their own; fewer seats only from windows still open, newest first, each credited; otherwise 800090.
    /// </summary>
    public static Refusal? ChangeQuantity(Subscription s, int quantity, int minimum, int maximum, DateTimeOffset now, LifecycleEffects effects)
    {
        if (Changeable(s) is { } refused)
            return refused;
        if (s.Status == SubscriptionStatus.Suspended)
            return Refusal.Of(ErrorCodes.QuantityWhileSuspended).WithRule("SUB-1");
        if (KindOf(s) is SubscriptionKind.Software or SubscriptionKind.Reservation or SubscriptionKind.IsvUsage)
            return Refusal.Of(ErrorCodes.QuantityNotChangeable);
        if (quantity < minimum || quantity > maximum)
            return Refusal.Of(ErrorCodes.QuantityNotInRange, quantity, minimum, maximum).WithRule("SUB-1");

        var policy = PolicyOf(s);
        var (periodStart, periodEnd) = SubscriptionTerms.PeriodOf(s, now);
        var today = SubscriptionTerms.StartOfDay(now);
        if (quantity > s.Quantity)
        {
            var added = quantity - s.Quantity;
            if (Billable(s) && s.BilledThrough > now)
                effects.Ledger.Add(SubscriptionCharges.Charge(s, added, SubscriptionCharges.Fraction(today, periodStart, periodEnd), today, periodEnd, now, "seats added mid-term"));
            if (HasSeatWindows(s))
                s.SeatBatches.Add(new SeatBatch { Quantity = added, AddedAt = now, RefundableUntil = now + policy.NceSeatReductionWindow });
        }
        else if (HasSeatWindows(s))
        {
            var removed = s.Quantity - quantity;
            var open = s.SeatBatches.Where(b => b.RefundableUntil > now && b.Quantity > 0).OrderByDescending(b => b.AddedAt).ToList();
            if (open.Sum(b => b.Quantity) < removed)
                return WindowPassed(policy.NceSeatReductionWindow, ErrorCodes.SeatReductionWindowPassed, ErrorCodes.SeatReductionWindowPassedHours)
                    with
                { RuleId = "NCE-12", PossibleFrom = s.TermEnd };
            foreach (var batch in open)
            {
                var take = Math.Min(removed, batch.Quantity);
                if (take == 0)
                    break;
                batch.Quantity -= take;
                removed -= take;
                if (Billable(s) && s.BilledThrough > now)
                {
                    var full = now < batch.AddedAt + policy.NceFullRefundWindow;
                    var from = full ? SubscriptionTerms.StartOfDay(batch.AddedAt) : today.AddDays(1);
                    effects.Ledger.Add(SubscriptionCharges.SeatCredit(s, take, from, periodStart, periodEnd, now, "seats removed inside their window (NCE-12)"));
                }
            }

            s.SeatBatches = [.. s.SeatBatches.Where(b => b.Quantity > 0)];
        }
        else if (Billable(s) && s.BilledThrough > now)
        {
            // Legacy: fewer seats at any time, the rest of the period credited.
            effects.Ledger.Add(SubscriptionCharges.SeatCredit(s, s.Quantity - quantity, today.AddDays(1), periodStart, periodEnd, now, "seats removed"));
        }

        s.Quantity = quantity;
        s.ScheduledChange = null; // NCE-10: a mid-term change removes the scheduled one
        return null;
    }

    /// <summary>NCE-4: auto-renew on (only while active, for a subscription with a term) or off (which drops scheduled changes).</summary>
    public static Refusal? SetAutoRenew(Subscription s, bool on)
    {
        if (Changeable(s) is { } refused)
            return refused;
        if (on && s.Status == SubscriptionStatus.Suspended)
            return Refusal.Of(ErrorCodes.SuspendedNoUpdate).WithRule("NCE-3");
        if (on && (s.TermEnd <= s.TermStart || KindOf(s) is SubscriptionKind.Software or SubscriptionKind.IsvUsage))
            return Refusal.Of(ErrorCodes.AutoRenewNotEligible).WithRule("NCE-4");
        s.AutoRenewEnabled = on;
        if (on)
            s.CancelAtTermEnd = false;
        else
            s.ScheduledChange = null;
        return null;
    }

    /// <summary>NCE-6: a change for the next term, only for an active new-commerce subscription with auto-renew on.</summary>
    public static Refusal? Schedule(Subscription s, ScheduledChange? change)
    {
        if (Changeable(s) is { } refused)
            return refused;
        if (KindOf(s) == SubscriptionKind.Legacy)
            return Refusal.Of(ErrorCodes.LegacyNotSupported).WithRule("NCE-6");
        if (change is not null && (s.Status != SubscriptionStatus.Active || !s.AutoRenewEnabled))
            return Refusal.Of(ErrorCodes.ScheduleNeedsActiveAutoRenew, s.Status.ToString().ToLowerInvariant(), s.AutoRenewEnabled);
        s.ScheduledChange = change;
        return null;
    }

    public static Refusal? Rename(Subscription s, string name)
    {
        if (s.Channel != SalesChannel.Partner)
            return Refusal.Of(ErrorCodes.SubscriptionNotOurs, s.Id);
        if (s.Status == SubscriptionStatus.Deleted)
            return Refusal.Of(ErrorCodes.SubscriptionDeleted, s.Id);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 128)
            return Refusal.Of(ErrorCodes.InvalidProperty, "friendlyName", "1 to 128 characters");
        s.FriendlyName = name.Trim();
        return null;
    }

    /// <summary>SUB-3: may this user of the customer use the subscription now? Administrators keep access while suspended.</summary>
    public static (bool Allowed, string Reason) Access(Subscription s, bool admin) => s.Status switch
    {
        SubscriptionStatus.Active => (true, "active"),
        SubscriptionStatus.Suspended when admin => (true, "suspended: administrators keep access to their data (SUB-3)"),
        SubscriptionStatus.Suspended => (false, "suspended: users cannot sign in or use the service (SUB-3)"),
        SubscriptionStatus.Expired => (true, "expired: access continues until the subscription is disabled (NCE-13)"),
        SubscriptionStatus.Disabled when admin => (true, "disabled: administrators may back up their data (NCE-13)"),
        SubscriptionStatus.Disabled => (false, "disabled (NCE-13)"),
        SubscriptionStatus.Pending => (false, "pending: not provisioned yet"),
        _ => (false, "deleted"),
    };

    // ---- Due work: what falls due, and what happens then --------------------------------------------------------

    /// <summary>The subscription's next event and its time, or null when nothing waits (deleted, or a one-time purchase).</summary>
    public static (LifecycleEvent Event, DateTimeOffset At)? NextEvent(Subscription s)
    {
        var policy = PolicyOf(s);
        var legacy = KindOf(s) == SubscriptionKind.Legacy;
        var hasTerm = s.TermEnd > s.TermStart;
        var candidates = new List<(LifecycleEvent, DateTimeOffset)>();
        switch (s.Status)
        {
            case SubscriptionStatus.Active or SubscriptionStatus.Suspended:
                if (hasTerm && s.BilledThrough < s.TermEnd && s.BilledThrough > s.TermStart && (s.Status == SubscriptionStatus.Active || !legacy))
                    candidates.Add((LifecycleEvent.BillingPeriod, s.BilledThrough));
                // An add-on's term ends with its base's, which handles both (ADD-6); legacy suspensions run on to SUB-4.
                if (hasTerm && s.ParentSubscriptionId is null && !(legacy && s.Status == SubscriptionStatus.Suspended))
                    candidates.Add((LifecycleEvent.TermEnd, s.TermEnd));
                if (s.Status == SubscriptionStatus.Suspended && s.DataDeletionAt is { } deletion)
                    candidates.Add((LifecycleEvent.DataDeletion, deletion));
                if (s.CancellationRequestedAt is { } requested)
                    candidates.Add((LifecycleEvent.SoftwareCancellation, requested + policy.SoftwareCancellationDelay));
                break;
            case SubscriptionStatus.Expired:
                candidates.Add((LifecycleEvent.ExpiredEnds, s.StatusChangedAt.AddDays(policy.ExpiredAccessDays)));
                break;
            case SubscriptionStatus.Disabled:
                candidates.Add((LifecycleEvent.DisabledEnds, s.StatusChangedAt.AddDays(policy.DisabledDays)));
                break;
        }

        return candidates.Count == 0 ? null : candidates.MinBy(c => (c.Item2, c.Item1));
    }

    /// <summary>
    /// When the subscription's data will be deleted if nothing changes: SUB-4's deadline while suspended (for new commerce,
    /// unless the term ends first: then disabled, NCE-13), or the end of the disabled span after expiry or disabling.
    /// </summary>
    public static DateTimeOffset? DeletionDate(Subscription s)
    {
        var policy = PolicyOf(s);
        return s.Status switch
        {
            SubscriptionStatus.Suspended when KindOf(s) != SubscriptionKind.Legacy && s.TermEnd > s.TermStart && s.TermEnd < s.DataDeletionAt
                => s.TermEnd.AddDays(policy.DisabledDays),
            SubscriptionStatus.Suspended => s.DataDeletionAt,
            SubscriptionStatus.Expired => s.StatusChangedAt.AddDays(policy.ExpiredAccessDays + policy.DisabledDays),
            SubscriptionStatus.Disabled => s.StatusChangedAt.AddDays(policy.DisabledDays),
            _ => null,
        };
    }

    /// <summary>Charges the billing period starting at <paramref name="at"/> (monthly billing inside a longer term; BILL-1, BILL-4).</summary>
    public static void BillNextPeriod(Subscription s, DateTimeOffset at, LifecycleEffects effects) => ChargePeriod(s, at, effects, "billing period");

    /// <summary>
    /// NCE-13 at term end, for a base and (ADD-6) its add-ons: suspended → disabled; a scheduled cancellation → deleted;
    /// auto-renew on → renewed with <paramref name="next"/> (the scheduled change or trial conversion, already priced);
    /// auto-renew off → expired (legacy: suspended, SUB-5). A renewed add-on ends with its renewed base
    /// (<paramref name="baseTermEnd"/>, ADD-6) whatever its own term's length.
    /// </summary>
    public static void EndTerm(Subscription s, DateTimeOffset at, RenewalTerms? next, DateTimeOffset legacyDeletionAt, LifecycleEffects effects,
        DateTimeOffset? baseTermEnd = null)
    {
        if (s.Status == SubscriptionStatus.Suspended)
        {
            if (KindOf(s) != SubscriptionKind.Legacy)
                SetStatus(s, SubscriptionStatus.Disabled, at);
            return;
        }

        if (s.Status != SubscriptionStatus.Active)
            return;
        if (s.CancelAtTermEnd)
        {
            End(s, at);
            return;
        }

        if (!s.AutoRenewEnabled || next is null)
        {
            if (KindOf(s) == SubscriptionKind.Legacy)
            {
                SuspendOne(s, SuspensionReason.TermEnded, legacyDeletionAt, at);
                return;
            }

            SetStatus(s, SubscriptionStatus.Expired, at);
            s.CancellationAllowedUntil = null;
            s.SeatBatches = [];
            return;
        }

        Renew(s, at, next, at, effects, baseTermEnd);
    }

    /// <summary>
    /// Starts the next term at <paramref name="start"/> with <paramref name="next"/> (a renewal, NCE-13, or a trial
    /// converting, NCE-8): new dates from the anchor, new NCE-1 and NCE-12 windows, and the first period charged.
    /// </summary>
    public static void Renew(Subscription s, DateTimeOffset start, RenewalTerms next, DateTimeOffset at, LifecycleEffects effects, DateTimeOffset? baseTermEnd = null)
    {
        s.ProductId = next.ProductId;
        s.SkuId = next.SkuId;
        s.OfferName = next.OfferName;
        if (s.IsTrial)
            s.TermAnchor = start; // the paid terms count from the conversion, not from the trial's start
        s.AvailabilityId = next.AvailabilityId;
        s.TermDuration = next.TermDuration;
        s.BillingCycle = next.BillingCycle;
        s.UnitPrice = next.UnitPrice;
        s.IsTrial = false;
        s.TrialConvertsTo = null;
        s.FreeTrialEndsAt = null;
        s.ScheduledChange = null;
        StartTerm(s, start, next.Quantity, at, baseTermEnd);
        s.CancellationAllowedUntil = PolicyOf(s).CancellableUntil(KindOf(s), IsPerpetual(s), s.BillingCycle, at);
        ChargePeriod(s, at, effects, "new term");
    }

    /// <summary>SUB-4 at the deadline, or the end of NCE-13's expired and disabled spans.</summary>
    public static void Delete(Subscription s, DateTimeOffset at) => End(s, at);

    public static void Disable(Subscription s, DateTimeOffset at) => SetStatus(s, SubscriptionStatus.Disabled, at);

    private static void SetStatus(Subscription s, SubscriptionStatus status, DateTimeOffset at)
    {
        s.Status = status;
        s.StatusChangedAt = at;
        s.AutoRenewEnabled = false;
        s.ScheduledChange = null;
    }

    private static void StartTerm(Subscription s, DateTimeOffset start, int quantity, DateTimeOffset at, DateTimeOffset? baseTermEnd = null)
    {
        s.Quantity = quantity;
        s.TermStart = start;
        s.TermEnd = baseTermEnd ?? SubscriptionTerms.TermEnd(s.TermAnchor, start, s.TermDuration);
        s.TermPurchasedAt = at;
        s.BilledThrough = start;
        s.SeatBatches = HasSeatWindows(s) ? [new SeatBatch { Quantity = quantity, AddedAt = at, RefundableUntil = at + PolicyOf(s).NceSeatReductionWindow }] : [];
    }

    private static void ChargePeriod(Subscription s, DateTimeOffset at, LifecycleEffects effects, string what)
    {
        var (start, end) = SubscriptionTerms.PeriodOf(s, at);
        if (Billable(s) && !(KindOf(s) == SubscriptionKind.Legacy && s.Status == SubscriptionStatus.Suspended))
            effects.Ledger.Add(SubscriptionCharges.Charge(s, s.Quantity, 1, start, end, at, what));
        s.BilledThrough = end;
    }

    /// <summary>Only the partner's own, paid subscriptions write to its ledger; trials are free (NCE-8, ORD-4).</summary>
    private static bool Billable(Subscription s) => s.Channel == SalesChannel.Partner && s.UnitPrice > 0 && !s.IsTrial;

    /// <summary>NCE-12's per-batch windows apply to new-commerce licenses and licensed ISV SaaS.</summary>
    private static bool HasSeatWindows(Subscription s) => KindOf(s) is SubscriptionKind.NceLicense or SubscriptionKind.IsvSaaS;
}

/// <summary>The next term a renewal starts: the same SKU, a scheduled change (NCE-7) or a trial's paid SKU (NCE-8), priced from the catalog.</summary>
public sealed record RenewalTerms(
    string ProductId, string SkuId, string AvailabilityId, string OfferName, string TermDuration, BillingCycle BillingCycle, decimal UnitPrice, int Quantity);
