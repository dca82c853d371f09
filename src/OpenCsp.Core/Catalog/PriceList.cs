using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;

namespace OpenCsp.Core.Catalog;

/// <summary>
/// A partner's price list as CSV, one row per product, SKU, market, term and billing cycle (columns in the README).
/// Every row is checked; any bad row is reported with its line number and nothing is imported.
/// </summary>
public static class PriceList
{
    public sealed record Row(
        string ProductId, string SkuId, string ProductTitle, string SkuTitle, TargetView TargetView, string Publisher,
        BillingType BillingType, ProductCategory Category, CommerceModel CommerceModel, string Country, string Currency,
        string Term, BillingCycle BillingCycle, decimal UnitPrice, bool TaxInclusive, decimal TaxRate,
        int MinimumQuantity, int MaximumQuantity, string? Segments, bool IsTrial, bool IsAddOn, string? Prerequisites,
        string? UpgradeTargets, bool OnePerCustomer);

    public sealed record LineError(int Line, string Message);

    /// <summary>The header every price list needs, in lower case: the names of <see cref="Row"/>'s fields.</summary>
    public static IReadOnlyList<string> Columns { get; } = typeof(Row).GetConstructors()[0].GetParameters().Select(p => p.Name!.ToLowerInvariant()).ToArray();

    public sealed record Parsed(CatalogFile.Rows? Rows, IReadOnlyList<LineError> Errors, int RowCount);

