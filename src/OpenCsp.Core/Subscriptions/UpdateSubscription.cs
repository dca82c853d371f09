using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Subscriptions;

/// <summary>A requested next term (Partner Center's scheduledNextTermInstructions); missing parts keep the current value.</summary>
public sealed record ScheduledChangeInput(string? ProductId, string? SkuId, string? AvailabilityId, string? TermDuration, BillingCycle? BillingCycle, int Quantity);

/// <summary>
/// The changes of one PATCH (API.md A2): null means "no change". <see cref="SetSchedule"/> says whether the body carried
/// scheduledNextTermInstructions at all (null then removes the scheduled change).
/// </summary>
public sealed record SubscriptionPatch(
    int? Quantity = null,
    SubscriptionStatus? Status = null,
    SuspensionReason? Reason = null,
    bool? AutoRenewEnabled = null,
    string? FriendlyName = null,
    bool SetSchedule = false,
    ScheduledChangeInput? Schedule = null,
    BillingCycle? BillingCycle = null,
    int? ExpectedVersion = null)
{
    /// <summary>SUB-2: why the partner suspends or cancels, a customer's request unless said otherwise.</summary>
    public SuspensionReason GivenReason => Reason ?? SuspensionReason.CustomerRequest;
}

/// <summary>A SKU a subscription may renew into, with its availability (and terms) in the customer's market.</summary>
public sealed record RenewalChoice(Sku Sku, Availability Availability);

/// <summary>The outcome of a change: the subscription as it is (or, in a preview, would be) and the ledger lines written.</summary>
public sealed record SubscriptionUpdate(Subscription Subscription, IReadOnlyList<LedgerEntry> Ledger, IReadOnlyList<Subscription> AlsoChanged, bool Preview);

/// <summary>
/// PATCH subscription: applies the fields that differ from the subscription through <see cref="SubscriptionLifecycle"/>,
/// in one transaction with its ledger lines and audit records; a preview runs the same rules and saves nothing (API.md A3).
/// </summary>
public sealed class UpdateSubscription(OpenCspDbContext db, TimeProvider clock)
{
    public async Task<Result<SubscriptionUpdate>> RunAsync(Caller caller, Guid customerId, Guid subscriptionId, SubscriptionPatch patch, bool preview, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        // 0 is the SDK's unset quantity (no change); below it is no quantity at all.
        if (patch.Quantity is < 0)
            return Refusal.Of(ErrorCodes.InvalidProperty, "quantity", "a number of licenses (0 or absent: no change)");
        if (patch.Reason is { } reason && !SubscriptionLifecycle.PartnerSuspensionReasons.Contains(reason))
            return Refusal.Of(ErrorCodes.InvalidProperty, "suspensionReason", "customer_request, nonpayment or fraud (SUB-2)");
        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        await db.LockSubscriptionsAsync(ct, subscriptionId);
        var s = await db.Subscriptions.SingleOrDefaultAsync(x => x.Id == subscriptionId && x.CustomerId == customerId, ct);
        if (s is null)
            return Refusal.Of(ErrorCodes.SubscriptionNotFound, subscriptionId);
        if (patch.ExpectedVersion is { } expected && expected != s.Version)
            return Refusal.Of(ErrorCodes.StaleEtag);

        var now = clock.GetUtcNow();
        var addOns = await db.Subscriptions.Where(a => a.ParentSubscriptionId == s.Id).ToListAsync(ct);
        var parent = s.ParentSubscriptionId is { } p ? await db.Subscriptions.SingleOrDefaultAsync(x => x.Id == p, ct) : null;
        var before = addOns.Prepend(s).ToDictionary(x => x.Id, Snapshot);
        var effects = new LifecycleEffects();

        var refusal = await ApplyAsync(s, parent, addOns, customer, patch, now, effects, ct);
        var changed = addOns.Prepend(s).Where(x => Snapshot(x) != before[x.Id]).ToList();
        if (refusal is not null || preview)
        {
            // Nothing of a refused or previewed change may reach a later SaveChanges (the request's idempotency record saves one).
            db.DiscardPendingChanges();
            return refusal is not null ? refusal : new SubscriptionUpdate(s, effects.Ledger, changed.Where(x => x != s).ToList(), true);
        }

        db.Ledger.AddRange(effects.Ledger);
        // SUB-2: why the partner suspended or cancelled is recorded with the change.
        (string Key, string Value)[] why = patch.Status is SubscriptionStatus.Suspended or SubscriptionStatus.Deleted && changed.Contains(s)
            ? [("Reason", Naming.Kebab(patch.GivenReason.ToString()))]
            : [];
        foreach (var x in changed)
        {
            db.AuditRecords.Add(Audit.Of(x.PartnerId, x.CustomerId, customer.CompanyName, Audit.Who(caller), "subscription", x.Id.ToString(), "update_subscription", now,
                Audit.Snapshot(before[x.Id]), Audit.Snapshot(Snapshot(x)), x == s ? why : []));
        }

        // Another writer (a PATCH or the lifecycle worker) may have changed it meanwhile.
        if (!await db.TrySaveChangesAsync(ct))
            return Refusal.Of(ErrorCodes.SubscriptionNotReady);

        await tx.CommitAsync(ct);
        return new SubscriptionUpdate(s, effects.Ledger, changed.Where(x => x != s).ToList(), false);
    }

