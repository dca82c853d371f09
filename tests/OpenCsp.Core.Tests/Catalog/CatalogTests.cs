using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Demo;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Tests.Infrastructure;

namespace OpenCsp.Core.Tests.Catalog;

/// <summary>The catalog rules CAT-1..8 on the demo catalog.</summary>
public sealed class CatalogTests
{
    private static readonly Caller Fabrikam = new(SeedDemoData.DirectPartnerId, PartnerKind.DirectBill, Role.AdminAgent, "test");

    private static async Task<CatalogPage> BrowseAsync(CoreHost host, CatalogQuery query, Caller? caller = null) =>
        (await host.RunAsync<BrowseCatalog, Result<CatalogPage>>(b => b.RunAsync(caller ?? Fabrikam, query, CancellationToken.None))).Value;

    private static async Task<Guid> CustomerAsync(CoreHost host, string domainPrefix) =>
        await host.RunAsync<OpenCspDbContext, Guid>(db => db.Customers.Where(c => c.Domain.StartsWith(domainPrefix)).Select(c => c.Id).SingleAsync());

    private static SkuOffer Offer(CatalogPage page, string productId, string skuId = "0001") =>
        page.Products.Single(p => p.Product.Id == productId).Skus.Single(s => s.Sku.Id == skuId);

    [Fact]
    public async Task Prices_AreConvertedPerMarket_AndIncludeTaxOnlyInAustraliaAndBrazil_CAT7()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var us = Offer(await BrowseAsync(host, new CatalogQuery("US")), "CFQ7TTC0LH18").Availability!;
        var au = Offer(await BrowseAsync(host, new CatalogQuery("AU")), "CFQ7TTC0LH18").Availability!;
        var br = Offer(await BrowseAsync(host, new CatalogQuery("BR")), "CFQ7TTC0LH18").Availability!;
        var de = Offer(await BrowseAsync(host, new CatalogQuery("de")), "CFQ7TTC0LH18").Availability!;

