namespace OpenCsp.Core.Customers;

public enum CustomerSegment
{
    Commercial,
    Education,
    Government,
    Nonprofit,
}

/// <summary>
/// CUS-1: a customer of a partner, with its tenant (the id), primary domain, billing country (market),
/// segment, contact (billing profile) and the date its account was opened.
/// </summary>
public sealed class Customer
{
    /// <summary>The customer's tenant id; Partner Center uses it as the customer id.</summary>
    public Guid Id { get; init; }

    public Guid CommerceId { get; init; }

    /// <summary>The partner of record that bills the customer: a direct-bill partner or an indirect provider.</summary>
    public Guid PartnerId { get; init; }

    /// <summary>The indirect reseller that sells to the customer, if any (Partner Center's associatedPartnerId).</summary>
    public Guid? ResellerId { get; set; }

    public required string CompanyName { get; set; }

    /// <summary>Upper-case company name, so that starts_with filters behave the same on SQLite and PostgreSQL.</summary>
    public required string SearchName { get; set; }

    /// <summary>Primary domain, lower case and unique (like a tenant's initial domain).</summary>
    public required string Domain { get; init; }

    public string? OrganizationRegistrationNumber { get; set; }
    public CustomerSegment Segment { get; set; }
    public required BillingProfile BillingProfile { get; set; }
    public bool AllowDelegatedAccess { get; set; } = true;
    public DateTimeOffset AccountOpenedAt { get; init; }

    /// <summary>Concurrency version behind the etag; bumped by every change.</summary>
    public int Version { get; set; }

    /// <summary>The market is the billing address's country.</summary>
    public string Country => BillingProfile.Address.Country;
}

public sealed class BillingProfile
{
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public required string Email { get; set; }
    public required string Culture { get; set; }
    public required string Language { get; set; }
    public required string CompanyName { get; set; }
    public required Address Address { get; set; }
}

public sealed class Address
{
    public required string Country { get; set; }
    public string? Region { get; set; }
    public required string City { get; set; }
    public string? State { get; set; }
    public required string AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public required string PostalCode { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? PhoneNumber { get; set; }
}
