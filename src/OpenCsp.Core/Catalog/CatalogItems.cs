using OpenCsp.Core.Customers;

namespace OpenCsp.Core.Catalog;

/// <summary>The catalog tabs of CAT-1 (Partner Center's targetView).</summary>
public enum TargetView
{
    OnlineServices,
    Software,
    AzureReservations,
}

public enum BillingType
{
    License,
    Usage,
}

/// <summary>CAT-1's category filter.</summary>
public enum ProductCategory
{
    Enterprise,
    SmallBusiness,
    Education,
    Government,
    Nonprofit,
    Trial,
}

/// <summary>Which rule set an item is sold under: Partner Center's legacy rules or new commerce (NCE-*).</summary>
public enum CommerceModel
{
    Legacy,
    NewCommerce,
}

/// <summary>Partner Center's BillingCycleType values that the catalog uses.</summary>
public enum BillingCycle
{
    Monthly,
    Annual,
    Triennial,
    OneTime,
}

/// <summary>A product (Partner Center's Product): what a partner browses in the catalog.</summary>
public sealed class Product
{
    public required string Id { get; init; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public TargetView TargetView { get; set; }

    /// <summary>Partner Center's productType id, e.g. OnlineServices, Software, Azure, SaaS.</summary>
    public required string ProductType { get; set; }

    public required string Publisher { get; set; }
    public required string PublisherId { get; set; }
    public bool IsMicrosoft { get; set; }
    public BillingType BillingType { get; set; }
    public ProductCategory Category { get; set; }
    public CommerceModel CommerceModel { get; set; }
}

/// <summary>
/// A SKU of a product, with the facts the buying rules read: quantity limits, trial and its paid target (NCE-8,
/// ORD-4), add-on prerequisites (ADD-*), upgrade targets, one per customer (CAT-3), segments (CAT-2), ISV facts
/// (CAT-4) and the partners that may sell it (CAT-5).
/// </summary>
public sealed class Sku
{
    public required string ProductId { get; init; }
    public required string Id { get; init; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public int MinimumQuantity { get; set; } = 1;
    public int MaximumQuantity { get; set; } = 300;
    public bool IsTrial { get; set; }

    /// <summary>The catalog item (product:sku) a trial converts to at the end of its term (NCE-8).</summary>
    public string? TrialConvertsTo { get; set; }

    /// <summary>An ISV offer's automatic free trial in days (ORD-4); 0 when there is none.</summary>
    public int FreeTrialDays { get; set; }

    public bool IsAddOn { get; set; }

    /// <summary>Catalog items (product:sku) one of which a base subscription must be for this add-on (ADD-1, ADD-2).</summary>
    public List<string> Prerequisites { get; set; } = [];

    public List<string> UpgradeTargets { get; set; } = [];
    public bool OnePerCustomer { get; set; }
    public List<CustomerSegment> Segments { get; set; } = [];

    /// <summary>Partners that may sell this SKU; empty means every partner (CAT-5).</summary>
    public List<Guid> AuthorizedPartnerIds { get; set; } = [];

    public IsvFacts? Isv { get; set; }

    /// <summary>For software: perpetual or a software subscription (SW-13 credits differ).</summary>
    public SoftwareKind? SoftwareKind { get; set; }

    /// <summary>SW-9's exceptions to software cancellation.</summary>
    public CancellationRestriction? CancellationRestriction { get; set; }

    public string CatalogItemPrefix => $"{ProductId}:{Id}";

    /// <summary>ADD-1, ADD-2: whether this add-on can be bought on top of a subscription to product:sku.</summary>
    public bool IsAddOnFor(string productId, string skuId) =>
        IsAddOn && Prerequisites.Contains($"{productId}:{skuId}", StringComparer.OrdinalIgnoreCase);
}

public enum SoftwareKind
{
    Perpetual,
    Subscription,
}

public enum CancellationRestriction
{
    SupportRequestOnly,
    NotCancellable,
}

/// <summary>CAT-4: why an ISV SaaS offer may not be sold to a customer.</summary>
public sealed class IsvFacts
{
    /// <summary>Billing countries the ISV supports; empty means all.</summary>
    public List<string> Countries { get; set; } = [];

    public bool AvailableThroughCsp { get; set; } = true;

    /// <summary>Partners the ISV made the offer exclusive to; empty means none.</summary>
    public List<Guid> ExclusiveToPartnerIds { get; set; } = [];

    /// <summary>False for what cannot be transacted here (containers, some usage-based offers).</summary>
    public bool Transactable { get; set; } = true;

    /// <summary>Where the customer finishes setting up the account after purchase (ORD-3).</summary>
    public string? ActivationUri { get; set; }
}

/// <summary>
/// A SKU offered in one market (Partner Center's Availability), with the terms it can be bought for. The catalog item
/// id that carts and orders use is product:sku:availability; the line then names a term and billing cycle.
/// </summary>
public sealed class Availability
{
    public required string Id { get; init; }
    public required string ProductId { get; init; }
    public required string SkuId { get; init; }
    public required string Country { get; init; }
    public required string Currency { get; set; }

    /// <summary>CAT-7: commercial prices are quoted without tax, except where the market says they include it (AU, BR).</summary>
    public bool TaxInclusive { get; set; }

    /// <summary>The market's sales tax or VAT rate, illustrative: it splits a charge into net and tax in the ledger.</summary>
    public decimal TaxRate { get; set; }

    public List<AvailabilityTerm> Terms { get; set; } = [];

    public string CatalogItemId => $"{ProductId}:{SkuId}:{Id}";

    public AvailabilityTerm? Term(string duration, BillingCycle cycle) =>
        Terms.FirstOrDefault(t => t.Duration.Equals(duration, StringComparison.OrdinalIgnoreCase) && t.BillingCycle == cycle);
}

/// <summary>A term and billing cycle with its unit price per billing period (OpenCsp keeps the price list here).</summary>
public sealed class AvailabilityTerm
{
    /// <summary>ISO-8601 term: P1M, P1Y, P3Y; empty for a one-time purchase without a term (perpetual software).</summary>
    public required string Duration { get; set; }

    public BillingCycle BillingCycle { get; set; }
    public decimal UnitPrice { get; set; }
}

/// <summary>A market where a kind of product cannot be sold at all (CAT-6: Azure reservations), kept as data.</summary>
public sealed class BlockedMarket
{
    public TargetView TargetView { get; init; }
    public required string Country { get; init; }
    public required string Name { get; init; }
}
