using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Policies;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Ordering;

/// <summary>
/// Buys checked lines for a customer in one transaction: the order, one subscription per line (ORD-2) and each
/// subscription's first ledger charge all exist afterwards, or none does. Add-ons join their base's term (ADD-6) and
/// are charged prorated to the end of the base's billing period (BILL-3); free trials are not charged (ORD-4, NCE-8).
/// </summary>
public sealed class PlaceOrder(OpenCspDbContext db, TimeProvider clock, IConfiguration configuration, OrderLineRules rules)
{
    public async Task<Result<Order>> RunAsync(Caller caller, Guid customerId, IReadOnlyList<OrderLineInput> lines, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        if (lines.Count == 0)
            return Refusal.Of(ErrorCodes.CartEmpty);
        var checkedLines = await rules.CheckAsync(caller, customer, lines, ct);
        if (FirstError(checkedLines) is { } error)
            return error;
        return await CreateAsync(caller, customer, checkedLines, cart: null, ct);
    }

    /// <summary>The refusal for an order with bad lines: each line's error in the description.</summary>
    public static Refusal? FirstError(IReadOnlyList<CheckedLine> lines)
    {
        var errors = lines.Where(l => l.Error is not null).ToList();
        return errors.Count == 0
            ? null
            : Refusal.Of(ErrorCodes.CartLinesInvalid, string.Join("; ", errors.Select(l => $"line {l.Input.Number}: {l.Error!.Error.Code}{(l.Error.RuleId is { } rule ? $" ({rule})" : "")}")))
                with
            { RuleId = errors[0].Error!.RuleId ?? ErrorCodes.CartLinesInvalid.RuleId };
    }