    private async Task<Refusal?> ApplyAsync(Subscription s, Subscription? parent, List<Subscription> addOns, Customer customer, SubscriptionPatch patch,
        DateTimeOffset now, LifecycleEffects effects, CancellationToken ct)
    {
        var status = patch.Status is { } wanted && wanted != s.Status ? wanted : (SubscriptionStatus?)null;
        // Reactivate before other changes (they need an active subscription); suspend or cancel after them.
        if (status == SubscriptionStatus.Active && SubscriptionLifecycle.Reactivate(s, parent, now, addOns, effects) is { } notReactivated)
            return notReactivated;

        if (patch.BillingCycle is { } cycle && cycle != s.BillingCycle)
            return Refusal.Of(ErrorCodes.BillingCycleByPatch);
        if (patch.FriendlyName is { } name && name != s.FriendlyName && SubscriptionLifecycle.Rename(s, name) is { } notRenamed)
            return notRenamed;
        if (patch.Quantity is > 0 and var quantity && quantity != s.Quantity)
        {
            var sku = await db.Skus.AsNoTracking().SingleOrDefaultAsync(k => k.ProductId == s.ProductId && k.Id == s.SkuId, ct);
            if (SubscriptionLifecycle.ChangeQuantity(s, quantity, sku?.MinimumQuantity ?? 1, sku?.MaximumQuantity ?? int.MaxValue, now, effects) is { } notChanged)
                return notChanged;
        }

        if (patch.AutoRenewEnabled is { } autoRenew && autoRenew != s.AutoRenewEnabled && status is null or SubscriptionStatus.Active
            && SubscriptionLifecycle.SetAutoRenew(s, autoRenew) is { } notRenewing)
            return notRenewing;
        if (patch.SetSchedule)
        {
            ScheduledChange? change = null;
            if (patch.Schedule is { } input)
            {
                var resolved = await ResolveScheduleAsync(s, customer, input, ct);
                if (!resolved.IsSuccess)
                    return resolved.Refusal;
                change = resolved.Value;
            }

            if (!SameSchedule(change, s.ScheduledChange) && SubscriptionLifecycle.Schedule(s, change) is { } notScheduled)
                return notScheduled;
        }

        return status switch
        {
            null or SubscriptionStatus.Active => null,
            SubscriptionStatus.Suspended => SubscriptionLifecycle.Suspend(s, patch.GivenReason,
                SubscriptionLifecycle.DataDeletionDeadline(now, customer.AccountOpenedAt, await FirstBillingStartAsync(customer.Id, ct), SubscriptionLifecycle.PolicyOf(s)),
                now, addOns),
            SubscriptionStatus.Deleted => SubscriptionLifecycle.Cancel(s, now, TermLinesOf(await TermLinesAsync(addOns.Prepend(s), ct)), addOns, effects),
            _ => Refusal.Of(ErrorCodes.StatusNotUpdatable, s.Status.ToString().ToLowerInvariant(), status.Value.ToString().ToLowerInvariant()),
        };
    }

