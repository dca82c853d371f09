using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Catalog;

/// <summary>
/// What to browse (CAT-1's tabs and filters), new commerce or legacy offers. A product or SKU id narrows it to one item. For a customer the
/// market and segment are the customer's, and items it cannot buy stay in the list with their reasons.
/// </summary>
public sealed record CatalogQuery(
    string? Country = null,
    TargetView? View = null,
    CustomerSegment? Segment = null,
    string? ProductId = null,
    string? SkuId = null,
    bool? Microsoft = null,
    BillingType? BillingType = null,
    ProductCategory? Category = null,
    bool? Trial = null,
    BillingCycle? BillingCycle = null,
    Guid? CustomerId = null,
    bool Legacy = false,
    bool ForBaseSubscription = false);

public sealed record SkuOffer(Sku Sku, Availability? Availability, IReadOnlyList<Refusal> Reasons)
{
    public bool IsPurchasable => Reasons.Count == 0;
}

public sealed record ProductOffer(Product Product, IReadOnlyList<SkuOffer> Skus);

/// <summary>An add-on for a base subscription, with the term it is sold with next to the base (none: not in its billing cycle).</summary>
public sealed record AddOnOffer(Product Product, SkuOffer Offer, AvailabilityTerm? Term);

public sealed record CatalogPage(string Country, CustomerSegment? Segment, Customer? Customer, IReadOnlyList<ProductOffer> Products);

/// <summary>The catalog as a partner (or one of its customers) sees it in a market.</summary>
public sealed class BrowseCatalog(OpenCspDbContext db)
{
    public async Task<Result<CatalogPage>> RunAsync(Caller caller, CatalogQuery query, CancellationToken ct)
    {
        Customer? customer = null;
        if (query.CustomerId is { } customerId)
        {
            customer = await db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);
            if (customer is null)
                return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        }

        var country = (customer?.Country ?? query.Country)?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(country) || country.Length != 2)
            return Refusal.Of(ErrorCodes.InvalidProperty, "country", "is required: an ISO 3166 two-letter market code");
        var segment = customer?.Segment ?? query.Segment;

        // Legacy license-based offers are browsed through /v1/offers, new-commerce items through /v1/products.
        var model = query.Legacy ? CommerceModel.Legacy : CommerceModel.NewCommerce;
        var products = db.Products.AsNoTracking().Where(p => p.CommerceModel == model);
        if (query.ProductId is not null)
            products = products.Where(p => p.Id == query.ProductId);
        if (query.View is { } view)
            products = products.Where(p => p.TargetView == view);
        if (query.Microsoft is { } microsoft)
            products = products.Where(p => p.IsMicrosoft == microsoft);
        if (query.BillingType is { } billingType)
            products = products.Where(p => p.BillingType == billingType);
        // ORD-5: the Trial category is the trials themselves, whatever category their product sits in.
        if (query.Category == ProductCategory.Trial)
            query = query with { Trial = true };
        else if (query.Category is { } category)
            products = products.Where(p => p.Category == category);
        var productList = await products.OrderBy(p => p.Title).ToListAsync(ct);
        if (query.ProductId is not null && productList.Count == 0)
            return Refusal.Of(ErrorCodes.ProductNotFound, query.ProductId);

        var ids = productList.Select(p => p.Id).ToList();
        var skus = await db.Skus.AsNoTracking().Where(s => ids.Contains(s.ProductId)).ToListAsync(ct);
        var availabilities = await db.Availabilities.AsNoTracking().Where(a => a.Country == country && ids.Contains(a.ProductId)).ToListAsync(ct);
        var onePerCustomer = skus.Where(s => s.OnePerCustomer).Select(s => s.ProductId).Distinct().ToList();
        var held = customer is null
            ? []
            : await db.Subscriptions.AsNoTracking().Where(s => s.CustomerId == customer.Id && onePerCustomer.Contains(s.ProductId)).ToListAsync(ct);
        var blocked = (await db.BlockedMarkets.AsNoTracking().Where(b => b.Country == country).Select(b => b.Country).ToListAsync(ct)).ToHashSet();

        var offers = new List<ProductOffer>();
        foreach (var product in productList)
        {
            var skuOffers = new List<SkuOffer>();
            foreach (var sku in skus.Where(s => s.ProductId == product.Id).OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                if (!CatalogRules.MayOffer(sku, caller.PartnerId)
                    || (query.SkuId is not null && sku.Id != query.SkuId)
                    || (query.Trial is { } trial && sku.IsTrial != trial))
                    continue;
                var availability = availabilities.SingleOrDefault(a => a.ProductId == sku.ProductId && a.SkuId == sku.Id);
                if (query.BillingCycle is { } cycle && availability?.Terms.Any(t => t.BillingCycle == cycle) != true)
                    continue;
                var reasons = CatalogRules.WhyNotPurchasable(product, sku, availability, country, segment, caller.PartnerId, blocked, fromCatalog: customer is not null && !query.ForBaseSubscription);
                if (CatalogRules.OnePerCustomer(sku, held) is { } owned)
                    reasons = [.. reasons, owned];
                // The partner's catalog lists what is sold in the market (and segment, when asked); a customer's keeps
                // everything with the reasons it cannot be bought.
                if (customer is null && (availability is null || (segment is { } s && !sku.Segments.Contains(s))))
                    continue;
                skuOffers.Add(new SkuOffer(sku, availability, reasons));
            }

            if (skuOffers.Count > 0)
                offers.Add(new ProductOffer(product, skuOffers));
        }

        if (query.ProductId is not null && query.SkuId is not null && offers.Count == 0)
            return Refusal.Of(ErrorCodes.SkuNotFound, $"{query.ProductId}:{query.SkuId}");
        if (query.ProductId is not null && offers.Count == 0)
            return Refusal.Of(ErrorCodes.ProductNotFound, query.ProductId);
        return new CatalogPage(country, segment, customer, offers);
    }

    /// <summary>
    /// ADD-2: the add-ons a base subscription can take — add-on SKUs naming its product and SKU as a prerequisite, in its
    /// customer's market and segment — each with the reasons it cannot be bought now and the term it would be bought
    /// with: the base's billing cycle (ADD-6), its term length where the add-on has it.
    /// </summary>
    public async Task<Result<IReadOnlyList<AddOnOffer>>> AddOnsForAsync(Caller caller, Subscriptions.Subscription baseSubscription, CancellationToken ct)
    {
        var page = await RunAsync(caller, new CatalogQuery(
            CustomerId: baseSubscription.CustomerId, Legacy: baseSubscription.CommerceModel == CommerceModel.Legacy, ForBaseSubscription: true), ct);
        if (!page.IsSuccess)
            return page.Refusal!;
        return page.Value.Products
            .SelectMany(p => p.Skus.Where(k => k.Sku.IsAddOnFor(baseSubscription.ProductId, baseSubscription.SkuId)).Select(k => new AddOnOffer(p.Product, k,
                k.Availability?.Terms.Where(t => t.BillingCycle == baseSubscription.BillingCycle)
                    .OrderBy(t => t.Duration == baseSubscription.TermDuration ? 0 : 1).FirstOrDefault())))
            .ToList();
    }
}
