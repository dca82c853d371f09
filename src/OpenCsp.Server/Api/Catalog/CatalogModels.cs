using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Policies;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Server.Api.Catalog;

// The wire shapes of API.md B §4.5, plus OpenCsp's facts (targetView, category, segments, ISV facts) and, in a
// customer's view, isPurchasable with the reasons an item cannot be bought (CAT-2..8).

public sealed record ItemType(string Id, string DisplayName);

public sealed record ProductLinks(Link Skus, Link Self);

public sealed record ProductResource(
    string Id, string Title, string Description, ItemType ProductType, bool IsMicrosoftProduct, string PublisherName,
    TargetView TargetView, BillingType BillingType, ProductCategory Category, CommerceModel CommerceModel,
    ProductLinks Links, ResourceAttributes Attributes);

public sealed record SkuLinks(Link Availabilities, Link Self);

public sealed record Reason(int Code, string? RuleId, string Description);

public sealed record IsvResource(IReadOnlyList<string> Countries, bool AvailableThroughCsp, bool ExclusiveToOtherPartners, bool Transactable);

public sealed record SkuResource(
    string Id, string ProductId, string Title, string Description, int MinimumQuantity, int MaximumQuantity, bool IsTrial,
    IReadOnlyList<BillingCycle> SupportedBillingCycles, IReadOnlyList<string> PurchasePrerequisites,
    Dictionary<string, object> DynamicAttributes, IReadOnlyList<string> Segments, bool OnePerCustomer, string? TrialConvertsTo,
    int? FreeTrialDays, IsvResource? Isv, SoftwareKind? SoftwareKind, bool? IsPurchasable, IReadOnlyList<Reason>? UnavailableReasons,
    SkuLinks Links, ResourceAttributes Attributes);

public sealed record Currency(string Code);

public sealed record TermPrice(decimal UnitPrice, string CurrencyCode, bool TaxInclusive);

public sealed record CancellationRefundOption(int SequenceId, string Type, string ExpiresAfter);

public sealed record CancellationPolicy(IReadOnlyList<CancellationRefundOption> RefundOptions);

public sealed record TermResource(string Id, string Duration, string Description, BillingCycle BillingCycle, TermPrice Price,
    IReadOnlyList<CancellationPolicy> CancellationPolicies);

public sealed record AvailabilityResource(
    string Id, string ProductId, string SkuId, string CatalogItemId, Currency DefaultCurrency, string? Segment, string Country,
    bool IsPurchasable, bool IsRenewable, IReadOnlyList<TermResource> Terms, SelfLinks Links, ResourceAttributes Attributes);

public static class CatalogResources
{
    public static ProductResource Product(Product p, string basePath, string query) => new(
        p.Id, p.Title, p.Description, new ItemType(p.ProductType, p.ProductType), p.IsMicrosoft, p.Publisher,
        p.TargetView, p.BillingType, p.Category, p.CommerceModel,
        new ProductLinks(new Link($"{basePath}/{p.Id}/skus{query}"), new Link($"{basePath}/{p.Id}{query}")),
        new ResourceAttributes("Product"));

    public static SkuResource Sku(SkuOffer offer, Guid partnerId, bool customerView, System.Globalization.CultureInfo culture, string basePath, string query)
    {
        var s = offer.Sku;
        var dynamic = new Dictionary<string, object>
        {
            ["isAddon"] = s.IsAddOn,
            ["prerequisiteSkus"] = s.Prerequisites,
            ["upgradeTargetOffers"] = s.UpgradeTargets,
            ["hasConstraints"] = s.Isv is not null || s.Segments.Count < 4,
        };
        var isv = s.Isv is { } i
            ? new IsvResource(i.Countries, i.AvailableThroughCsp, i.ExclusiveToPartnerIds.Count > 0 && !i.ExclusiveToPartnerIds.Contains(partnerId), i.Transactable)
            : null;
        return new SkuResource(
            s.Id, s.ProductId, s.Title, s.Description, s.MinimumQuantity, s.MaximumQuantity, s.IsTrial,
            offer.Availability?.Terms.Select(t => t.BillingCycle).Distinct().ToList() ?? [], [],
            dynamic, s.Segments.Select(x => Naming.Kebab(x.ToString())).ToList(), s.OnePerCustomer, s.TrialConvertsTo,
            s.FreeTrialDays > 0 ? s.FreeTrialDays : null, isv, s.SoftwareKind,
            customerView ? offer.IsPurchasable : null,
            customerView ? offer.Reasons.Select(r => new Reason(r.Error.Code, r.RuleId, ErrorText.Describe(r, culture))).ToList() : null,
            new SkuLinks(new Link($"{basePath}/{s.ProductId}/skus/{s.Id}/availabilities{query}"), new Link($"{basePath}/{s.ProductId}/skus/{s.Id}{query}")),
            new ResourceAttributes("Sku"));
    }

    /// <summary>An availability with its terms; each term states the refund windows a purchase under <paramref name="policy"/> opens.</summary>
    public static AvailabilityResource Availability(Availability a, Product product, SkuOffer offer, PolicySet policy, string? segment, string basePath, string query) => new(
        a.Id, a.ProductId, a.SkuId, a.CatalogItemId, new Currency(a.Currency), segment, a.Country, offer.IsPurchasable,
        IsRenewable: a.Terms.Any(t => t.Duration.Length > 0),
        a.Terms.Select(t => new TermResource(
            TermId(t), t.Duration, Describe(t), t.BillingCycle, new TermPrice(t.UnitPrice, a.Currency, a.TaxInclusive),
            SubscriptionTerms.RefundPolicy(product, offer.Sku, t.BillingCycle, policy) is { Count: > 0 } refunds
                ? [new CancellationPolicy(refunds.Select((r, i) => new CancellationRefundOption(i, r.Type, System.Xml.XmlConvert.ToString(r.ExpiresAfter))).ToList())]
                : [])).ToList(),
        new SelfLinks(new Link($"{basePath}/{a.ProductId}/skus/{a.SkuId}/availabilities/{a.Id}{query}")),
        new ResourceAttributes("Availability"));

    private static string TermId(AvailabilityTerm t) => $"{(t.Duration.Length > 0 ? t.Duration : "once")}:{Json.EnumName(t.BillingCycle)}".ToLowerInvariant();

    private static string Describe(AvailabilityTerm t) => (t.Duration, t.BillingCycle) switch
    {
        ("", _) => "One-time purchase",
        ("P1M", _) => "One-month commitment, billed monthly",
        (var d, BillingCycle.Monthly) => $"{Term(d)} commitment, billed monthly",
        (var d, BillingCycle.OneTime) => $"{Term(d)} commitment, paid up front",
        (var d, var c) => $"{Term(d)} commitment, billed {Json.EnumName(c).Replace('_', ' ')}",
    };

    private static string Term(string duration) => duration switch
    {
        "P1Y" => "One-year",
        "P3Y" => "Three-year",
        _ => duration,
    };
}