    /// <summary>SUB-4's "first billing period": the earliest period the customer was charged for, if any.</summary>
    public static async Task<DateTimeOffset?> FirstBillingStartAsync(OpenCspDbContext db, Guid customerId, CancellationToken ct) =>
        await db.Ledger.Where(l => l.CustomerId == customerId && l.Kind != LedgerEntryKind.Credit)
            .OrderBy(l => l.PeriodStart).Select(l => (DateTimeOffset?)l.PeriodStart).FirstOrDefaultAsync(ct);

    private Task<DateTimeOffset?> FirstBillingStartAsync(Guid customerId, CancellationToken ct) => FirstBillingStartAsync(db, customerId, ct);

    private async Task<List<LedgerEntry>> TermLinesAsync(IEnumerable<Subscription> subscriptions, CancellationToken ct)
    {
        var ids = subscriptions.Select(x => x.Id).ToList();
        return await db.Ledger.AsNoTracking().Where(l => l.SubscriptionId != null && ids.Contains(l.SubscriptionId.Value)).ToListAsync(ct);
    }

    /// <summary>The lines of a subscription's current term: what a refund is measured against.</summary>
    private static Func<Subscription, IEnumerable<LedgerEntry>> TermLinesOf(List<LedgerEntry> lines) =>
        s => lines.Where(l => l.SubscriptionId == s.Id && l.PeriodEnd > s.TermStart);

    /// <summary>NCE-5, NCE-6: fills the next term from the request and the current one, and checks the catalog offers it.</summary>
    private async Task<Result<ScheduledChange>> ResolveScheduleAsync(Subscription s, Customer customer, ScheduledChangeInput input, CancellationToken ct)
    {
        var productId = string.IsNullOrWhiteSpace(input.ProductId) ? s.ProductId : input.ProductId.Trim();
        var skuId = string.IsNullOrWhiteSpace(input.SkuId) ? s.SkuId : input.SkuId.Trim();
        var target = $"{productId}:{skuId}";
        var current = await db.Skus.AsNoTracking().SingleOrDefaultAsync(k => k.ProductId == s.ProductId && k.Id == s.SkuId, ct);
        var sku = await db.Skus.AsNoTracking().SingleOrDefaultAsync(k => k.ProductId == productId && k.Id == skuId, ct);
        if (sku is null)
            return Refusal.Of(ErrorCodes.SkuNotFound, target);
        var options = RenewalOptions(s, current);
        if (!options.Contains(target, StringComparer.OrdinalIgnoreCase) && !SkuDowngradesTo(sku, s))
            return s.IsTrial
                ? Refusal.Of(ErrorCodes.TrialTermChange, s.TrialConvertsTo ?? "")
                : Refusal.Of(ErrorCodes.ScheduleTargetNotEligible, target, string.Join(", ", options));

        var availability = await db.Availabilities.AsNoTracking().SingleOrDefaultAsync(a => a.ProductId == sku.ProductId && a.SkuId == sku.Id
            && (input.AvailabilityId == null || input.AvailabilityId == "" ? a.Country == customer.Country : a.Id == input.AvailabilityId), ct);
        if (availability is null || availability.Country != customer.Country)
            return Refusal.Of(ErrorCodes.AvailabilityNotFound, input.AvailabilityId ?? target);
        var duration = string.IsNullOrWhiteSpace(input.TermDuration) ? s.TermDuration : input.TermDuration.Trim().ToUpperInvariant();
        var cycle = input.BillingCycle ?? s.BillingCycle;
        if (Iso.ParseDuration(duration) is not { } term)
            return Refusal.Of(ErrorCodes.InvalidTermDuration, duration, Naming.Kebab(cycle.ToString()), target);
        if (cycle is BillingCycle.Annual && term.Months < 12 || cycle is BillingCycle.Triennial && term.Months < 36)
            return Refusal.Of(ErrorCodes.BillingCycleLongerThanTerm, Naming.Kebab(cycle.ToString()), duration);
        if (availability.Term(duration, cycle) is null)
            return Refusal.Of(ErrorCodes.InvalidTermDuration, duration, Naming.Kebab(cycle.ToString()), target);
        var quantity = input.Quantity > 0 ? input.Quantity : s.Quantity;
        if (quantity < sku.MinimumQuantity || quantity > sku.MaximumQuantity)
            return Refusal.Of(ErrorCodes.QuantityNotInRange, quantity, sku.MinimumQuantity, sku.MaximumQuantity);
        return new ScheduledChange
        {
            ProductId = sku.ProductId,
            SkuId = sku.Id,
            AvailabilityId = availability.Id,
            TermDuration = duration,
            BillingCycle = cycle,
            Quantity = quantity,
        };
    }

