using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Subscriptions;

/// <summary>A finished transition (Partner Center's Transition), kept for GET …/transitions.</summary>
public sealed class TransitionRecord
{
    public Guid Id { get; init; }
    public Guid CustomerId { get; init; }
    public Guid FromSubscriptionId { get; init; }
    public required string FromCatalogItemId { get; init; }
    public Guid ToSubscriptionId { get; init; }
    public required string ToCatalogItemId { get; init; }
    public int Quantity { get; init; }
    public required string TermDuration { get; init; }
    public BillingCycle BillingCycle { get; init; }
    public required string TransitionType { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>POST …/transitions: which SKU, how many seats, into a new or an existing subscription.</summary>
public sealed record TransitionInput(string? ToCatalogItemId, Guid? ToSubscriptionId, int Quantity, string? TermDuration, BillingCycle? BillingCycle, string? TransitionType);

/// <summary>One upgrade option of a subscription and whether it can be taken now (GET …/transitionEligibilities).</summary>
public sealed record TransitionOption(Product Product, Availability Target, Sku Sku, int Quantity, IReadOnlyList<Refusal> Errors, IReadOnlyList<Subscription> IntoSubscriptions);

public sealed record TransitionDone(TransitionRecord Transition, Subscription Source, Subscription Target, IReadOnlyList<LedgerEntry> Ledger, bool Preview);

/// <summary>
/// NCE-11 upgrades, mid-term: all seats (the subscription keeps its id and takes the new SKU), some seats (a new
/// subscription ending with the source, or an existing one of the target SKU). Only from an active subscription, only to
/// an upgrade target; the unused part of the moved seats is credited and the target charged for the rest of the
/// period; no cancellation window applies to upgraded seats. A mid-term upgrade removes scheduled changes (NCE-10).
/// Upgrades at renewal are scheduled changes (PATCH scheduledNextTermInstructions).
/// </summary>
public sealed class TransitionSubscription(OpenCspDbContext db, TimeProvider clock)
{
    /// <param name="legacy">Legacy upgrades (GET …/upgrades) instead of new-commerce transitions.</param>
    public async Task<Result<IReadOnlyList<TransitionOption>>> EligibilitiesAsync(Caller caller, Guid customerId, Guid subscriptionId, bool scheduled, CancellationToken ct, bool legacy = false)
    {
        var found = await LoadAsync(caller, customerId, subscriptionId, tracked: false, ct);
        if (!found.IsSuccess)
            return found.Refusal!;
        var (customer, source) = found.Value;
        var sku = await db.Skus.AsNoTracking().SingleOrDefaultAsync(k => k.ProductId == source.ProductId && k.Id == source.SkuId, ct);
        var options = new List<TransitionOption>();
        foreach (var target in UpgradeOptions(source, sku))
        {
            if (target.Split(':') is not [var productId, var skuId])
                continue;
            var targetSku = await db.Skus.AsNoTracking().SingleOrDefaultAsync(k => k.ProductId == productId && k.Id == skuId, ct);
            var availability = await db.Availabilities.AsNoTracking().SingleOrDefaultAsync(a => a.ProductId == productId && a.SkuId == skuId && a.Country == customer.Country, ct);
            var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == productId, ct);
            if (targetSku is null || availability is null || product is null)
                continue;
            var errors = new List<Refusal>();
            if (SourceRefusal(source, legacy) is { } refused)
                errors.Add(refused);
            // Only an immediate (mid-term) transition can go into an existing subscription.
            var into = scheduled || source.IsTrial || legacy
                ? []
                : await db.Subscriptions.AsNoTracking().Where(x => x.CustomerId == customerId && x.ProductId == productId && x.SkuId == skuId
                    && x.Status == SubscriptionStatus.Active && x.Channel == SalesChannel.Partner && x.TermEnd >= source.TermEnd).ToListAsync(ct);
            options.Add(new TransitionOption(product, availability, targetSku, source.Quantity, errors, into));
        }

        return options;
    }

    public async Task<Result<IReadOnlyList<TransitionRecord>>> HistoryAsync(Caller caller, Guid customerId, Guid subscriptionId, Guid? operationId, CancellationToken ct)
    {
        var found = await LoadAsync(caller, customerId, subscriptionId, tracked: false, ct);
        if (!found.IsSuccess)
            return found.Refusal!;
        var query = db.Transitions.AsNoTracking().Where(t => t.FromSubscriptionId == subscriptionId || t.ToSubscriptionId == subscriptionId);
        if (operationId is { } op)
            query = query.Where(t => t.Id == op);
        return (await query.ToListAsync(ct)).OrderBy(t => t.CreatedAt).ToList();
    }

    /// <param name="legacy">A legacy upgrade (POST …/upgrades): all licenses move to a new subscription of the target offer and the source ends.</param>
    public async Task<Result<TransitionDone>> RunAsync(Caller caller, Guid customerId, Guid subscriptionId, TransitionInput input, bool preview, CancellationToken ct, bool legacy = false)
    {
        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        await db.LockSubscriptionsAsync(ct, input.ToSubscriptionId is { } to ? [subscriptionId, to] : [subscriptionId]);
        var found = await LoadAsync(caller, customerId, subscriptionId, tracked: true, ct);
        if (!found.IsSuccess)
            return found.Refusal!;
        var (customer, source) = found.Value;
        var now = clock.GetUtcNow();
        var checkedInput = await CheckAsync(customer, source, input, legacy, ct);
        if (!checkedInput.IsSuccess)
            return checkedInput.Refusal!;
        var (sku, availability, term, into) = checkedInput.Value;

        var effects = new LifecycleEffects();
        var before = UpdateSubscription.Snapshot(source);
        var (periodStart, periodEnd) = SubscriptionTerms.PeriodOf(source, now);
        var today = SubscriptionTerms.StartOfDay(now);
        var billed = source.BilledThrough > now && source.UnitPrice > 0 && !source.IsTrial;
        if (billed)
            effects.Ledger.Add(SubscriptionCharges.SeatCredit(source, input.Quantity, today, periodStart, periodEnd, now, $"{input.Quantity} seats upgraded (NCE-11)"));
        source.ScheduledChange = null; // NCE-10, NCE-11

        Subscription target;
        var convertingTrial = source.IsTrial;
        if (convertingTrial)
        {
            // Converting a trial now (NCE-8): the paid term starts today and its first period is charged.
            SubscriptionLifecycle.Renew(source, today, new RenewalTerms(sku.ProductId, sku.Id, availability.Id, sku.Title, term.Duration, term.BillingCycle, term.UnitPrice, source.Quantity), now, effects);
            target = source;
        }
        else if (into is null && input.Quantity == source.Quantity && !legacy)
        {
            // A full upgrade keeps the subscription (and its id), with the new SKU from today.
            source.ProductId = sku.ProductId;
            source.SkuId = sku.Id;
            source.AvailabilityId = availability.Id;
            source.OfferName = sku.Title;
            source.UnitPrice = term.UnitPrice;
            target = source;
        }
        else
        {
            source.Quantity -= input.Quantity;
            var moved = input.Quantity;
            foreach (var batch in source.SeatBatches.OrderByDescending(b => b.AddedAt))
            {
                var take = Math.Min(moved, batch.Quantity);
                batch.Quantity -= take;
                moved -= take;
            }

            source.SeatBatches = [.. source.SeatBatches.Where(b => b.Quantity > 0)];
            if (source.Quantity == 0)
                SubscriptionLifecycle.Delete(source, now);
            target = into ?? NewTarget(source, sku, availability, term, input.Quantity, now);
            if (into is not null)
            {
                into.Quantity += input.Quantity;
                into.ScheduledChange = null;
            }
            else
            {
                db.Subscriptions.Add(target);
            }
        }

        // The moved seats are charged for what is left of the target's billing period (a new target shares the source's).
        var (targetStart, targetEnd) = into is null ? (periodStart, periodEnd) : SubscriptionTerms.PeriodOf(into, now);
        if (!convertingTrial && target.UnitPrice > 0 && target.BilledThrough > now && (billed || into is not null))
            effects.Ledger.Add(SubscriptionCharges.Charge(target, input.Quantity, SubscriptionCharges.Fraction(today, targetStart, targetEnd), today, targetEnd, now, "seats upgraded into (NCE-11)"));

        var record = new TransitionRecord
        {
            Id = Guid.NewGuid(),
            CustomerId = customerId,
            FromSubscriptionId = subscriptionId,
            FromCatalogItemId = before.OfferId,
            ToSubscriptionId = target.Id,
            ToCatalogItemId = availability.CatalogItemId,
            Quantity = input.Quantity,
            TermDuration = term.Duration,
            BillingCycle = term.BillingCycle,
            TransitionType = input.TransitionType ?? "transition_with_license_transfer",
            CreatedAt = now,
        };
        if (preview)
        {
            db.DiscardPendingChanges();
            return new TransitionDone(record, source, target, effects.Ledger, true);
        }

        db.Transitions.Add(record);
        db.Ledger.AddRange(effects.Ledger);
        db.AuditRecords.Add(Audit.Of(source.PartnerId, customerId, customer.CompanyName, Audit.Who(caller), "subscription", source.Id.ToString(), "upgrade_subscription",
            now, Audit.Snapshot(before), Audit.Snapshot(UpdateSubscription.Snapshot(source)), ("TargetSubscriptionId", target.Id.ToString()), ("Quantity", input.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (!await db.TrySaveChangesAsync(ct))
            return Refusal.Of(ErrorCodes.SubscriptionNotReady);

        await tx.CommitAsync(ct);
        return new TransitionDone(record, source, target, effects.Ledger, false);
    }

    /// <summary>Where a subscription can move mid-term: its SKU's upgrade targets, or a trial's paid SKU (NCE-8, NCE-11).</summary>
    private static List<string> UpgradeOptions(Subscription source, Sku? current) =>
        [.. UpdateSubscription.RenewalOptions(source, current).Skip(source.IsTrial ? 0 : 1)];

    /// <summary>A legacy upgrade (POST …/upgrades): every license moves to a new subscription of the target offer, and the source ends.</summary>
    public async Task<Result<TransitionDone>> UpgradeLegacyAsync(Caller caller, Guid customerId, Guid subscriptionId, string? targetOfferId, CancellationToken ct)
    {
        var options = await EligibilitiesAsync(caller, customerId, subscriptionId, scheduled: false, ct, legacy: true);
        if (!options.IsSuccess)
            return options.Refusal!;
        var target = options.Value.FirstOrDefault(o => o.Product.Id.Equals(targetOfferId, StringComparison.OrdinalIgnoreCase));
        if (target is null)
            return Refusal.Of(ErrorCodes.TransitionNotEligible, targetOfferId ?? "", string.Join(", ", options.Value.Select(o => o.Product.Id)));
        var input = new TransitionInput(target.Target.CatalogItemId, null, target.Quantity, null, null, "upgrade_with_license_transfer");
        return await RunAsync(caller, customerId, subscriptionId, input, preview: false, ct, legacy: true);
    }

    private static Refusal? SourceRefusal(Subscription source, bool legacy) =>
        SubscriptionLifecycle.Changeable(source)
        ?? (source.Status != SubscriptionStatus.Active ? Refusal.Of(ErrorCodes.TransitionSourceNotActive, source.Status.ToString().ToLowerInvariant()) : null)
        ?? ((SubscriptionLifecycle.KindOf(source) == SubscriptionKind.Legacy) == legacy ? null
            : legacy ? Refusal.Of(ErrorCodes.LegacyUpgradeOnly) : Refusal.Of(ErrorCodes.LegacyNotSupported));

    private async Task<Result<(Sku, Availability, AvailabilityTerm, Subscription?)>> CheckAsync(Customer customer, Subscription source, TransitionInput input, bool legacy, CancellationToken ct)
    {
        if (SourceRefusal(source, legacy) is { } refused)
            return refused;
        if (input.ToCatalogItemId?.Split(':') is not [var productId, var skuId, var availabilityId])
            return Refusal.Of(ErrorCodes.InvalidProperty, "toCatalogItemId", "product:sku:availability");
        var current = await db.Skus.AsNoTracking().SingleOrDefaultAsync(k => k.ProductId == source.ProductId && k.Id == source.SkuId, ct);
        var options = UpgradeOptions(source, current);
        if (!options.Contains($"{productId}:{skuId}", StringComparer.OrdinalIgnoreCase))
            return Refusal.Of(ErrorCodes.TransitionNotEligible, input.ToCatalogItemId, string.Join(", ", options));
        var sku = await db.Skus.AsNoTracking().SingleOrDefaultAsync(k => k.ProductId == productId && k.Id == skuId, ct);
        if (sku is null)
            return Refusal.Of(ErrorCodes.SkuNotFound, $"{productId}:{skuId}");
        var availability = await db.Availabilities.AsNoTracking().SingleOrDefaultAsync(a => a.ProductId == productId && a.SkuId == skuId && a.Id == availabilityId, ct);
        if (availability is null || availability.Country != customer.Country)
            return Refusal.Of(ErrorCodes.AvailabilityNotFound, input.ToCatalogItemId);
        if (input.Quantity < 1 || input.Quantity > source.Quantity)
            return Refusal.Of(ErrorCodes.QuantityNotInRange, input.Quantity, 1, source.Quantity).WithRule("NCE-11");
        if (legacy && (input.Quantity != source.Quantity || input.ToSubscriptionId is not null))
            return Refusal.Of(ErrorCodes.QuantityNotInRange, input.Quantity, source.Quantity, source.Quantity).WithRule("NCE-11"); // legacy moves every license
        if (source.IsTrial && (input.Quantity != source.Quantity || input.ToSubscriptionId is not null))
            return Refusal.Of(ErrorCodes.QuantityNotInRange, input.Quantity, source.Quantity, source.Quantity).WithRule("NCE-8"); // a trial converts whole

        var duration = string.IsNullOrWhiteSpace(input.TermDuration) ? source.TermDuration : input.TermDuration.Trim().ToUpperInvariant();
        var cycle = input.BillingCycle ?? source.BillingCycle;
        if (Iso.ParseDuration(duration) is not { } term || Iso.ParseDuration(source.TermDuration) is not { } sourceTerm)
            return Refusal.Of(ErrorCodes.TransitionTermInvalid, duration);
        if (term.Months < sourceTerm.Months)
            return Refusal.Of(ErrorCodes.TransitionTermShorter, duration, source.TermDuration);
        if (term.Months != sourceTerm.Months)
            return Refusal.Of(ErrorCodes.TransitionTermInvalid, duration); // a longer term starts at renewal: schedule it
        if (cycle is BillingCycle.Annual && term.Months < 12 || cycle is BillingCycle.Triennial && term.Months < 36)
            return Refusal.Of(ErrorCodes.BillingCycleLongerThanTerm, Naming.Kebab(cycle.ToString()), duration);
        if (availability.Term(duration, cycle) is not { } offered || cycle != source.BillingCycle)
            return Refusal.Of(ErrorCodes.TransitionBillingCycleInvalid, Naming.Kebab(cycle.ToString()));

        // A source that ends (all seats into another subscription, or a legacy upgrade) must not leave add-ons behind.
        if ((legacy || (input.ToSubscriptionId is not null && input.Quantity == source.Quantity))
            && await db.Subscriptions.AnyAsync(a => a.ParentSubscriptionId == source.Id && (a.Status == SubscriptionStatus.Active || a.Status == SubscriptionStatus.Suspended), ct))
            return Refusal.Of(ErrorCodes.TransitionAddOnsPresent);

        Subscription? into = null;
        if (input.ToSubscriptionId is { } intoId)
        {
            if (intoId == source.Id)
                return Refusal.Of(ErrorCodes.TransitionTargetIsSource);
            into = await db.Subscriptions.SingleOrDefaultAsync(x => x.Id == intoId && x.CustomerId == customer.Id, ct);
            if (into is null || into.Status != SubscriptionStatus.Active || into.Channel != SalesChannel.Partner)
                return Refusal.Of(ErrorCodes.TransitionTargetNotActive);
            if (into.ProductId != productId || into.SkuId != skuId)
                return Refusal.Of(ErrorCodes.TransitionTargetOtherItem);
            if (into.TermEnd < source.TermEnd)
                return Refusal.Of(ErrorCodes.TransitionTargetEndsEarlier);
        }

        // The target, new or existing, keeps to its own SKU's limits too.
        var targetQuantity = (into?.Quantity ?? 0) + input.Quantity;
        if (targetQuantity < sku.MinimumQuantity || targetQuantity > sku.MaximumQuantity)
            return Refusal.Of(ErrorCodes.QuantityNotInRange, targetQuantity, sku.MinimumQuantity, sku.MaximumQuantity).WithRule("NCE-11");

        return (sku, availability, offered, into);
    }

    /// <summary>A partial upgrade's new subscription: coterminous with the source (NCE-11), without a cancellation window.</summary>
    private static Subscription NewTarget(Subscription source, Sku sku, Availability availability, AvailabilityTerm term, int quantity, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        PartnerId = source.PartnerId,
        CustomerId = source.CustomerId,
        ResellerId = source.ResellerId,
        OrderId = source.OrderId,
        Channel = SalesChannel.Partner,
        ProductId = sku.ProductId,
        SkuId = sku.Id,
        AvailabilityId = availability.Id,
        OfferName = sku.Title,
        FriendlyName = sku.Title,
        ProductType = source.ProductType,
        PublisherName = source.PublisherName,
        IsMicrosoftProduct = source.IsMicrosoftProduct,
        BillingType = source.BillingType,
        CommerceModel = source.CommerceModel,
        Quantity = quantity,
        Status = SubscriptionStatus.Active,
        AutoRenewEnabled = source.AutoRenewEnabled,
        TermDuration = term.Duration,
        BillingCycle = term.BillingCycle,
        CreatedAt = now,
        TermAnchor = source.TermAnchor,
        TermStart = SubscriptionTerms.StartOfDay(now),
        TermEnd = source.TermEnd,
        TermPurchasedAt = now,
        StatusChangedAt = now,
        BilledThrough = source.BilledThrough,
        UnitPrice = term.UnitPrice,
        Currency = availability.Currency,
        TaxInclusive = availability.TaxInclusive,
        TaxRate = availability.TaxRate,
        PolicySet = source.PolicySet,
        Version = 1,
    };

    private async Task<Result<(Customer, Subscription)>> LoadAsync(Caller caller, Guid customerId, Guid subscriptionId, bool tracked, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var subscriptions = tracked ? db.Subscriptions : db.Subscriptions.AsNoTracking();
        var source = await subscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId && s.CustomerId == customerId, ct);
        return source is null ? Refusal.Of(ErrorCodes.SubscriptionNotFound, subscriptionId) : (customer, source);
    }
}
