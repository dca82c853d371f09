using OpenCsp.Core.Customers;

namespace OpenCsp.Server.Api.Customers;

// The wire shapes of API.md B §4.1. Inputs bind case-insensitively and ignore read-only fields; outputs are
// camelCase with root-relative links.

public sealed record AddressModel(
    string? Country, string? Region, string? City, string? State, string? AddressLine1, string? AddressLine2,
    string? PostalCode, string? FirstName, string? LastName, string? PhoneNumber)
{
    public static AddressModel From(Address a) =>
        new(a.Country, a.Region, a.City, a.State, a.AddressLine1, a.AddressLine2, a.PostalCode, a.FirstName, a.LastName, a.PhoneNumber);

    public Address ToAddress() => new()
    {
        Country = Country?.Trim().ToUpperInvariant() ?? "",
        Region = Region,
        City = City ?? "",
        State = State,
        AddressLine1 = AddressLine1 ?? "",
        AddressLine2 = AddressLine2,
        PostalCode = PostalCode ?? "",
        FirstName = FirstName,
        LastName = LastName,
        PhoneNumber = PhoneNumber,
    };
}

public sealed record AttributesInput(string? Etag);

public sealed record BillingProfileInput(
    string? FirstName, string? LastName, string? Email, string? Culture, string? Language, string? CompanyName,
    AddressModel? DefaultAddress, AttributesInput? Attributes)
{
    public BillingProfile? ToProfile() => DefaultAddress is null
        ? null
        : new BillingProfile
        {
            FirstName = FirstName ?? "",
            LastName = LastName ?? "",
            Email = Email ?? "",
            Culture = Culture ?? "",
            Language = Language ?? "",
            CompanyName = CompanyName ?? "",
            Address = DefaultAddress.ToAddress(),
        };
}

public sealed record CompanyProfileInput(string? Domain, string? CompanyName, string? OrganizationRegistrationNumber);

public sealed record CustomerInput(
    CompanyProfileInput? CompanyProfile, BillingProfileInput? BillingProfile, CustomerSegment? Segment, string? AssociatedPartnerId);

public sealed record CompanyProfileResource(
    string TenantId, string Domain, string CompanyName, string? OrganizationRegistrationNumber, SelfLinks Links, ResourceAttributes Attributes);

public sealed record BillingProfileResource(
    string Id, string FirstName, string LastName, string Email, string Culture, string Language, string CompanyName,
    AddressModel DefaultAddress, SelfLinks Links, ResourceAttributes Attributes);

/// <summary>Partner Center's Customer plus OpenCsp's <c>segment</c> and <c>accountOpenedDate</c> (CUS-1), which the SDK ignores.</summary>
public sealed record CustomerResource(
    string Id,
    string CommerceId,
    CompanyProfileResource CompanyProfile,
    BillingProfileResource BillingProfile,
    string RelationshipToPartner,
    bool? AllowDelegatedAccess,
    string? AssociatedPartnerId,
    CustomerSegment Segment,
    DateTimeOffset AccountOpenedDate,
    SelfLinks Links,
    ResourceAttributes Attributes)
{
    public static CustomerResource From(Customer c, bool detail) => new(
        c.Id.ToString(),
        c.CommerceId.ToString(),
        Company(c),
        Billing(c),
        "reseller",
        detail ? c.AllowDelegatedAccess : null,
        c.ResellerId?.ToString(),
        c.Segment,
        c.AccountOpenedAt,
        new SelfLinks(new Link($"/customers/{c.Id}")),
        new ResourceAttributes("Customer", Etags.For(c.Id, c.Version)));

    public static CompanyProfileResource Company(Customer c) => new(
        c.Id.ToString(), c.Domain, c.CompanyName, c.OrganizationRegistrationNumber,
        new SelfLinks(new Link($"/customers/{c.Id}/profiles/company")), new ResourceAttributes("CustomerCompanyProfile"));

    public static BillingProfileResource Billing(Customer c)
    {
        var p = c.BillingProfile;
        return new BillingProfileResource(
            c.CommerceId.ToString(), p.FirstName, p.LastName, p.Email, p.Culture, p.Language, p.CompanyName, AddressModel.From(p.Address),
            new SelfLinks(new Link($"/customers/{c.Id}/profiles/billing")), new ResourceAttributes("CustomerBillingProfile", Etags.For(c.Id, c.Version)));
    }
}
