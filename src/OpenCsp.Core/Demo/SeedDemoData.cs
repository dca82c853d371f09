using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Demo;

/// <summary>
/// The demo data of API.md A4, seeded into an empty database: a direct-bill partner with one dashboard user and
/// one API client per role, an indirect provider with one reseller, a second unrelated partner, and customers in
/// several markets and segments, and the demo catalog (data/catalog/demo-catalog.json). Every API client secret is
/// <see cref="Secret"/>; every dashboard user (<c>&lt;role&gt;@demo.opencsp.test</c>) signs in with <see cref="UserPassword"/>.
/// </summary>
public sealed class SeedDemoData(
    OpenCspDbContext db,
    TimeProvider clock,
    CreatePartner createPartner,
    CreatePartnerUser createUser,
    CreateApiClient createClient,
    CreateCustomer createCustomer,
    ImportCatalog importCatalog,
    Software.LoadSoftwareMedia softwareMedia)
{
    public const string Secret = "demo-secret";
    public const string UserPassword = "Demo-Secret-1";

    public static readonly Guid DirectPartnerId = new("d1000000-0000-4000-8000-000000000001");
    public static readonly Guid ProviderId = new("d1000000-0000-4000-8000-000000000002");
    public static readonly Guid ResellerId = new("d1000000-0000-4000-8000-000000000003");
    public static readonly Guid OtherPartnerId = new("d1000000-0000-4000-8000-000000000004");

    /// <summary>Seeds when the database has no partner yet; returns whether it did.</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        if (await db.Partners.AnyAsync(ct))
            return false;

        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        await PartnerAsync(new NewPartner("Fabrikam Cloud Solutions", PartnerKind.DirectBill, Id: DirectPartnerId, MpnId: "4100001"), ct);
        await PartnerAsync(new NewPartner("Northwind Distribution", PartnerKind.IndirectProvider, Id: ProviderId, MpnId: "4100002"), ct);
        await PartnerAsync(new NewPartner("Tailspin IT Services", PartnerKind.IndirectReseller, ProviderId, ResellerId, "4100003"), ct);
        await PartnerAsync(new NewPartner("Woodgrove Partners", PartnerKind.DirectBill, Id: OtherPartnerId, MpnId: "4100004"), ct);

        foreach (var role in Roles.Each)
        {
            var kebab = Roles.ToKebab(role);
            Check(await createUser.RunAsync(new NewPartnerUser(DirectPartnerId, $"{kebab}@demo.opencsp.test", $"Demo {kebab}", role, UserPassword), ct));
            Check(await createClient.RunAsync(new NewApiClient(DirectPartnerId, role, $"demo-{kebab}", $"Demo {kebab}", Secret), ct));
        }

        Check(await createClient.RunAsync(new NewApiClient(ProviderId, Role.AdminAgent, "demo-provider-admin-agent", "Demo provider admin agent", Secret), ct));
        Check(await createClient.RunAsync(new NewApiClient(ResellerId, Role.AdminAgent, "demo-reseller-admin-agent", "Demo reseller admin agent", Secret), ct));
        Check(await createClient.RunAsync(new NewApiClient(OtherPartnerId, Role.AdminAgent, "demo-other-admin-agent", "Demo other partner admin agent", Secret), ct));
        Check(await createUser.RunAsync(new NewPartnerUser(OtherPartnerId, "admin-agent@other.opencsp.test", "Woodgrove admin agent", Role.AdminAgent, UserPassword), ct));

        var now = clock.GetUtcNow();
        var direct = Operator(DirectPartnerId, PartnerKind.DirectBill);
        await CustomerAsync(direct, "Contoso Ltd", "contoso", CustomerSegment.Commercial, Addr("US", "Redmond", "WA", "98052", "1 Microsoft Way"), "en-US", now.AddDays(-400), ct);
        await CustomerAsync(direct, "Gymnasium am Stadtpark", "gymnasium-stadtpark", CustomerSegment.Education, Addr("DE", "München", null, "80331", "Marienplatz 8"), "de-DE", now.AddDays(-200), ct);
        await CustomerAsync(direct, "Lakeside County Government", "lakeside-county", CustomerSegment.Government, Addr("US", "Springfield", "IL", "62701", "100 Main Street"), "en-US", now.AddDays(-90), ct);
        await CustomerAsync(direct, "Koala Outdoor Supplies", "koala-outdoor", CustomerSegment.Commercial, Addr("AU", "Sydney", "NSW", "2000", "20 George Street"), "en-AU", now.AddDays(-45), ct);
        await CustomerAsync(direct, "Lojas Atlântico", "lojas-atlantico", CustomerSegment.Commercial, Addr("BR", "São Paulo", "SP", "01310-100", "Avenida Paulista 1000"), "pt-BR", now.AddDays(-30), ct);
        await CustomerAsync(direct, "Stichting Open Hart", "stichting-open-hart", CustomerSegment.Nonprofit, Addr("NL", "Utrecht", null, "3511 AB", "Oudegracht 1"), "nl-NL", now.AddDays(-10), ct);

        var provider = Operator(ProviderId, PartnerKind.IndirectProvider);
        await CustomerAsync(provider, "Adventure Works Cycles", "adventure-works", CustomerSegment.Commercial, Addr("US", "Bothell", "WA", "98011", "123 Bike Lane"), "en-US", now.AddDays(-120), ct);
        await CustomerAsync(Operator(ResellerId, PartnerKind.IndirectReseller), "Alpine Ski House", "alpine-ski-house", CustomerSegment.Commercial, Addr("US", "Aspen", "CO", "81611", "9 Powder Road"), "en-US", now.AddDays(-60), ct);
        await CustomerAsync(Operator(OtherPartnerId, PartnerKind.DirectBill), "Litware Inc", "litware", CustomerSegment.Commercial, Addr("US", "Seattle", "WA", "98101", "500 Pine Street"), "en-US", now.AddDays(-15), ct);

        await importCatalog.RunAsync(CatalogFile.Demo().Expand(), ct);
        await softwareMedia.RunDemoAsync(ct);
        await DirectSubscriptionAsync(now, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>CUS-3: Contoso also bought Microsoft 365 E5 directly from Microsoft; the partner sees it but cannot change it.</summary>
    private async Task DirectSubscriptionAsync(DateTimeOffset now, CancellationToken ct)
    {
        var contoso = await db.Customers.SingleAsync(c => c.Domain == "contoso.onmicrosoft.com", ct);
        var availability = await db.Availabilities.SingleAsync(a => a.ProductId == "CFQ7TTC0LFLZ" && a.SkuId == "0002" && a.Country == "US", ct);
        var start = SubscriptionTerms.StartOfDay(now.AddDays(-200));
        db.Subscriptions.Add(new Subscription
        {
            Id = Guid.NewGuid(),
            PartnerId = contoso.PartnerId,
            CustomerId = contoso.Id,
            Channel = SalesChannel.Direct,
            ProductId = availability.ProductId,
            SkuId = availability.SkuId,
            AvailabilityId = availability.Id,
            OfferName = "Microsoft 365 E5",
            FriendlyName = "Microsoft 365 E5 (bought from Microsoft)",
            ProductType = "OnlineServices",
            PublisherName = "Microsoft Corporation",
            IsMicrosoftProduct = true,
            BillingType = BillingType.License,
            CommerceModel = CommerceModel.NewCommerce,
            Quantity = 50,
            Status = SubscriptionStatus.Active,
            AutoRenewEnabled = true,
            TermDuration = "P1Y",
            BillingCycle = BillingCycle.Annual,
            CreatedAt = start,
            TermAnchor = start,
            TermStart = start,
            TermEnd = SubscriptionTerms.TermEnd(start, "P1Y"),
            TermPurchasedAt = start,
            StatusChangedAt = start,
            BilledThrough = SubscriptionTerms.TermEnd(start, "P1Y"), // billed by Microsoft, not to the partner
            UnitPrice = availability.Terms.Single(t => t.Duration == "P1Y" && t.BillingCycle == BillingCycle.Annual).UnitPrice,
            Currency = availability.Currency,
            PolicySet = Policies.PolicySet.Seed.Name,
            Version = 1,
        });
        await db.SaveChangesAsync(ct);
    }

    private static Caller Operator(Guid partnerId, PartnerKind kind) => new(partnerId, kind, Role.GlobalAdmin, "demo-seed");

    private async Task PartnerAsync(NewPartner partner, CancellationToken ct) => Check(await createPartner.RunAsync(partner, ct));

    private async Task CustomerAsync(Caller caller, string name, string domainPrefix, CustomerSegment segment, Address address, string culture,
        DateTimeOffset openedAt, CancellationToken ct)
    {
        var profile = new BillingProfile
        {
            FirstName = "Alex",
            LastName = "Demo",
            Email = $"billing@{domainPrefix}.example",
            Culture = culture,
            Language = culture[..2],
            CompanyName = name,
            Address = address,
        };
        Check(await createCustomer.RunAsync(caller, new NewCustomer(domainPrefix, name, profile, segment, AccountOpenedAt: openedAt), ct));
    }

    private static Address Addr(string country, string city, string? state, string postalCode, string line1) =>
        new() { Country = country, City = city, State = state, PostalCode = postalCode, AddressLine1 = line1, PhoneNumber = "+1 555 0100" };

    private static void Check<T>(Common.Result<T> result)
    {
        if (!result.IsSuccess)
            throw new InvalidOperationException($"Demo seed refused: {result.Refusal!.Error.Key} {string.Join(", ", result.Refusal.Args)}");
    }
}