    /// <summary>Writes the order, its subscriptions, their charges and the activity record in one batch; a cart checked out is marked with the order.</summary>
    public async Task<Result<Order>> CreateAsync(Caller caller, Customer customer, IReadOnlyList<CheckedLine> lines, Cart? cart, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var policy = PolicySet.Current(configuration);
        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        if (await OnePerCustomerTakenAsync(customer, lines, ct) is { } taken)
            return taken;
        var bases = await LockBasesAsync(lines, now, ct);
        if (bases.Refusal is { } gone)
            return gone;
        var order = new Order
        {
            Id = Guid.NewGuid(),
            AlternateId = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant(),
            PartnerId = customer.PartnerId,
            CustomerId = customer.Id,
            CartId = cart?.Id,
            CreatedAt = now,
            Currency = lines[0].Availability!.Currency,
            BillingCycle = lines[0].Term!.BillingCycle,
            Status = "completed",
        };
        db.Orders.Add(order);
        if (cart is not null)
            cart.OrderId = order.Id;

        // Bases first, so an add-on bought with its base in the same order can join it.
        var created = new Dictionary<int, Subscription>();
        foreach (var line in lines.OrderBy(l => l.Sku!.IsAddOn).ThenBy(l => l.Input.Number))
        {
            var parent = line.BaseSubscription is { } held ? bases.Value[held.Id] : line.BaseLineNumber is { } n ? created[n] : null;
            var (subscription, charge) = Subscribe(customer, order, line, parent, policy, now);
            created[line.Input.Number] = subscription;
            db.Subscriptions.Add(subscription);
            if (charge is not null)
                db.Ledger.Add(charge);
            order.Lines.Add(new OrderLine
            {
                LineNumber = line.Input.Number,
                OfferId = subscription.CatalogItemId,
                SubscriptionId = subscription.Id,
                ParentSubscriptionId = parent?.Id,
                TermDuration = subscription.TermDuration,
                BillingCycle = subscription.BillingCycle,
                FriendlyName = subscription.FriendlyName,
                Quantity = subscription.Quantity,
                UnitPrice = subscription.UnitPrice,
                // Order prices are pre-tax, as Partner Center's; in tax-inclusive markets (CAT-7) the price holds the tax.
                FirstCharge = charge is null ? 0 : subscription.TaxInclusive ? charge.TotalAmount : charge.NetAmount,
                ActivationUri = subscription.ActivationUri,
            });
        }

        order.Lines = [.. order.Lines.OrderBy(l => l.LineNumber)];
        // The activity log's create_order, with Partner Center's customized data.
        db.AuditRecords.Add(Audit.Of(order.PartnerId, customer.Id, customer.CompanyName, Audit.Who(caller), "order", order.Id.ToString(), "create_order", now, null, null,
            [("OrderId", order.Id.ToString()), ("AlternateId", order.AlternateId), ("BillingCycle", Naming.Kebab(order.BillingCycle.ToString())),
             .. order.Lines.SelectMany(l => new[] { ($"OfferId-{l.LineNumber}", l.OfferId), ($"SubscriptionId-{l.LineNumber}", l.SubscriptionId?.ToString() ?? ""),
                 ($"SubscriptionName-{l.LineNumber}", l.FriendlyName), ($"Quantity-{l.LineNumber}", l.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)) })]));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return order;
    }

    /// <summary>
    /// CAT-3 once more, inside the transaction and with the customer locked, so two orders racing for a one-per-customer
    /// offer cannot both win. PostgreSQL locks the customer's row; SQLite already runs one writing transaction at a time.
    /// </summary>
    private async Task<Refusal?> OnePerCustomerTakenAsync(Customer customer, IReadOnlyList<CheckedLine> lines, CancellationToken ct)
    {
        var limited = lines.Where(l => l.Sku!.OnePerCustomer).Select(l => l.Sku!).ToList();
        if (limited.Count == 0)
            return null;
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM \"Customers\" WHERE \"Id\" = {customer.Id} FOR UPDATE", ct);
        var products = limited.Select(s => s.ProductId).Distinct().ToList();
        var held = await db.Subscriptions.AsNoTracking().Where(s => s.CustomerId == customer.Id && products.Contains(s.ProductId)).ToListAsync(ct);
        return limited.Select(sku => CatalogRules.OnePerCustomer(sku, held)).FirstOrDefault(r => r is not null);
    }

    /// <summary>
    /// ADD-1 and ADD-6 once more, inside the transaction: the bases the add-ons join are locked (PostgreSQL, in id order)
    /// and read again, so an add-on cannot join a base suspended, cancelled or moved to another billing cycle since its
    /// lines were checked, and joins the base's current term. Each base then gets a new version, so a suspension or
    /// cancellation that read the base's family before this order fails its version check and is retried with the new
    /// add-on in the family (ADD-5). Nothing is written when a base is refused.
    /// </summary>
    private async Task<Result<Dictionary<Guid, Subscription>>> LockBasesAsync(IReadOnlyList<CheckedLine> lines, DateTimeOffset now, CancellationToken ct)
    {
        var joining = lines.Where(l => l.BaseSubscription is not null).ToList();
        var ids = joining.Select(l => l.BaseSubscription!.Id).Distinct().Order().ToArray();
        if (ids.Length == 0)
            return new Dictionary<Guid, Subscription>();
        await db.LockSubscriptionsAsync(ct, ids);
        var bases = await db.Subscriptions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        foreach (var line in joining)
        {
            var sku = line.Sku!;
            if (!bases.TryGetValue(line.BaseSubscription!.Id, out var current) || !OrderLineRules.UsableBase(current, now))
                return Refusal.Of(ErrorCodes.AddOnWithoutBase, sku.Title, string.Join(", ", sku.Prerequisites));
            if (current.BillingCycle != line.Term!.BillingCycle)
                return Refusal.Of(ErrorCodes.AddOnBillingCycleMismatch, sku.Title, Naming.Kebab(current.BillingCycle.ToString()));
        }

        foreach (var current in bases.Values)
        {
            var version = current.Version;
            // Always one row on PostgreSQL, which holds the lock; on SQLite another writer may have come first.
            if (await db.Subscriptions.Where(s => s.Id == current.Id && s.Version == version)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Version, s => s.Version + 1), ct) == 0)
                return Refusal.Of(ErrorCodes.SubscriptionNotReady);
        }

        return bases;
    }

    private static (Subscription, LedgerEntry?) Subscribe(
        Customer customer, Order order, CheckedLine line, Subscription? parent, PolicySet policy, DateTimeOffset now)
    {
        var (product, sku, availability, term) = (line.Product!, line.Sku!, line.Availability!, line.Term!);
        var start = SubscriptionTerms.StartOfDay(now);
        var freeTrial = sku.FreeTrialDays > 0;
        // ADD-6: an add-on ends with its base. ORD-4: an ISV free trial is a trial term of its own first.
        var termEnd = parent?.TermEnd
                      ?? (freeTrial ? start.AddDays(sku.FreeTrialDays) : SubscriptionTerms.TermEnd(start, term.Duration));
        var license = product.BillingType == BillingType.License && product.CommerceModel == CommerceModel.NewCommerce && sku.SoftwareKind is null;
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(),
            PartnerId = customer.PartnerId,
            CustomerId = customer.Id,
            ResellerId = customer.ResellerId,
            OrderId = order.Id,
            Channel = SalesChannel.Partner,
            ProductId = product.Id,
            SkuId = sku.Id,
            AvailabilityId = availability.Id,
            OfferName = sku.Title,
            FriendlyName = string.IsNullOrWhiteSpace(line.Input.FriendlyName) ? sku.Title : line.Input.FriendlyName.Trim(),
            ProductType = product.ProductType,
            PublisherName = product.Publisher,
            IsMicrosoftProduct = product.IsMicrosoft,
            BillingType = product.BillingType,
            CommerceModel = product.CommerceModel,
            Quantity = line.Input.Quantity,
            ParentSubscriptionId = parent?.Id,
            Status = SubscriptionStatus.Active,
            AutoRenewEnabled = term.Duration.Length > 0, // NCE-4: on by default; one-time purchases do not renew
            IsTrial = sku.IsTrial || freeTrial,
            TrialConvertsTo = sku.IsTrial ? sku.TrialConvertsTo : freeTrial ? sku.CatalogItemPrefix : null,
            FreeTrialEndsAt = freeTrial ? termEnd : null,
            TermDuration = term.Duration,
            BillingCycle = term.BillingCycle,
            CreatedAt = now,
            TermAnchor = parent?.TermAnchor ?? start,
            TermStart = start,
            TermEnd = termEnd,
            TermPurchasedAt = now,
            StatusChangedAt = now,
            BilledThrough = termEnd, // nothing to bill in a free or trial term; a paid first period sets it below
            UnitPrice = term.UnitPrice,
            Currency = availability.Currency,
            TaxInclusive = availability.TaxInclusive,
            TaxRate = availability.TaxRate,
            PolicySet = policy.Name,
            // A trial can be cancelled at any time: Partner Center shows the term's end then.
            CancellationAllowedUntil = sku.IsTrial ? termEnd : SubscriptionTerms.CancellationAllowedUntil(product, sku, term.BillingCycle, now, policy),
            SeatBatches = license
                ? [new SeatBatch { Quantity = line.Input.Quantity, AddedAt = now, RefundableUntil = now + policy.NceSeatReductionWindow }]
                : [],
            ActivationUri = sku.Isv?.ActivationUri,
            Version = 1,
        };

        if (freeTrial || term.UnitPrice == 0)
            return (subscription, null);

        // The first period: the subscription's own, or (ADD-6, BILL-3) the rest of the base's current billing period,
        // prorated by whole days like every other charge.
        var (periodStart, periodEnd, fraction) = (start, SubscriptionTerms.BillingPeriod(start, termEnd, term.BillingCycle, now).End, 1m);
        if (parent is not null)
        {
            var basePeriod = SubscriptionTerms.PeriodOf(parent, now);
            (periodEnd, fraction) = (basePeriod.End, SubscriptionCharges.Fraction(start, basePeriod.Start, basePeriod.End));
        }

        subscription.BilledThrough = periodEnd;
        return (subscription, SubscriptionCharges.Charge(subscription, subscription.Quantity, fraction, periodStart, periodEnd, now,
            $"{term.Duration} {Naming.Kebab(term.BillingCycle.ToString())}"));
    }
}
