using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Catalog;

public sealed record OfferCategory(string Id, string Name, int Rank, string Locale, string Country, ResourceAttributes Attributes);

public sealed record OfferProduct(string Id, string Name, string Unit);

public sealed record OfferLinks(Link Self);

/// <summary>Partner Center's legacy Offer (API.md B §4.6), read from the catalog's legacy items.</summary>
public sealed record OfferResource(
    string Id, string Name, string Description, int MinimumQuantity, int MaximumQuantity, int Rank, string Uri, string Locale, string Country,
    OfferCategory Category, IReadOnlyList<string> PrerequisiteOffers, bool IsAddOn, bool HasAddOns, bool IsAvailableForPurchase, BillingType Billing,
    IReadOnlyList<BillingCycle> SupportedBillingCycles, bool IsAutoRenewable, IReadOnlyList<string> UpgradeTargetOffers, bool IsTrial,
    OfferProduct Product, string UnitType, decimal? UnitPrice, string? CurrencyCode, OfferLinks Links, ResourceAttributes Attributes);

/// <summary>Legacy license-based offers (API.md B §5.2): /v1/offers?country= (offset paging), one offer, its add-ons.</summary>
public static class OffersApi
{
    public static void MapOffers(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/offers").WithTags("Legacy offers").RequirePermission(Permission.ReadCatalog);
        group.MapGet("", ListAsync);
        group.MapGet("/{offerId}", GetAsync);
        group.MapGet("/{offerId}/addons", AddOnsAsync);
    }

    /// <summary>GET /offers?country=[&amp;offer_category_id=][&amp;offset=&amp;size=]: a market's offers, of one category when asked, by index.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, BrowseCatalog browse, string? country, int? offset, int? size,
        [FromQuery(Name = "offer_category_id")] string? category) =>
        await BrowseAsync(context, browse, country, (page, all) =>
        {
            var wanted = category?.Trim() is { Length: > 0 } c ? c : null;
            var offers = wanted is null ? all : all.Where(o => o.Category.Id.Equals(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
            var path = $"/offers?country={page.Country}{(wanted is null ? "" : $"&offer_category_id={Uri.EscapeDataString(wanted)}")}&";
            var start = Math.Max(0, offset ?? 0);
            var take = size is > 0 ? size.Value : 100;
            var items = offers.Skip(start).Take(take).ToList();
            return Results.Json(new Collection<OfferResource>(offers.Count, items,
                new CollectionLinks(new Link($"{path}offset={start}&size={take}"), IndexPaging.Next(path, start, items.Count, take, offers.Count))), Json.Options);
        });

    private static async Task<IResult> GetAsync(HttpContext context, BrowseCatalog browse, string offerId, string? country)
    {
        if (!Guid.TryParse(offerId, out _))
            return Refusal.Of(ErrorCodes.OfferIsCatalogItem, offerId).ToResult(context);
        return await BrowseAsync(context, browse, country, (_, offers) =>
            offers.FirstOrDefault(o => o.Id.Equals(offerId, StringComparison.OrdinalIgnoreCase)) is { } offer
                ? Results.Json(offer, Json.Options)
                : Refusal.Of(ErrorCodes.OfferNotFound, offerId).ToResult(context));
    }

    /// <summary>The add-ons that name this offer as a prerequisite.</summary>
    private static async Task<IResult> AddOnsAsync(HttpContext context, BrowseCatalog browse, string offerId, string? country)
    {
        if (!Guid.TryParse(offerId, out _))
            return Refusal.Of(ErrorCodes.OfferIsCatalogItem, offerId).ToResult(context);
        return await BrowseAsync(context, browse, country, (page, offers) =>
        {
            if (!offers.Any(o => o.Id.Equals(offerId, StringComparison.OrdinalIgnoreCase)))
                return Refusal.Of(ErrorCodes.OfferNotFound, offerId).ToResult(context);
            var addOns = offers.Where(o => o.PrerequisiteOffers.Contains(offerId, StringComparer.OrdinalIgnoreCase)).ToList();
            return Results.Json(new Collection<OfferResource>(addOns.Count, addOns, new CollectionLinks(new Link($"/offers/{offerId}/addons?country={page.Country}"))), Json.Options);
        });
    }

    private static async Task<IResult> BrowseAsync(HttpContext context, BrowseCatalog browse, string? country, Func<CatalogPage, IReadOnlyList<OfferResource>, IResult> ok)
    {
        var result = await browse.RunAsync(context.Caller(), new CatalogQuery(country, Legacy: true), context.RequestAborted);
        return result.Map(context, page =>
        {
            var all = page.Products.SelectMany(p => p.Skus.Select(s => (p.Product, s))).ToList();
            var offers = all.Select((x, rank) => Offer(x.Product, x.s, page.Country, rank, all.Any(a => a.s.Sku.Prerequisites.Contains($"{x.Product.Id}:0001")))).ToList();
            return ok(page, offers);
        });
    }

    internal static OfferResource Offer(Product product, SkuOffer offer, string country, int rank, bool hasAddOns)
    {
        var sku = offer.Sku;
        var terms = offer.Availability?.Terms ?? [];
        var monthly = terms.FirstOrDefault(t => t.BillingCycle == BillingCycle.Monthly) ?? terms.FirstOrDefault();
        return new OfferResource(
            product.Id, product.Title, product.Description, sku.MinimumQuantity, sku.MaximumQuantity, rank, $"/offers/{product.Id}", "en-US", country,
            new OfferCategory(Naming.Kebab(product.Category.ToString()), product.Category.ToString(), 0, "en-US", country, new ResourceAttributes("OfferCategory")),
            sku.Prerequisites.Select(p => p.Split(':')[0]).ToList(), sku.IsAddOn, hasAddOns, offer.Availability is not null,
            product.BillingType, terms.Select(t => t.BillingCycle).Distinct().ToList(), IsAutoRenewable: true,
            sku.UpgradeTargets.Select(u => u.Split(':')[0]).ToList(), sku.IsTrial,
            new OfferProduct(product.Id, product.Title, "Licenses"), "Licenses", monthly?.UnitPrice, offer.Availability?.Currency,
            new OfferLinks(new Link($"/offers/{product.Id}?country={country}")), new ResourceAttributes("Offer"));
    }
}
