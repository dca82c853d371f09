using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;

namespace OpenCsp.Core.Catalog;

/// <summary>
/// The catalog as data (data/catalog/demo-catalog.json): markets with currency, price factor and tax rule (CAT-7),
/// and products with SKUs whose terms carry a base (USD) unit price. <see cref="Expand"/> turns it into the
/// catalog's rows: one availability per SKU and market, prices converted and rounded to cents.
/// </summary>
public sealed record CatalogFile(IReadOnlyList<CatalogFile.Market> Markets, IReadOnlyList<CatalogFile.ProductEntry> Products)
{
    public sealed record Market(string Country, string Currency, decimal Factor, bool TaxInclusive, decimal TaxRate = 0);

    public sealed record TermEntry(string Term, BillingCycle BillingCycle, decimal Price);

    public sealed record SkuEntry(
        string Id,
        string Title,
        IReadOnlyList<TermEntry> Terms,
        string? Description = null,
        int MinimumQuantity = 1,
        int MaximumQuantity = 300,
        bool IsTrial = false,
        string? TrialConvertsTo = null,
        int FreeTrialDays = 0,
        bool IsAddOn = false,
        IReadOnlyList<string>? Prerequisites = null,
        IReadOnlyList<string>? UpgradeTargets = null,
        bool OnePerCustomer = false,
        IReadOnlyList<CustomerSegment>? Segments = null,
        IReadOnlyList<Guid>? AuthorizedPartnerIds = null,
        IsvFacts? Isv = null,
        SoftwareKind? SoftwareKind = null,
        CancellationRestriction? CancellationRestriction = null);

    public sealed record ProductEntry(
        string Id,
        string Title,
        TargetView TargetView,
        string ProductType,
        string Publisher,
        string PublisherId,
        BillingType BillingType,
        ProductCategory Category,
        CommerceModel CommerceModel,
        IReadOnlyList<SkuEntry> Skus,
        string? Description = null);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static CatalogFile Parse(Stream json) =>
        JsonSerializer.Deserialize<CatalogFile>(json, Options) ?? throw new InvalidDataException("The catalog file is empty.");

    /// <summary>The catalog shipped with the product for the demo (API.md A4).</summary>
    public static CatalogFile Demo()
    {
        using var stream = typeof(CatalogFile).Assembly.GetManifestResourceStream("catalog/demo-catalog.json")
                           ?? throw new InvalidOperationException("The demo catalog is not embedded.");
        return Parse(stream);
    }

    public sealed record Rows(IReadOnlyList<Product> Products, IReadOnlyList<Sku> Skus, IReadOnlyList<Availability> Availabilities);

    public Rows Expand()
    {
        var products = new List<Product>();
        var skus = new List<Sku>();
        var availabilities = new List<Availability>();
        foreach (var p in Products)
        {
            products.Add(new Product
            {
                Id = p.Id,
                Title = p.Title,
                Description = p.Description ?? "",
                TargetView = p.TargetView,
                ProductType = p.ProductType,
                Publisher = p.Publisher,
                PublisherId = p.PublisherId,
                IsMicrosoft = p.PublisherId == "microsoft",
                BillingType = p.BillingType,
                Category = p.Category,
                CommerceModel = p.CommerceModel,
            });
            foreach (var s in p.Skus)
            {
                skus.Add(new Sku
                {
                    ProductId = p.Id,
                    Id = s.Id,
                    Title = s.Title,
                    Description = s.Description ?? p.Description ?? "",
                    MinimumQuantity = s.MinimumQuantity,
                    MaximumQuantity = s.MaximumQuantity,
                    IsTrial = s.IsTrial,
                    TrialConvertsTo = s.TrialConvertsTo,
                    FreeTrialDays = s.FreeTrialDays,
                    IsAddOn = s.IsAddOn,
                    Prerequisites = [.. s.Prerequisites ?? []],
                    UpgradeTargets = [.. s.UpgradeTargets ?? []],
                    OnePerCustomer = s.OnePerCustomer,
                    Segments = [.. s.Segments ?? Enum.GetValues<CustomerSegment>()],
                    AuthorizedPartnerIds = [.. s.AuthorizedPartnerIds ?? []],
                    Isv = s.Isv,
                    SoftwareKind = s.SoftwareKind,
                    CancellationRestriction = s.CancellationRestriction,
                });
                availabilities.AddRange(Markets.Select(m => new Availability
                {
                    Id = AvailabilityId(p.Id, s.Id, m.Country),
                    ProductId = p.Id,
                    SkuId = s.Id,
                    Country = m.Country,
                    Currency = m.Currency,
                    TaxInclusive = m.TaxInclusive,
                    TaxRate = m.TaxRate,
                    Terms = [.. s.Terms.Select(t => new AvailabilityTerm { Duration = t.Term, BillingCycle = t.BillingCycle, UnitPrice = Money.RoundToCents(t.Price * m.Factor) })],
                }));
            }
        }

        return new Rows(products, skus, availabilities);
    }

    /// <summary>A stable 12-character id in Partner Center's style, the same for the same SKU and market on every load.</summary>
    public static string AvailabilityId(string productId, string skuId, string country)
    {
        const string alphabet = "0123456789BCDFGHJKLMNPQRSTVWXZ";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{productId}:{skuId}:{country}".ToUpperInvariant()));
        var id = new StringBuilder("DZH3", 12);
        for (var i = 0; id.Length < 12; i++)
            id.Append(alphabet[hash[i] % alphabet.Length]);
        return id.ToString();
    }
}