    public static Parsed Parse(TextReader reader, Action<int>? rowRead = null)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
        };
        using var csv = new CsvReader(reader, config);
        foreach (var type in new[] { typeof(TargetView), typeof(BillingType), typeof(ProductCategory), typeof(CommerceModel), typeof(BillingCycle) })
            csv.Context.TypeConverterOptionsCache.GetOptions(type).EnumIgnoreCase = true;
        var rows = new List<(int Line, Row Row)>();
        var errors = new List<LineError>();
        if (!csv.Read() || !csv.ReadHeader())
            return new Parsed(null, [new LineError(1, "the file has no header row")], 0);
        var missing = Columns.Except(csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant())).ToList();
        if (missing.Count > 0)
            return new Parsed(null, [new LineError(1, $"missing columns: {string.Join(", ", missing)}")], 0);
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            try
            {
                var row = csv.GetRecord<Row>();
                if (Check(row) is { } problem)
                    errors.Add(new LineError(line, problem));
                else
                    rows.Add((line, row));
            }
            catch (CsvHelperException e)
            {
                errors.Add(new LineError(line, e.InnerException?.Message ?? e.Message.Split('\n')[0]));
            }

            rowRead?.Invoke(rows.Count + errors.Count);
        }

        foreach (var duplicate in rows.GroupBy(r => (r.Row.ProductId.ToUpperInvariant(), r.Row.SkuId.ToUpperInvariant(), r.Row.Country.ToUpperInvariant(), r.Row.Term, r.Row.BillingCycle)).Where(g => g.Count() > 1))
            errors.AddRange(duplicate.Skip(1).Select(d => new LineError(d.Line, $"repeats line {duplicate.First().Line} (same product, SKU, market, term and billing cycle)")));
        // One market's terms share a currency and a tax treatment: a line that disagrees would be priced in the first's.
        foreach (var market in rows.GroupBy(r => (r.Row.ProductId.ToUpperInvariant(), r.Row.SkuId.ToUpperInvariant(), r.Row.Country.ToUpperInvariant())))
        {
            var first = market.First();
            errors.AddRange(market.Skip(1)
                .Where(d => !d.Row.Currency.Equals(first.Row.Currency, StringComparison.OrdinalIgnoreCase) || d.Row.TaxInclusive != first.Row.TaxInclusive || d.Row.TaxRate != first.Row.TaxRate)
                .Select(d => new LineError(d.Line, $"currency or tax differs from line {first.Line} (same product, SKU and market)")));
        }

        var count = rows.Count + errors.Count;
        return errors.Count > 0 ? new Parsed(null, [.. errors.OrderBy(e => e.Line)], count) : new Parsed(Expand(rows.Select(r => r.Row).ToList()), [], count);
    }

    private const int MaxIdLength = 40;

    // Bounds that keep every charge (price × seats × months) far inside decimal's range.
    private const decimal MaxUnitPrice = 1_000_000_000m;
    private const int MaxQuantity = 1_000_000;

    private static string? Check(Row r)
    {
        if (string.IsNullOrWhiteSpace(r.ProductId) || string.IsNullOrWhiteSpace(r.SkuId))
            return "productId and skuId are required";
        // Catalog item ids are product:sku:availability, and ids are stored in 40 characters.
        if (r.ProductId.Length > MaxIdLength || r.SkuId.Length > MaxIdLength || r.ProductId.Contains(':', StringComparison.Ordinal) || r.SkuId.Contains(':', StringComparison.Ordinal))
            return $"productId and skuId are at most {MaxIdLength} characters, without ':'";
        if (r.Country.Length != 2 || !r.Country.All(char.IsAsciiLetter))
            return $"country '{r.Country}' is not a two-letter market code";
        if (r.Currency.Length != 3)
            return $"currency '{r.Currency}' is not a three-letter code";
        if (r.UnitPrice is < 0 or > MaxUnitPrice)
            return string.Create(CultureInfo.InvariantCulture, $"unitPrice is between 0 and {MaxUnitPrice:N0}");
        if (r.TaxRate is < 0 or >= 1)
            return "taxRate is a fraction between 0 and 1";
        if (r.Term.Length > 0 && Iso.ParseDuration(r.Term) is null)
            return $"term '{r.Term}' is not an ISO-8601 duration such as P1M or P1Y";
        if (r.MinimumQuantity < 1 || r.MaximumQuantity < r.MinimumQuantity || r.MaximumQuantity > MaxQuantity)
            return string.Create(CultureInfo.InvariantCulture, $"quantities need 1 <= minimumQuantity <= maximumQuantity <= {MaxQuantity:N0}");
        return Segments(r.Segments) is null ? "segments are commercial, education, government, nonprofit (separated by ;)" : null;
    }

    private static List<CustomerSegment>? Segments(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [.. Enum.GetValues<CustomerSegment>()];
        var list = new List<CustomerSegment>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<CustomerSegment>(part, ignoreCase: true, out var s) || !Enum.IsDefined(s))
                return null;
            list.Add(s);
        }

        return list;
    }

    private static List<string> List(string? text) => [.. (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static CatalogFile.Rows Expand(List<Row> rows)
    {
        var products = rows.GroupBy(r => r.ProductId.ToUpperInvariant()).Select(g => g.First()).Select(r => new Product
        {
            Id = r.ProductId.ToUpperInvariant(),
            Title = r.ProductTitle,
            TargetView = r.TargetView,
            ProductType = r.TargetView switch { TargetView.Software => "Software", TargetView.AzureReservations => "Azure", _ => "OnlineServices" },
            Publisher = r.Publisher,
            PublisherId = r.Publisher.Equals("Microsoft Corporation", StringComparison.OrdinalIgnoreCase) ? "microsoft" : Naming.Kebab(r.Publisher.Replace(" ", "", StringComparison.Ordinal)),
            IsMicrosoft = r.Publisher.Equals("Microsoft Corporation", StringComparison.OrdinalIgnoreCase),
            BillingType = r.BillingType,
            Category = r.Category,
            CommerceModel = r.CommerceModel,
        }).ToList();
        var skus = rows.GroupBy(r => (r.ProductId.ToUpperInvariant(), r.SkuId.ToUpperInvariant())).Select(g => g.First()).Select(r => new Sku
        {
            ProductId = r.ProductId.ToUpperInvariant(),
            Id = r.SkuId.ToUpperInvariant(),
            Title = r.SkuTitle,
            MinimumQuantity = r.MinimumQuantity,
            MaximumQuantity = r.MaximumQuantity,
            IsTrial = r.IsTrial,
            IsAddOn = r.IsAddOn,
            Prerequisites = List(r.Prerequisites),
            UpgradeTargets = List(r.UpgradeTargets),
            OnePerCustomer = r.OnePerCustomer,
            Segments = Segments(r.Segments)!,
        }).ToList();
        var availabilities = rows.GroupBy(r => (Product: r.ProductId.ToUpperInvariant(), SkuId: r.SkuId.ToUpperInvariant(), Country: r.Country.ToUpperInvariant())).Select(g => new Availability
        {
            Id = CatalogFile.AvailabilityId(g.Key.Product, g.Key.SkuId, g.Key.Country),
            ProductId = g.Key.Product,
            SkuId = g.Key.SkuId,
            Country = g.Key.Country,
            Currency = g.First().Currency.ToUpperInvariant(),
            TaxInclusive = g.First().TaxInclusive,
            TaxRate = g.First().TaxRate,
            Terms = [.. g.Select(r => new AvailabilityTerm { Duration = r.Term, BillingCycle = r.BillingCycle, UnitPrice = Money.RoundToCents(r.UnitPrice) })],
        }).ToList();
        return new CatalogFile.Rows(products, skus, availabilities);
    }
}
