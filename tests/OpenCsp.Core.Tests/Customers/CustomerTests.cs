using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Tests.Infrastructure;

namespace OpenCsp.Core.Tests.Customers;

/// <summary>CUS-1: the customer record a partner creates before it sells anything, and who may see it.</summary>
public sealed class CustomerTests
{
    private static Task<Result<Customer>> CreateAsync(CoreHost host, Caller caller, NewCustomer input) =>
        host.RunAsync<CreateCustomer, Result<Customer>>(c => c.RunAsync(caller, input, CancellationToken.None));

    [Fact]
    public async Task Create_RecordsTenantDomainMarketSegmentContactAndOpeningDate_CUS1()
    {
        await using var host = await CoreHost.StartAsync();
        var partner = await host.PartnerAsync();
        host.RealClock.Advance(TimeSpan.FromHours(5));

        var created = await CreateAsync(host, partner, new NewCustomer("Fourth-Coffee", null, CoreHost.Profile("Fourth Coffee", "DE"), CustomerSegment.Education));

        var customer = created.Value;
        Assert.NotEqual(Guid.Empty, customer.Id);
        Assert.Equal("fourth-coffee.onmicrosoft.com", customer.Domain);
        Assert.Equal("Fourth Coffee", customer.CompanyName);
        Assert.Equal("DE", customer.Country);
        Assert.Equal(CustomerSegment.Education, customer.Segment);
        Assert.Equal("ada@example.com", customer.BillingProfile.Email);
        Assert.Equal("en-US", customer.BillingProfile.Culture); // Partner Center's default
        Assert.Equal(CoreHost.Start.AddHours(5), customer.AccountOpenedAt);
        Assert.Equal(partner.PartnerId, customer.PartnerId);
        Assert.Null(customer.ResellerId);
    }

    [Fact]
    public async Task Create_RefusesATakenDomain_AndWritesNothing_CUS1()
    {
        await using var host = await CoreHost.StartAsync();
        var partner = await host.PartnerAsync();
        var other = await host.PartnerAsync();
        Assert.True((await CreateAsync(host, partner, new NewCustomer("shared.example", "One", CoreHost.Profile()))).IsSuccess);

        var second = await CreateAsync(host, other, new NewCustomer("SHARED.example", "Two", CoreHost.Profile()));

        Assert.Equal(ErrorCodes.DomainTaken, second.Refusal!.Error);
        Assert.Equal(1, await host.RunAsync<OpenCspDbContext, int>(db => db.Customers.CountAsync()));
    }

    [Theory]
    [InlineData(null, "companyProfile.domain")]
    [InlineData("under_score", "companyProfile.domain")]
    [InlineData("-dash", "companyProfile.domain")]
    public async Task Create_RefusesABadDomain(string? domain, string field)
    {
        await using var host = await CoreHost.StartAsync();
        var result = await CreateAsync(host, await host.PartnerAsync(), new NewCustomer(domain, "X", CoreHost.Profile()));
        Assert.Equal(ErrorCodes.InvalidProperty, result.Refusal!.Error);
        Assert.Equal(field, result.Refusal.Args[0]);
    }

    [Fact]
    public async Task ResellersCustomer_IsBilledByItsProvider_AndSeenByBoth_ButNotByOthers()
    {
        await using var host = await CoreHost.StartAsync();
        var provider = await host.PartnerAsync(PartnerKind.IndirectProvider);
        var reseller = await host.PartnerAsync(PartnerKind.IndirectReseller, provider.PartnerId);
        var otherReseller = await host.PartnerAsync(PartnerKind.IndirectReseller, provider.PartnerId);
        var stranger = await host.PartnerAsync();

        var customer = (await CreateAsync(host, reseller, new NewCustomer("resold", "Resold", CoreHost.Profile()))).Value;

        Assert.Equal(provider.PartnerId, customer.PartnerId);
        Assert.Equal(reseller.PartnerId, customer.ResellerId);
        async Task<bool> SeesAsync(Caller caller) =>
            (await host.RunAsync<GetCustomer, Result<Customer>>(g => g.RunAsync(caller, customer.Id, CancellationToken.None))).IsSuccess;
        Assert.True(await SeesAsync(reseller));
        Assert.True(await SeesAsync(provider));
        Assert.False(await SeesAsync(otherReseller));
        Assert.False(await SeesAsync(stranger));
    }

    [Fact]
    public async Task OnlyAProvider_MayNameAnIndirectReseller_AndOnlyItsOwn()
    {
        await using var host = await CoreHost.StartAsync();
        var provider = await host.PartnerAsync(PartnerKind.IndirectProvider);
        var otherProvider = await host.PartnerAsync(PartnerKind.IndirectProvider);
        var reseller = await host.PartnerAsync(PartnerKind.IndirectReseller, provider.PartnerId);
        var direct = await host.PartnerAsync();

        var byOther = await CreateAsync(host, otherProvider, new NewCustomer("a1", "A", CoreHost.Profile(), AssociatedPartnerId: reseller.PartnerId));
        var byDirect = await CreateAsync(host, direct, new NewCustomer("a2", "A", CoreHost.Profile(), AssociatedPartnerId: reseller.PartnerId));
        var byOwner = await CreateAsync(host, provider, new NewCustomer("a3", "A", CoreHost.Profile(), AssociatedPartnerId: reseller.PartnerId));

        Assert.Equal(ErrorCodes.ResellerNotFound, byOther.Refusal!.Error);
        Assert.Equal(ErrorCodes.InvalidProperty, byDirect.Refusal!.Error);
        Assert.Equal(reseller.PartnerId, byOwner.Value.ResellerId);
    }