        Assert.Equal(("USD", false, 7.20m), (us.Currency, us.TaxInclusive, us.Term("P1M", BillingCycle.Monthly)!.UnitPrice));
        Assert.Equal(("AUD", true, 12.24m), (au.Currency, au.TaxInclusive, au.Term("P1M", BillingCycle.Monthly)!.UnitPrice));
        Assert.Equal(("BRL", true, 43.92m), (br.Currency, br.TaxInclusive, br.Term("P1M", BillingCycle.Monthly)!.UnitPrice));
        Assert.Equal(("EUR", false, 6.84m), (de.Currency, de.TaxInclusive, de.Term("P1M", BillingCycle.Monthly)!.UnitPrice));
        Assert.Equal(5.70m, de.Term("P1Y", BillingCycle.Monthly)!.UnitPrice); // 6.00 × 0.95
    }

    [Fact]
    public void Rounding_IsHalfAwayFromZero_ToCents()
    {
        Assert.Equal(0.13m, Money.RoundToCents(0.125m));
        Assert.Equal(-0.13m, Money.RoundToCents(-0.125m));
        Assert.Equal(61.67m, Money.RoundToCents(61.666m));
    }

    [Fact]
    public void AvailabilityIds_AreStable_AndShapedLikePartnerCenters()
    {
        var id = CatalogFile.AvailabilityId("CFQ7TTC0LH18", "0001", "US");
        Assert.Equal(id, CatalogFile.AvailabilityId("cfq7ttc0lh18", "0001", "us"));
        Assert.NotEqual(id, CatalogFile.AvailabilityId("CFQ7TTC0LH18", "0001", "DE"));
        Assert.Matches("^DZH3[0-9A-Z]{8}$", id);
    }

    [Fact]
    public async Task Tabs_AndFilters_NarrowTheCatalog_CAT1()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var software = await BrowseAsync(host, new CatalogQuery("US", TargetView.Software));
        Assert.All(software.Products, p => Assert.Equal(TargetView.Software, p.Product.TargetView));
        Assert.Contains(software.Products, p => p.Product.Id == "DG7GMGF0D5RK");

        var reservations = await BrowseAsync(host, new CatalogQuery("US", TargetView.AzureReservations));
        Assert.Equal(["DZH318Z0BQ35"], reservations.Products.Select(p => p.Product.Id));

        // ORD-5: Microsoft trials sit under the Trial filter.
        var trials = await BrowseAsync(host, new CatalogQuery("US", Trial: true));
        Assert.Equal(["CFQ7TTC0LCHC:0001"], trials.Products.SelectMany(p => p.Skus).Select(s => s.Sku.CatalogItemPrefix));

        var isv = await BrowseAsync(host, new CatalogQuery("US", Microsoft: false));
        Assert.All(isv.Products, p => Assert.False(p.Product.IsMicrosoft));
        Assert.Contains(isv.Products, p => p.Product.Id == "DZH318Z0SIGN");

        var usage = await BrowseAsync(host, new CatalogQuery("US", BillingType: BillingType.Usage));
        Assert.All(usage.Products, p => Assert.Equal(BillingType.Usage, p.Product.BillingType));

        var oneTime = await BrowseAsync(host, new CatalogQuery("US", BillingCycle: BillingCycle.OneTime));
        Assert.All(oneTime.Products.SelectMany(p => p.Skus), s => Assert.Contains(s.Availability!.Terms, t => t.BillingCycle == BillingCycle.OneTime));

        var enterprise = await BrowseAsync(host, new CatalogQuery("US", Category: ProductCategory.Enterprise));
        Assert.DoesNotContain(enterprise.Products, p => p.Product.Id == "CFQ7TTC0LH18");
    }

    [Fact]
    public async Task SegmentDecidesWhatACustomerCanBuy_CAT2()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var school = await BrowseAsync(host, new CatalogQuery(CustomerId: await CustomerAsync(host, "gymnasium")));
        var company = await BrowseAsync(host, new CatalogQuery(CustomerId: await CustomerAsync(host, "contoso")));

        Assert.Equal(("DE", CustomerSegment.Education), (school.Country, school.Segment));
        Assert.True(Offer(school, "CFQ7TTC0EDU3").IsPurchasable);
        var refused = Offer(company, "CFQ7TTC0EDU3");
        Assert.Equal(ErrorCodes.SegmentNotAllowed, Assert.Single(refused.Reasons).Error);
        Assert.Equal("CAT-2", refused.Reasons[0].RuleId);

        // The partner's own catalog for a segment leaves out what that segment cannot buy.
        var commercial = await BrowseAsync(host, new CatalogQuery("US", Segment: CustomerSegment.Commercial));
        Assert.DoesNotContain(commercial.Products, p => p.Product.Id == "CFQ7TTC0EDU3");
    }

    [Fact]
    public async Task IsvOffers_ShowWhyTheyCannotBeSold_CAT4()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var germany = await BrowseAsync(host, new CatalogQuery(CustomerId: await CustomerAsync(host, "gymnasium")));
        var us = await BrowseAsync(host, new CatalogQuery(CustomerId: await CustomerAsync(host, "contoso")));

        Assert.Contains(ErrorCodes.IsvCountryNotSupported, Offer(germany, "DZH318Z0ANLT").Reasons.Select(r => r.Error));
        Assert.True(Offer(us, "DZH318Z0ANLT").IsPurchasable);
        Assert.Equal([ErrorCodes.IsvExclusive], Offer(us, "DZH318Z0WDGV").Reasons.Select(r => r.Error));
        Assert.Equal([ErrorCodes.IsvNotThroughCsp], Offer(us, "DZH318Z0DRCT").Reasons.Select(r => r.Error));
        Assert.Equal([ErrorCodes.NotTransactable], Offer(us, "DZH318Z0CNTR").Reasons.Select(r => r.Error));
        Assert.Equal("CAT-4", Offer(germany, "DZH318Z0ANLT").Reasons.Single(r => r.Error == ErrorCodes.IsvCountryNotSupported).RuleId);
        // A school is refused the commercial-only offer for its segment as well: every reason is listed.
        Assert.Equal([ErrorCodes.SegmentNotAllowed, ErrorCodes.IsvExclusive], Offer(germany, "DZH318Z0WDGV").Reasons.Select(r => r.Error));

        // The partner the ISV chose sees its exclusive offer as purchasable.
        var woodgrove = new Caller(SeedDemoData.OtherPartnerId, PartnerKind.DirectBill, Role.AdminAgent, "test");
        var litware = await host.RunAsync<OpenCspDbContext, Guid>(db => db.Customers.Where(c => c.Domain.StartsWith("litware")).Select(c => c.Id).SingleAsync());
        Assert.True(Offer(await BrowseAsync(host, new CatalogQuery(CustomerId: litware), woodgrove), "DZH318Z0WDGV").IsPurchasable);
    }

    [Fact]
    public async Task PartnersSeeOnlyOffersTheyMaySell_CAT5()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var rows = CatalogFile.Demo().Expand();
        var restricted = rows.Skus.Single(s => s.CatalogItemPrefix == "CFQ7TTC0LDPB:0001");
        restricted.AuthorizedPartnerIds = [SeedDemoData.OtherPartnerId];
        await host.RunAsync<ImportCatalog>(i => i.RunAsync(rows, CancellationToken.None));

        var fabrikam = await BrowseAsync(host, new CatalogQuery("US"));
        var woodgrove = await BrowseAsync(host, new CatalogQuery("US"), new Caller(SeedDemoData.OtherPartnerId, PartnerKind.DirectBill, Role.AdminAgent, "t"));

        Assert.DoesNotContain(fabrikam.Products, p => p.Product.Id == "CFQ7TTC0LDPB");
        Assert.Contains(woodgrove.Products, p => p.Product.Id == "CFQ7TTC0LDPB");
    }

    [Fact]
    public async Task AzureReservations_CannotBeSoldInTheBlockedMarkets_CAT6()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var blocked = await host.RunAsync<OpenCspDbContext, List<string>>(db => db.BlockedMarkets.Select(b => b.Country).ToListAsync());
        Assert.Equal(106, blocked.Count); // seed 002 lists 109 market names; Bonaire, Saba, Sint Eustatius share BQ, Svalbard and Jan Mayen SJ
        Assert.Contains("AD", blocked);

        var andorra = await host.RunAsync<CreateCustomer, Result<Customer>>(c => c.RunAsync(Fabrikam,
            new NewCustomer("andorra-shop", "Botiga Andorra", CoreHost.Profile("Botiga", "AD")), CancellationToken.None));
        var page = await BrowseAsync(host, new CatalogQuery(CustomerId: andorra.Value.Id));

        var reservation = Offer(page, "DZH318Z0BQ35");
        Assert.Equal([ErrorCodes.ReservationBlockedMarket], reservation.Reasons.Select(r => r.Error));
        Assert.Equal("CAT-6", reservation.Reasons[0].RuleId);
        Assert.True(Offer(page, "CFQ7TTC0LH18").IsPurchasable); // other products are sold there
    }

    [Fact]
    public async Task AddOns_AreNotBoughtFromTheCatalog_CAT8()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var page = await BrowseAsync(host, new CatalogQuery(CustomerId: await CustomerAsync(host, "contoso")));
        var addOn = Offer(page, "CFQ7TTC0PHN1");
        Assert.Equal([ErrorCodes.AddOnFromBaseOnly], addOn.Reasons.Select(r => r.Error));
        Assert.Contains("CFQ7TTC0LH18:0001", addOn.Sku.Prerequisites);
    }

    [Fact]
    public async Task Reimport_UpdatesPricesInPlace_WithoutDuplicates()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var before = await host.RunAsync<OpenCspDbContext, int>(db => db.Availabilities.CountAsync());
        var rows = CatalogFile.Demo().Expand();
        var us = rows.Availabilities.Single(a => a.ProductId == "CFQ7TTC0LH18" && a.Country == "US");
        us.Terms[0].UnitPrice = 9.99m;
        await host.RunAsync<ImportCatalog>(i => i.RunAsync(rows, CancellationToken.None));

        Assert.Equal(before, await host.RunAsync<OpenCspDbContext, int>(db => db.Availabilities.CountAsync()));
        Assert.Equal(9.99m, Offer(await BrowseAsync(host, new CatalogQuery("US")), "CFQ7TTC0LH18").Availability!.Terms[0].UnitPrice);
    }

    [Fact]
    public async Task UnknownProduct_IsNotFound_AndCountryIsRequired()
    {
        await using var host = await CoreHost.StartAsync(seedDemo: true);
        var unknown = await host.RunAsync<BrowseCatalog, Result<CatalogPage>>(b => b.RunAsync(Fabrikam, new CatalogQuery("US", ProductId: "NOPE"), CancellationToken.None));
        Assert.Equal(ErrorCodes.ProductNotFound, unknown.Refusal!.Error);
        var noCountry = await host.RunAsync<BrowseCatalog, Result<CatalogPage>>(b => b.RunAsync(Fabrikam, new CatalogQuery(), CancellationToken.None));
        Assert.Equal(ErrorCodes.InvalidProperty, noCountry.Refusal!.Error);
    }
}
