using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Data;
using OpenCsp.Core.Tests.Infrastructure;

namespace OpenCsp.Core.Tests.Catalog;

public sealed class PriceListTests
{
    private static readonly string Header = string.Join(',', PriceList.Columns);

    private static string Row(string productId = "DZH318Z0TEST", string skuId = "0001", string country = "US", string term = "P1M", string cycle = "Monthly",
        string price = "10.00", string segments = "commercial") =>
        $"{productId},{skuId},Test Product,Test SKU,OnlineServices,Test Publisher,License,SmallBusiness,NewCommerce,{country},USD,{term},{cycle},{price},false,0,1,100,{segments},false,false,,,false";

    [Fact]
    public async Task AGoodPriceList_AddsProductsSkusAndAvailabilities()
    {
        var csv = string.Join('\n', Header, Row(), Row(term: "P1Y", cycle: "annual", price: "100.004"), Row(country: "DE"), Row(skuId: "0002"));
        var parsed = PriceList.Parse(new StringReader(csv));
        Assert.Empty(parsed.Errors);
        await using var host = await CoreHost.StartAsync();
        await host.RunAsync<ImportCatalog>(i => i.RunAsync(parsed.Rows!, CancellationToken.None));

        var availabilities = await host.RunAsync<OpenCspDbContext, List<Availability>>(db => db.Availabilities.Where(a => a.ProductId == "DZH318Z0TEST").ToListAsync());
        Assert.Equal(3, availabilities.Count);
        var us = availabilities.Single(a => a.SkuId == "0001" && a.Country == "US");
        Assert.Equal([10.00m, 100.00m], us.Terms.Select(t => t.UnitPrice)); // rounded to cents
    }

    [Fact]
    public async Task BadRows_AreReportedWithTheirLines_AndNothingIsImported()
    {
        var csv = string.Join('\n', Header,
            Row(),                        // line 2: fine
            Row(country: "USA"),          // line 3
            Row(cycle: "Fortnightly"),    // line 4
            Row(term: "one month"),       // line 5
            Row(price: "-1"),             // line 6
            Row(segments: "military"),    // line 7
            Row());                       // line 8: repeats line 2
        var parsed = PriceList.Parse(new StringReader(csv));

        Assert.Null(parsed.Rows);
        Assert.Equal([3, 4, 5, 6, 7, 8], parsed.Errors.Select(e => e.Line));
        Assert.Contains("repeats line 2", parsed.Errors[^1].Message);
        await using var host = await CoreHost.StartAsync();
        Assert.Equal(0, await host.RunAsync<OpenCspDbContext, int>(db => db.Products.CountAsync()));
    }

    [Fact]
    public void RowsThatWouldBreakLater_AreRefusedWithTheirLines()
    {
        var csv = string.Join('\n', Header,
            Row(),                                              // line 2: fine
            Row(term: "P1Y", cycle: "annual").Replace(",USD,", ",EUR,", StringComparison.Ordinal), // line 3: another currency in line 2's market
            Row(productId: new string('P', 41)),                // line 4: longer than an id is stored
            Row(productId: "DZH318Z0:X"),                       // line 5: ':' separates a catalog item id's parts
            Row(country: "DE", price: "1000000000.01"),         // line 6: price x seats x months could leave decimal's range
            Row(country: "FR").Replace(",1,100,", ",1,1000001,", StringComparison.Ordinal)); // line 7: too many seats
        var parsed = PriceList.Parse(new StringReader(csv));

        Assert.Null(parsed.Rows);
        Assert.Equal([3, 4, 5, 6, 7], parsed.Errors.Select(e => e.Line));
        Assert.Contains("differs from line 2", parsed.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APriceList_ChangesPrices_ButKeepsFactsItHasNoColumnsFor_CAT4_CAT5()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var csv = string.Join('\n', Header, Row(productId: "DZH318Z0WDGV", price: "333.00").Replace("Test Product", "Woodgrove Insights", StringComparison.Ordinal));
        var parsed = PriceList.Parse(new StringReader(csv));
        await host.RunAsync<ImportCatalog>(i => i.RunAsync(parsed.Rows!, CancellationToken.None, priceListOnly: true));

        var sku = await host.RunAsync<OpenCspDbContext, Sku>(db => db.Skus.AsNoTracking().SingleAsync(s => s.ProductId == "DZH318Z0WDGV"));
        Assert.NotEmpty(sku.Isv!.ExclusiveToPartnerIds); // still exclusive to Woodgrove
        Assert.Equal("Test SKU", sku.Title);
        var us = await host.RunAsync<OpenCspDbContext, Availability>(db => db.Availabilities.AsNoTracking().SingleAsync(a => a.ProductId == "DZH318Z0WDGV" && a.Country == "US"));
        Assert.Equal(333.00m, us.Terms.Single().UnitPrice);
    }

    [Fact]
    public void AMissingColumn_IsReportedOnTheHeaderLine()
    {
        var parsed = PriceList.Parse(new StringReader("productId,skuId\nX,1\n"));
        Assert.Equal(1, Assert.Single(parsed.Errors).Line);
        Assert.Contains("unitprice", parsed.Errors[0].Message);
    }

    [Fact]
    public void TheSampleShippedInTheRepository_Parses()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "OpenCsp.slnx")))
            dir = dir.Parent;
        using var reader = File.OpenText(Path.Combine(dir.FullName, "samples", "price-list.csv"));
        var parsed = PriceList.Parse(reader);
        Assert.Empty(parsed.Errors);
        Assert.Equal(7, parsed.RowCount);
    }
}
