using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Customers;

public sealed record NewCustomer(
    string? Domain,
    string? CompanyName,
    BillingProfile? BillingProfile,
    CustomerSegment Segment = CustomerSegment.Commercial,
    Guid? AssociatedPartnerId = null,
    string? OrganizationRegistrationNumber = null,
    DateTimeOffset? AccountOpenedAt = null);

/// <summary>
/// CUS-1: a partner first creates the customer record, then sells it subscriptions. A reseller's customer is
/// billed by the reseller's provider; a provider may name one of its resellers (associatedPartnerId).
/// </summary>
public sealed partial class CreateCustomer(OpenCspDbContext db, TimeProvider clock)
{
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex DomainName();

    public async Task<Result<Customer>> RunAsync(Caller caller, NewCustomer input, CancellationToken ct)
    {
        var domain = NormalizeDomain(input.Domain);
        if (domain is null)
            return Refusal.Of(ErrorCodes.InvalidProperty, "companyProfile.domain", "is required: a domain name or a prefix for .onmicrosoft.com");
        if (!DomainName().IsMatch(domain) || domain.Length > 255)
            return Refusal.Of(ErrorCodes.InvalidProperty, "companyProfile.domain", $"'{input.Domain}' is not a domain name");
        if (BillingProfileRules.Validate(input.BillingProfile) is { } invalid)
            return invalid;
        if (!Enum.IsDefined(input.Segment))
            return Refusal.Of(ErrorCodes.InvalidProperty, "segment", "is not a known segment");
        var profile = BillingProfileRules.Normalize(input.BillingProfile!);
        var companyName = string.IsNullOrWhiteSpace(input.CompanyName) ? profile.CompanyName : input.CompanyName.Trim();
        if (companyName.Length > 200)
            return Refusal.Of(ErrorCodes.InvalidProperty, "companyProfile.companyName", "is longer than 200 characters");

        var owner = await OwnerAsync(caller, input.AssociatedPartnerId, ct);
        if (!owner.IsSuccess)
            return owner.Refusal!;
        if (await db.Customers.AnyAsync(c => c.Domain == domain, ct))
            return Refusal.Of(ErrorCodes.DomainTaken, domain);

        var customer = new Customer
        {
            Id = Guid.NewGuid(),
            CommerceId = Guid.NewGuid(),
            PartnerId = owner.Value.PartnerId,
            ResellerId = owner.Value.ResellerId,
            CompanyName = companyName,
            SearchName = companyName.ToUpperInvariant(),
            Domain = domain,
            OrganizationRegistrationNumber = input.OrganizationRegistrationNumber?.Trim(),
            Segment = input.Segment,
            BillingProfile = profile,
            AccountOpenedAt = input.AccountOpenedAt ?? clock.GetUtcNow(),
            Version = 1,
        };
        db.Customers.Add(customer);
        var audit = Audit.Of(customer.PartnerId, customer.Id, companyName, Audit.Who(caller), "customer", customer.Id.ToString(), "add_customer",
            clock.GetUtcNow(), null, null, ("PrimaryDomainName", domain), ("Relationship", customer.ResellerId is null ? "direct" : "indirect"));
        db.AuditRecords.Add(audit);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two creates raced for one domain: the unique index decided, and the loser gets the same refusal.
            db.Entry(customer).State = EntityState.Detached;
            db.Entry(audit).State = EntityState.Detached;
            if (await db.Customers.AnyAsync(c => c.Domain == domain, ct))
                return Refusal.Of(ErrorCodes.DomainTaken, domain);
            throw;
        }

        return customer;
    }

    private static string? NormalizeDomain(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
            return null;
        var d = domain.Trim().ToLowerInvariant();
        return d.Contains('.', StringComparison.Ordinal) ? d : d + ".onmicrosoft.com";
    }

    private async Task<Result<(Guid PartnerId, Guid? ResellerId)>> OwnerAsync(Caller caller, Guid? associatedPartnerId, CancellationToken ct)
    {
        switch (caller.PartnerKind)
        {
            case PartnerKind.IndirectReseller:
                var self = await db.Partners.AsNoTracking().SingleAsync(p => p.Id == caller.PartnerId, ct);
                return (self.ProviderId!.Value, caller.PartnerId);
            case PartnerKind.IndirectProvider when associatedPartnerId is { } resellerId:
                var isOurs = await db.Partners.AnyAsync(
                    p => p.Id == resellerId && p.Kind == PartnerKind.IndirectReseller && p.ProviderId == caller.PartnerId, ct);
                return isOurs ? (caller.PartnerId, resellerId) : Refusal.Of(ErrorCodes.ResellerNotFound, resellerId);
            default:
                return associatedPartnerId is null
                    ? (caller.PartnerId, null)
                    : Refusal.Of(ErrorCodes.InvalidProperty, "associatedPartnerId", "only an indirect provider may name an indirect reseller");
        }
    }
}
