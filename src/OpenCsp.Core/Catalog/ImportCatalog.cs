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

    public async Task<Summary> RunAsync(CatalogFile.Rows rows, CancellationToken ct)
    {
        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        var products = await db.Products.ToDictionaryAsync(p => p.Id, ct);
        foreach (var p in rows.Products)
        {
            if (products.TryGetValue(p.Id, out var existing))
                db.Entry(existing).CurrentValues.SetValues(p);
            else
                db.Products.Add(p);
        }

        var skus = await db.Skus.ToDictionaryAsync(s => (s.ProductId, s.Id), ct);
        foreach (var s in rows.Skus)
        {
            if (skus.TryGetValue((s.ProductId, s.Id), out var existing))
            {
                db.Entry(existing).CurrentValues.SetValues(s);
                existing.Isv = s.Isv;
                existing.Prerequisites = s.Prerequisites;
                existing.UpgradeTargets = s.UpgradeTargets;
                existing.Segments = s.Segments;
                existing.AuthorizedPartnerIds = s.AuthorizedPartnerIds;
            }
            else
            {
                db.Skus.Add(s);
            }
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
