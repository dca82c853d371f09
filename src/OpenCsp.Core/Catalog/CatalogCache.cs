using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Catalog;

/// <summary>The catalog rows an order's lines are checked against: their products with every SKU and availability, and the customer market's blocks.</summary>
public sealed record CatalogRows(
    IReadOnlyDictionary<string, Product> Products, IReadOnlyList<Sku> Skus, IReadOnlyList<Availability> Availabilities, IReadOnlySet<string> Blocked);

/// <summary>
/// Keeps the catalog rows that carts and checkouts read between requests: every order line reads its product, SKUs and
/// availabilities, and a price list changes rarely. A product is loaded when it is first asked for, never the whole
/// price list. Every read asks for <see cref="CatalogState.Version"/> first, which each save that changes the catalog
/// moves in its own transaction (<see cref="OpenCspDbContext"/>): an import by another server instance or by the CLI is
/// seen by the next request. The rows are shared between requests and must not be changed.
/// </summary>
public sealed class CatalogCache
{
    private sealed record ProductRows(Product Product, List<Sku> Skus, List<Availability> Availabilities);

    private sealed class Generation(long version)
    {
        public long Version { get; } = version;
        public ConcurrentDictionary<string, ProductRows> Products { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, HashSet<string>> Blocked { get; } = new(StringComparer.Ordinal);
    }

    private Generation current = new(-1);

    public async Task<CatalogRows> ReadAsync(OpenCspDbContext db, IReadOnlyCollection<string> productIds, string country, CancellationToken ct)
    {
        var version = await db.CatalogStates.AsNoTracking().Select(s => s.Version).SingleAsync(ct);
        // Never older rows than the version read: a generation another request put in meanwhile may still be older.
        var generation = Volatile.Read(ref current);
        while (generation.Version < version)
        {
            Interlocked.CompareExchange(ref current, new Generation(version), generation);
            generation = Volatile.Read(ref current);
        }

        // Rows read by a request that saw an older version may predate the current one: such a request uses the newer
        // generation's rows but adds none of its own.
        var fill = generation.Version == version;
        var present = new List<ProductRows>();
        var missing = new List<string>();
        foreach (var id in productIds)
        {
            if (generation.Products.TryGetValue(id, out var rows))
                present.Add(rows);
            else
                missing.Add(id);
        }

        if (missing.Count > 0)
        {
            var products = await db.Products.AsNoTracking().Where(p => missing.Contains(p.Id)).ToListAsync(ct);
            var skus = await db.Skus.AsNoTracking().Where(s => missing.Contains(s.ProductId)).ToListAsync(ct);
            var availabilities = await db.Availabilities.AsNoTracking().Where(a => missing.Contains(a.ProductId)).ToListAsync(ct);
            // An unknown id finds no product and is not kept: any caller can make up ids.
            foreach (var product in products)
            {
                var rows = new ProductRows(product, skus.Where(s => s.ProductId == product.Id).ToList(), availabilities.Where(a => a.ProductId == product.Id).ToList());
                present.Add(rows);
                if (fill)
                    generation.Products.TryAdd(product.Id, rows);
            }
        }

        if (!generation.Blocked.TryGetValue(country, out var blocked))
        {
            blocked = (await db.BlockedMarkets.AsNoTracking().Where(b => b.Country == country).Select(b => b.Country).ToListAsync(ct)).ToHashSet();
            if (fill)
                generation.Blocked.TryAdd(country, blocked);
        }

        return new CatalogRows(
            present.ToDictionary(r => r.Product.Id, r => r.Product),
            [.. present.SelectMany(r => r.Skus)],
            [.. present.SelectMany(r => r.Availabilities)],
            blocked);
    }
}
