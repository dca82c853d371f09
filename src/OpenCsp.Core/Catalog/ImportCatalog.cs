using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Catalog;

/// <summary>
/// Adds or updates products, SKUs and availabilities (keyed by their ids) in one transaction: a catalog load
/// either applies whole or not at all. The demo seed and price-list imports both come through here.
/// </summary>
public sealed class ImportCatalog(OpenCspDbContext db)
{
    public sealed record Summary(int Products, int Skus, int Availabilities);

    /// <param name="priceListOnly">
    /// A price list carries no ISV facts, partner authorisations (CAT-5), software kinds or trial targets: for products
    /// and SKUs that exist, it updates only what it has columns for and keeps the rest.
    /// </param>
    public async Task<Summary> RunAsync(CatalogFile.Rows rows, CancellationToken ct, bool priceListOnly = false)
    {
        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        var products = await db.Products.ToDictionaryAsync(p => p.Id, ct);
        foreach (var p in rows.Products)
        {
            if (!products.TryGetValue(p.Id, out var existing))
            {
                db.Products.Add(p);
                continue;
            }

            var (description, productType, publisherId) = (existing.Description, existing.ProductType, existing.PublisherId);
            db.Entry(existing).CurrentValues.SetValues(p);
            if (priceListOnly)
                (existing.Description, existing.ProductType, existing.PublisherId) = (description, productType, publisherId);
        }

        var skus = await db.Skus.ToDictionaryAsync(s => (s.ProductId, s.Id), ct);
        foreach (var s in rows.Skus)
        {
            if (!skus.TryGetValue((s.ProductId, s.Id), out var existing))
            {
                db.Skus.Add(s);
                continue;
            }

            if (priceListOnly)
            {
                (existing.Title, existing.MinimumQuantity, existing.MaximumQuantity) = (s.Title, s.MinimumQuantity, s.MaximumQuantity);
                (existing.IsTrial, existing.IsAddOn, existing.OnePerCustomer) = (s.IsTrial, s.IsAddOn, s.OnePerCustomer);
                (existing.Prerequisites, existing.UpgradeTargets, existing.Segments) = (s.Prerequisites, s.UpgradeTargets, s.Segments);
                continue;
            }

            db.Entry(existing).CurrentValues.SetValues(s);
            existing.Isv = s.Isv;
            existing.Prerequisites = s.Prerequisites;
            existing.UpgradeTargets = s.UpgradeTargets;
            existing.Segments = s.Segments;
            existing.AuthorizedPartnerIds = s.AuthorizedPartnerIds;
        }

        var availabilities = await db.Availabilities.ToDictionaryAsync(a => a.Id, ct);
        foreach (var a in rows.Availabilities)
        {
            if (availabilities.TryGetValue(a.Id, out var existing))
            {
                db.Entry(existing).CurrentValues.SetValues(a);
                existing.Terms = a.Terms;
            }
            else
            {
                db.Availabilities.Add(a);
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Summary(rows.Products.Count, rows.Skus.Count, rows.Availabilities.Count);
    }

    /// <summary>CAT-6: the markets where Azure reservations cannot be sold, from the data file shipped with the product.</summary>
    public async Task<int> LoadBlockedMarketsAsync(CancellationToken ct)
    {
        using var stream = typeof(ImportCatalog).Assembly.GetManifestResourceStream("catalog/reservation-blocked-markets.csv")
                           ?? throw new InvalidOperationException("The blocked-market list is not embedded.");
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.ToLowerInvariant(),
        });
        var rows = csv.GetRecords<BlockedMarketRow>().ToList();
        var known = await db.BlockedMarkets.Where(b => b.TargetView == TargetView.AzureReservations).Select(b => b.Country).ToListAsync(ct);
        foreach (var row in rows.DistinctBy(r => r.Country).Where(r => !known.Contains(r.Country)))
            db.BlockedMarkets.Add(new BlockedMarket { TargetView = TargetView.AzureReservations, Country = row.Country, Name = row.Name });
        await db.SaveChangesAsync(ct);
        return rows.Count;
    }

    private sealed record BlockedMarketRow(string Country, string Name);
}
