using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Demo;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Tests.Infrastructure;

namespace OpenCsp.Core.Tests.Catalog;

/// <summary>Order lines are checked against cached catalog rows, which the catalog's version keeps current.</summary>
public sealed class CatalogCacheTests
{
    private static readonly Caller Fabrikam = new(SeedDemoData.DirectPartnerId, PartnerKind.DirectBill, Role.AdminAgent, "test");

    private static async Task<CheckedLine> CheckAsync(CoreHost host, string productId)
    {
        var customer = await host.RunAsync<OpenCspDbContext, Customer>(db => db.Customers.AsNoTracking().SingleAsync(c => c.Domain.StartsWith("contoso")));
        var item = $"{productId}:0001:{CatalogFile.AvailabilityId(productId, "0001", customer.Country)}";
        var lines = await host.RunAsync<OrderLineRules, IReadOnlyList<CheckedLine>>(r =>
            r.CheckAsync(Fabrikam, customer, [new OrderLineInput(0, item, 1, BillingCycle.Monthly, "P1M")], CancellationToken.None));
        return lines.Single();
    }

    [Fact]
    public async Task APriceChangedAfterALineWasChecked_IsThePriceOfTheNextCheck()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        Assert.Equal(7.20m, (await CheckAsync(host, "CFQ7TTC0LH18")).Term!.UnitPrice);

        // Any writer of the catalog (an import, another server instance, the CLI) saves through the same context.
        await host.RunAsync<OpenCspDbContext>(async db =>
        {
            var us = await db.Availabilities.SingleAsync(a => a.ProductId == "CFQ7TTC0LH18" && a.SkuId == "0001" && a.Country == "US");
            us.Terms = [.. us.Terms.Select(t => new AvailabilityTerm { Duration = t.Duration, BillingCycle = t.BillingCycle, UnitPrice = t.UnitPrice + 1 })];
            await db.SaveChangesAsync();
        });

        Assert.Equal(8.20m, (await CheckAsync(host, "CFQ7TTC0LH18")).Term!.UnitPrice);
    }

    [Fact]
    public async Task OnlySavesThatChangeTheCatalog_MoveItsVersion_SynchronousOnesToo()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        async Task<long> VersionAsync() => await host.RunAsync<OpenCspDbContext, long>(db => db.CatalogStates.Select(c => c.Version).SingleAsync());
        var seeded = await VersionAsync();

        await host.RunAsync<OpenCspDbContext>(async db =>
        {
            (await db.Customers.FirstAsync()).CompanyName += " Renamed";
            await db.SaveChangesAsync();
        });
        Assert.Equal(seeded, await VersionAsync());

        await host.RunAsync<OpenCspDbContext>(db =>
        {
            db.Skus.First(s => s.ProductId == "CFQ7TTC0LH18").Title += " (renamed)";
            db.SaveChanges();
            return Task.CompletedTask;
        });
        Assert.Equal(seeded + 1, await VersionAsync());
    }

    [Fact]
    public async Task CachedRows_AreServed_UntilTheCatalogVersionMoves()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        Assert.Null((await CheckAsync(host, "CFQ7TTC0LH18")).Error);

        // A write that bypasses the context leaves the version, and so the cached rows, as they were.
        await host.RunAsync<OpenCspDbContext>(db => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM \"Availabilities\" WHERE \"ProductId\" = 'CFQ7TTC0LH18' AND \"SkuId\" = '0001' AND \"Country\" = 'US'"));
        Assert.Null((await CheckAsync(host, "CFQ7TTC0LH18")).Error);

        await host.RunAsync<OpenCspDbContext>(db => db.Database.ExecuteSqlRawAsync("UPDATE \"CatalogStates\" SET \"Version\" = \"Version\" + 1"));
        Assert.Equal(ErrorCodes.OfferNotInMarket, (await CheckAsync(host, "CFQ7TTC0LH18")).Error!.Error);
    }
}