    /// <summary>
    /// "Manage renewals" (NCE-5, NCE-6): the SKUs this subscription may renew into — its own, its upgrades and its
    /// downgrades (a trial: its paid SKU) — each with its availability and terms in the customer's market.
    /// </summary>
    public async Task<Result<IReadOnlyList<RenewalChoice>>> RenewalChoicesAsync(Caller caller, Guid customerId, Guid subscriptionId, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var s = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == subscriptionId && x.CustomerId == customerId, ct);
        if (s is null)
            return Refusal.Of(ErrorCodes.SubscriptionNotFound, subscriptionId);
        var current = await db.Skus.AsNoTracking().SingleOrDefaultAsync(k => k.ProductId == s.ProductId && k.Id == s.SkuId, ct);
        var options = RenewalOptions(s, current);
        var productIds = options.Select(o => o.Split(':')[0]).ToList();
        var me = $"{s.ProductId}:{s.SkuId}";
        // The options' products, and the SKUs that list this one as an upgrade (primitive collection, queried in SQL).
        var candidates = await db.Skus.AsNoTracking().Where(k => productIds.Contains(k.ProductId) || (!s.IsTrial && k.UpgradeTargets.Contains(me))).ToListAsync(ct);
        var skus = candidates.Where(k => options.Contains($"{k.ProductId}:{k.Id}", StringComparer.OrdinalIgnoreCase) || SkuDowngradesTo(k, s)).ToList();
        var products = skus.Select(k => k.ProductId).Distinct().ToList();
        var availabilities = await db.Availabilities.AsNoTracking().Where(a => products.Contains(a.ProductId) && a.Country == customer.Country).ToListAsync(ct);
        return skus.SelectMany(k => availabilities.Where(a => a.ProductId == k.ProductId && a.SkuId == k.Id).Take(1).Select(a => new RenewalChoice(k, a)))
            .OrderBy(c => c.Sku.ProductId != s.ProductId || c.Sku.Id != s.SkuId).ThenBy(c => c.Sku.Title, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// What a subscription may renew into (NCE-5, NCE-6): its own SKU or an upgrade target; a trial only its paid SKU
    /// (NCE-8). A downgrade (a SKU that lists this one as its upgrade) is allowed too and waits for renewal.
    /// </summary>
    public static IReadOnlyList<string> RenewalOptions(Subscription s, Sku? current) =>
        s.IsTrial && s.TrialConvertsTo is { } paid
            ? [paid]
            : [$"{s.ProductId}:{s.SkuId}", .. current?.UpgradeTargets ?? []];

    private static bool SkuDowngradesTo(Sku candidate, Subscription s) =>
        !s.IsTrial && candidate.UpgradeTargets.Contains($"{s.ProductId}:{s.SkuId}", StringComparer.OrdinalIgnoreCase);

    private static bool SameSchedule(ScheduledChange? a, ScheduledChange? b) =>
        a is null ? b is null : b is not null && a.ProductId == b.ProductId && a.SkuId == b.SkuId && a.AvailabilityId == b.AvailabilityId
                                && a.TermDuration == b.TermDuration && a.BillingCycle == b.BillingCycle && a.Quantity == b.Quantity;

    /// <summary>What the activity log keeps of a subscription before and after a change.</summary>
    public sealed record State(
        Guid Id, string OfferId, string FriendlyName, int Quantity, SubscriptionStatus Status, bool AutoRenewEnabled, DateTimeOffset TermEnd,
        string? ScheduledNextTerm, DateTimeOffset? DataDeletionAt, bool CancelAtTermEnd);

    public static State Snapshot(Subscription s) => new(
        s.Id, s.CatalogItemId, s.FriendlyName, s.Quantity, s.Status, s.AutoRenewEnabled, s.TermEnd,
        s.ScheduledChange is { } c ? $"{c.ProductId}:{c.SkuId}:{c.AvailabilityId} {c.TermDuration} {c.BillingCycle} x{c.Quantity}" : null,
        s.DataDeletionAt, s.CancelAtTermEnd);
}
