using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Ordering;

/// <summary>A line to buy, from a cart or a direct order.</summary>
public sealed record OrderLineInput(
    int Number, string? CatalogItemId, int Quantity, BillingCycle? BillingCycle, string? TermDuration, string? FriendlyName = null,
    Guid? ParentSubscriptionId = null);

/// <summary>A line that passed every rule, with what it resolved to; or its refusal.</summary>
public sealed record CheckedLine(
    OrderLineInput Input, Product? Product, Sku? Sku, Availability? Availability, AvailabilityTerm? Term,
    Subscription? BaseSubscription, int? BaseLineNumber, Refusal? Error);

/// <summary>
/// Whether each line of an order can be bought for this customer (ORD-1), checked line by line so a cart can show
/// every line's own error: the item and its market, CAT-2..8 via <see cref="CatalogRules"/>, term and billing cycle,
/// quantity, one per customer (CAT-3), and an add-on's base (ADD-1, ADD-2, ADD-4).
/// </summary>
public sealed class OrderLineRules(OpenCspDbContext db, CatalogCache catalog, TimeProvider clock)
{
    public async Task<IReadOnlyList<CheckedLine>> CheckAsync(Caller caller, Customer customer, IReadOnlyList<OrderLineInput> lines, CancellationToken ct)
    {
        var ids = lines.Select(l => ParseItem(l.CatalogItemId, customer.Country)).ToList();
        var productIds = ids.Where(i => i is not null).Select(i => i!.Value.Product).Distinct().ToList();
        var (products, skus, availabilities, blocked) = await catalog.ReadAsync(db, productIds, customer.Country, ct);
        // Only the subscriptions a rule looks at: of one-per-customer products (CAT-3), of an add-on's bases, or a named parent.
        var lineSkus = skus.Where(s => ids.Any(i => i?.Product == s.ProductId && i?.Sku == s.Id)).ToList();
        var relevant = lineSkus.Where(s => s.OnePerCustomer).Select(s => s.ProductId)
            .Concat(lineSkus.SelectMany(s => s.Prerequisites).Select(p => p.Split(':')[0].ToUpperInvariant())).Distinct().ToList();
        var parents = lines.Where(l => l.ParentSubscriptionId is not null).Select(l => l.ParentSubscriptionId!.Value).ToList();
        // Most lines need none, and a customer may hold thousands: then no query at all.
        var owned = relevant.Count == 0 && parents.Count == 0
            ? []
            : await db.Subscriptions.AsNoTracking()
                .Where(s => s.CustomerId == customer.Id && s.Status != SubscriptionStatus.Deleted
                            && (relevant.Contains(s.ProductId) || parents.Contains(s.Id)))
                .ToListAsync(ct);

        var checkedLines = new List<CheckedLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var failed = new CheckedLine(line, null, null, null, null, null, null, null);
            if (ids[i] is not { } id || !products.TryGetValue(id.Product, out var product)
                || skus.SingleOrDefault(s => s.ProductId == id.Product && s.Id == id.Sku) is not { } sku
                || !CatalogRules.MayOffer(sku, caller.PartnerId))
            {
                checkedLines.Add(failed with { Error = Refusal.Of(ErrorCodes.InvalidOfferId, line.CatalogItemId ?? "") });
                continue;
            }

            var availability = availabilities.SingleOrDefault(a => a.Id == id.Availability && a.ProductId == id.Product && a.SkuId == id.Sku && a.Country == customer.Country);
            var resolved = failed with { Product = product, Sku = sku, Availability = availability };
            var reason = CatalogRules.WhyNotPurchasable(product, sku, availability, customer.Country, customer.Segment, caller.PartnerId, blocked, fromCatalog: false)
                is [var first, ..] ? first : null;
            var cycle = line.BillingCycle ?? BillingCycle.Monthly;
            // Without a term (legacy orders name none), the one term offered for the billing cycle applies.
            var term = string.IsNullOrEmpty(line.TermDuration) && availability?.Terms.Where(t => t.BillingCycle == cycle).ToList() is [var only]
                ? only
                : availability?.Term(line.TermDuration ?? "", cycle);
            reason ??= term is null
                ? Refusal.Of(ErrorCodes.TermNotOffered, sku.Title, line.TermDuration ?? "", Naming.Kebab((line.BillingCycle ?? BillingCycle.Monthly).ToString()))
                : null;
            reason ??= line.Quantity < sku.MinimumQuantity || line.Quantity > sku.MaximumQuantity
                ? Refusal.Of(ErrorCodes.QuantityOutOfRange, line.Quantity, sku.Title, sku.MinimumQuantity, sku.MaximumQuantity)
                : null;
            reason ??= OnePerCustomer(sku, owned, lines.Take(i).Select((l, n) => ids[n]));
            if (reason is not null)
            {
                checkedLines.Add(resolved with { Error = reason });
                continue;
            }

            var ok = resolved with { Term = term };
            if (sku.IsAddOn)
                ok = AddOnBase(caller, ok, owned, lines, ids, i, clock.GetUtcNow());
            checkedLines.Add(ok);
        }

