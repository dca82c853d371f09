using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Policies;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Catalog;

/// <summary>
/// The catalog (API.md B §5.2): /v1/products for a market, and /v1/customers/{id}/products where the customer's
/// market and segment apply and items it cannot buy carry their reasons. Extra filters serve CAT-1's tabs:
/// publisher (microsoft|isv), billingType, category, isTrial, billingCycle.
/// </summary>
public static class CatalogApi
{
    public static void MapCatalog(this IEndpointRouteBuilder v1)
    {
        foreach (var (prefix, tag) in new[] { ("/products", "Catalog"), ("/customers/{customerId}/products", "Customer catalog") })
        {
            var group = v1.MapGroup(prefix).WithTags(tag).RequirePermission(Permission.ReadCatalog);
            group.MapGet("", ListProductsAsync);
            group.MapGet("/{productId}", GetProductAsync);
            group.MapGet("/{productId}/skus", ListSkusAsync);
            group.MapGet("/{productId}/skus/{skuId}", GetSkuAsync);
            group.MapGet("/{productId}/skus/{skuId}/availabilities", ListAvailabilitiesAsync);
            group.MapGet("/{productId}/skus/{skuId}/availabilities/{availabilityId}", GetAvailabilityAsync);
        }
    }

    /// <summary>The query string of the catalog request, bound once for every endpoint.</summary>
    public sealed record Filters(
        string? CustomerId, string? Country, string? TargetView, string? TargetSegment, string? Publisher, string? BillingType,
        string? Category, bool? IsTrial, string? BillingCycle);

    private static async Task<IResult> ListProductsAsync(HttpContext context, BrowseCatalog browse, [AsParameters] Filters filters) =>
        await BrowseAsync(context, browse, filters, null, null, (page, paths) =>
            Results.Json(Envelope(page.Products.Select(p => CatalogResources.Product(p.Product, paths.Base, paths.Query)).ToList(), paths.Self), Json.Options));

    private static async Task<IResult> GetProductAsync(HttpContext context, BrowseCatalog browse, [AsParameters] Filters filters, string productId) =>
        await BrowseAsync(context, browse, filters, productId, null, (page, paths) =>
            Results.Json(CatalogResources.Product(page.Products[0].Product, paths.Base, paths.Query), Json.Options));

    private static async Task<IResult> ListSkusAsync(HttpContext context, BrowseCatalog browse, [AsParameters] Filters filters, string productId) =>
        await BrowseAsync(context, browse, filters, productId, null, (page, paths) =>
            Results.Json(Envelope(page.Products[0].Skus.Select(s => Sku(context, page, s, paths)).ToList(), paths.Self), Json.Options));

    private static async Task<IResult> GetSkuAsync(HttpContext context, BrowseCatalog browse, [AsParameters] Filters filters, string productId, string skuId) =>
        await BrowseAsync(context, browse, filters, productId, skuId, (page, paths) =>
            Results.Json(Sku(context, page, page.Products[0].Skus[0], paths), Json.Options));

    private static async Task<IResult> ListAvailabilitiesAsync(
        HttpContext context, BrowseCatalog browse, [AsParameters] Filters filters, string productId, string skuId) =>
        await BrowseAsync(context, browse, filters, productId, skuId, (page, paths) =>
        {
            var offer = page.Products[0].Skus[0];
            var items = offer.Availability is { } a ? [Availability(context, page, a, paths)] : new List<AvailabilityResource>();
            return Results.Json(Envelope(items, paths.Self), Json.Options);
        });

    private static async Task<IResult> GetAvailabilityAsync(
        HttpContext context, BrowseCatalog browse, [AsParameters] Filters filters, string productId, string skuId, string availabilityId) =>
        await BrowseAsync(context, browse, filters, productId, skuId, (page, paths) =>
        {
            var offer = page.Products[0].Skus[0];
            return offer.Availability is { } a && a.Id.Equals(availabilityId, StringComparison.OrdinalIgnoreCase)
                ? Results.Json(Availability(context, page, a, paths), Json.Options)
                : Refusal.Of(ErrorCodes.AvailabilityNotFound, availabilityId).ToResult(context);
        });

    private sealed record Paths(string Base, string Query, string Self);

    private static SkuResource Sku(HttpContext context, CatalogPage page, SkuOffer offer, Paths paths) =>
        CatalogResources.Sku(offer, context.Caller().PartnerId, page.Customer is not null, ApiErrors.Culture(context), paths.Base, paths.Query);

    private static AvailabilityResource Availability(HttpContext context, CatalogPage page, Availability a, Paths paths) =>
        CatalogResources.Availability(a, page.Products[0].Product, page.Products[0].Skus[0],
            PolicySet.Current(context.RequestServices.GetRequiredService<IConfiguration>()), Segment(page), paths.Base, paths.Query);

    private static string? Segment(CatalogPage page) => page.Segment is { } s ? Naming.Kebab(s.ToString()) : null;

    private static Collection<T> Envelope<T>(IReadOnlyList<T> items, string self) => new(items.Count, items, new CollectionLinks(new Link(self)));

    private static async Task<IResult> BrowseAsync(
        HttpContext context, BrowseCatalog browse, Filters f, string? productId, string? skuId, Func<CatalogPage, Paths, IResult> ok)
    {
        Guid? customerId = null;
        if (f.CustomerId is not null)
        {
            if (!Ids.TryCustomer(f.CustomerId, out var id, out var bad))
                return bad.ToResult(context);
            customerId = id;
        }

        var view = EnumValues.Parse<TargetView>(f.TargetView, "targetView");
        var segment = EnumValues.Parse<CustomerSegment>(f.TargetSegment, "targetSegment");
        var billingType = EnumValues.Parse<BillingType>(f.BillingType, "billingType");
        var category = EnumValues.Parse<ProductCategory>(f.Category, "category");
        var cycle = EnumValues.Parse<BillingCycle>(f.BillingCycle, "billingCycle");
        var refusal = view.Refusal ?? segment.Refusal ?? billingType.Refusal ?? category.Refusal ?? cycle.Refusal;
        if (refusal is not null)
            return refusal.ToResult(context);
        bool? microsoft = f.Publisher?.ToLowerInvariant() switch
        {
            null or "" => null,
            "microsoft" => true,
            "isv" or "partner" => false,
            _ => null,
        };
        if (microsoft is null && !string.IsNullOrEmpty(f.Publisher))
            return Refusal.Of(ErrorCodes.InvalidProperty, "publisher", "must be microsoft or isv").ToResult(context);

        var query = new CatalogQuery(f.Country, view.Value, segment.Value, productId, skuId, microsoft, billingType.Value, category.Value, f.IsTrial, cycle.Value, customerId);
        var result = await browse.RunAsync(context.Caller(), query, context.RequestAborted);
        return result.Map(context, page =>
        {
            var basePath = customerId is { } c ? $"/customers/{c}/products" : "/products";
            var linkQuery = customerId is null ? $"?country={page.Country}" : "";
            var self = context.Request.Path.Value![3..] + context.Request.QueryString;
            return ok(page, new Paths(basePath, linkQuery, self));
        });
    }
}