    [Fact]
    public async Task List_SeekPaging_NeitherRepeatsNorSkips_WhenCustomersAreAddedBetweenPages()
    {
        await using var host = await CoreHost.StartAsync();
        var partner = await host.PartnerAsync();
        foreach (var name in new[] { "Delta", "alpha", "Charlie", "echo" })
            await CreateAsync(host, partner, new NewCustomer(name.ToLowerInvariant(), name, CoreHost.Profile(name)));

        Task<Result<CustomerPage>> PageAsync(string? token) =>
            host.RunAsync<ListCustomers, Result<CustomerPage>>(l => l.RunAsync(partner, new CustomerPageRequest(2, null, token), CancellationToken.None));

        var first = (await PageAsync(null)).Value;
        Assert.Equal(["alpha", "Charlie"], first.Items.Select(c => c.CompanyName));
        await CreateAsync(host, partner, new NewCustomer("bravo", "Bravo", CoreHost.Profile()));   // sorts before the cursor
        await CreateAsync(host, partner, new NewCustomer("foxtrot", "Foxtrot", CoreHost.Profile())); // sorts after it
        var second = (await PageAsync(first.ContinuationToken)).Value;
        var third = (await PageAsync(second.ContinuationToken)).Value;

        Assert.Equal(["Delta", "echo"], second.Items.Select(c => c.CompanyName));
        Assert.Equal(["Foxtrot"], third.Items.Select(c => c.CompanyName));
        Assert.Null(third.ContinuationToken);
    }

    [Fact]
    public async Task List_TheDashboardSearch_FindsCompanyNamesAndDomainsStartingWithIt()
    {
        await using var host = await CoreHost.StartAsync();
        var partner = await host.PartnerAsync();
        await CreateAsync(host, partner, new NewCustomer("contoso-sales", "Fabrikam", CoreHost.Profile()));
        await CreateAsync(host, partner, new NewCustomer("northwind", "Contoso Pharma", CoreHost.Profile()));
        await CreateAsync(host, partner, new NewCustomer("adatum", "Adatum", CoreHost.Profile()));

        async Task<string[]> SearchAsync(string text) => [.. (await host.RunAsync<ListCustomers, Result<CustomerPage>>(l =>
            l.RunAsync(partner, new CustomerPageRequest(Search: text), CancellationToken.None))).Value.Items.Select(c => c.CompanyName)];

        Assert.Equal(["Contoso Pharma", "Fabrikam"], await SearchAsync("cont")); // by name, and by domain
        Assert.Equal(["Adatum"], await SearchAsync(" ADA "));
        Assert.Empty(await SearchAsync("pharma")); // starts with, as Partner Center's search
    }

    [Fact]
    public async Task List_RefusesATokenFromAnotherFilter()
    {
        await using var host = await CoreHost.StartAsync();
        var partner = await host.PartnerAsync();
        foreach (var name in new[] { "One", "Two", "Three" })
            await CreateAsync(host, partner, new NewCustomer(name.ToLowerInvariant(), name, CoreHost.Profile()));
        var page = (await host.RunAsync<ListCustomers, Result<CustomerPage>>(l => l.RunAsync(partner, new CustomerPageRequest(1), CancellationToken.None))).Value;

        var filtered = await host.RunAsync<ListCustomers, Result<CustomerPage>>(l => l.RunAsync(partner,
            new CustomerPageRequest(1, new CustomerFilter(CustomerSearchField.CompanyName, "T"), page.ContinuationToken), CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidContinuationToken, filtered.Refusal!.Error);
    }

    [Fact]
    public async Task UpdateBillingProfile_WithAStaleVersion_IsRefused_AndTheMarketCannotChange()
    {
        await using var host = await CoreHost.StartAsync();
        var partner = await host.PartnerAsync();
        var customer = (await CreateAsync(host, partner, new NewCustomer("versioned", "Versioned", CoreHost.Profile()))).Value;
        Task<Result<Customer>> UpdateAsync(BillingProfile profile, int? version) =>
            host.RunAsync<UpdateBillingProfile, Result<Customer>>(u => u.RunAsync(partner, customer.Id, profile, version, CancellationToken.None));

        var renamed = CoreHost.Profile("Renamed");
        Assert.Equal(2, (await UpdateAsync(renamed, 1)).Value.Version);
        Assert.Equal(ErrorCodes.StaleEtag, (await UpdateAsync(renamed, 1)).Refusal!.Error);
        Assert.Equal(ErrorCodes.InvalidProperty, (await UpdateAsync(CoreHost.Profile("Moved", "FR"), null)).Refusal!.Error);
    }
}
