using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Customers;

/// <summary>
/// Replaces a customer's billing profile. With an expected version (the etag) a stale write is refused
/// (400 / 2055, as Partner Center does); without one, the last writer wins.
/// </summary>
public sealed class UpdateBillingProfile(OpenCspDbContext db, TimeProvider clock)
{
    public async Task<Result<Customer>> RunAsync(Caller caller, Guid customerId, BillingProfile? profile, int? expectedVersion, CancellationToken ct)
    {
        var customer = await db.Customers.VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        if (expectedVersion is { } expected && expected != customer.Version)
            return Refusal.Of(ErrorCodes.StaleEtag);
        if (BillingProfileRules.Validate(profile) is { } invalid)
            return invalid;

        var normalized = BillingProfileRules.Normalize(profile!);
        if (normalized.Address.Country != customer.Country)
            return Refusal.Of(ErrorCodes.InvalidProperty, "billingProfile.defaultAddress.country", "the billing country (market) of a customer cannot change");
        var before = Audit.Snapshot(customer.BillingProfile);
        customer.BillingProfile = normalized;
        customer.Version++;
        db.AuditRecords.Add(Audit.Of(customer.PartnerId, customer.Id, customer.CompanyName, Audit.Who(caller), "customer", customer.Id.ToString(),
            "update_customer_billing_profile", clock.GetUtcNow(), before, Audit.Snapshot(normalized)));
        if (!await db.TrySaveChangesAsync(ct))
            return Refusal.Of(ErrorCodes.StaleEtag);

        return customer;
    }
}