        return checkedLines;
    }

    /// <summary>A catalog item id (product:sku:availability), or a legacy offer's GUID, sold in the customer's market.</summary>
    private static (string Product, string Sku, string Availability)? ParseItem(string? catalogItemId, string country)
    {
        var text = catalogItemId?.Trim() ?? "";
        if (Guid.TryParse(text, out var offer))
        {
            var id = offer.ToString().ToUpperInvariant();
            return (id, "0001", CatalogFile.AvailabilityId(id, "0001", country));
        }

        return text.Split(':') is [var p, var s, var a] && p.Length > 0 && s.Length > 0 && a.Length > 0
            ? (p.ToUpperInvariant(), s.ToUpperInvariant(), a.ToUpperInvariant())
            : null;
    }

    /// <summary>CAT-3, also against an earlier line of the same order.</summary>
    private static Refusal? OnePerCustomer(Sku sku, List<Subscription> owned, IEnumerable<(string Product, string Sku, string Availability)?> earlierLines) =>
        CatalogRules.OnePerCustomer(sku, owned)
        ?? (sku.OnePerCustomer && earlierLines.Any(l => l?.Product == sku.ProductId && l?.Sku == sku.Id)
            ? Refusal.Of(ErrorCodes.OnePerCustomer, sku.Title, "in this cart")
            : null);

    /// <summary>ADD-1: a base is the partner's own (CUS-3), an active base subscription inside its term.</summary>
    public static bool UsableBase(Subscription s, DateTimeOffset now) =>
        s is { Status: SubscriptionStatus.Active, Channel: SalesChannel.Partner, ParentSubscriptionId: null } && s.TermEnd > now;

    /// <summary>
    /// ADD-1/ADD-2/ADD-4: an add-on needs an active base of a prerequisite SKU: the parent the line names, else one the
    /// customer holds, else a base line of the same order; indirect resellers cannot buy add-ons.
    /// </summary>
    private static CheckedLine AddOnBase(
        Caller caller, CheckedLine line, List<Subscription> owned, IReadOnlyList<OrderLineInput> lines,
        List<(string Product, string Sku, string Availability)?> ids, int index, DateTimeOffset now)
    {
        var sku = line.Sku!;
        if (caller.PartnerKind == PartnerKind.IndirectReseller)
            return line with { Error = Refusal.Of(ErrorCodes.ResellerCannotBuyAddOns, sku.Title) };
        bool Eligible(string productId, string skuId) => sku.IsAddOnFor(productId, skuId);
        // A base is the partner's own (CUS-3), active and inside its term; ADD-6: the add-on is billed like it.
        bool Usable(Subscription s) => UsableBase(s, now);
        CheckedLine Join(Subscription? parent, int? baseLine, BillingCycle baseCycle) => baseCycle == line.Term!.BillingCycle
            ? line with { BaseSubscription = parent, BaseLineNumber = baseLine }
            : line with { Error = Refusal.Of(ErrorCodes.AddOnBillingCycleMismatch, sku.Title, Naming.Kebab(baseCycle.ToString())) };

        if (line.Input.ParentSubscriptionId is { } parentId)
        {
            var parent = owned.FirstOrDefault(s => s.Id == parentId);
            return parent is not null && Usable(parent) && Eligible(parent.ProductId, parent.SkuId)
                ? Join(parent, null, parent.BillingCycle)
                : line with
                {
                    Error = parent is null || !Eligible(parent.ProductId, parent.SkuId)
                    ? Refusal.Of(ErrorCodes.AddOnParentMismatch, sku.Title, parentId)
                    : Refusal.Of(ErrorCodes.AddOnWithoutBase, sku.Title, string.Join(", ", sku.Prerequisites))
                };
        }

        var active = owned.Where(s => Usable(s) && Eligible(s.ProductId, s.SkuId)).OrderBy(s => s.CreatedAt).FirstOrDefault();
        if (active is not null)
            return Join(active, null, active.BillingCycle);
        for (var n = 0; n < lines.Count; n++)
        {
            if (n != index && ids[n] is { } other && Eligible(other.Product, other.Sku))
                return Join(null, lines[n].Number, lines[n].BillingCycle ?? BillingCycle.Monthly);
        }

        return line with { Error = Refusal.Of(ErrorCodes.AddOnWithoutBase, sku.Title, string.Join(", ", sku.Prerequisites)) };
    }
}
