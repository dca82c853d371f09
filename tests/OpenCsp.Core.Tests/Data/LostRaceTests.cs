using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Tests.Infrastructure;

namespace OpenCsp.Core.Tests.Data;

/// <summary>
/// A use case that loses a race to another writer refuses, and leaves nothing behind: neither for the request's later
/// save (the API saves its idempotency record after the use case, in the same context), which must not retry the lost
/// change, nor in the request's transaction, which commits with the refusal.
/// </summary>
public sealed class LostRaceTests
{
    [Fact]
    public async Task ALostBillingProfileUpdate_IsRefused_AndALaterSaveWritesNothingOfIt()
    {
        await using var host = await CoreHost.StartAsync();
        var partner = await host.PartnerAsync();
        var customer = (await host.RunAsync<CreateCustomer, Result<Customer>>(c =>
            c.RunAsync(partner, new NewCustomer("race", null, CoreHost.Profile("Race Ltd"), CustomerSegment.Commercial), CancellationToken.None))).Value;

        await host.RunAsync<OpenCspDbContext>(async db =>
        {
            // The request's transaction, as the API opens one for a request with MS-RequestId.
            await using var request = await db.Database.BeginTransactionAsync();
            db.Database.AutoSavepointsEnabled = false; // as any use case in the request leaves it (UseCaseTransaction)
            // The use case reads the customer; another writer then moves its version on before the use case saves.
            var tracked = await db.Customers.SingleAsync(c => c.Id == customer.Id);
            await db.Customers.Where(c => c.Id == customer.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version + 1).SetProperty(c => c.CompanyName, "Renamed Meanwhile"));

            var update = new UpdateBillingProfile(db, host.RealClock);
            var refused = await update.RunAsync(partner, customer.Id, CoreHost.Profile("Lost Write"), tracked.Version, CancellationToken.None);
            Assert.Equal(ErrorCodes.StaleEtag, refused.Refusal!.Error);

            // What the API's idempotency step does next: save whatever else it tracks. Nothing of the lost update may go with it.
            Assert.Equal(0, await db.SaveChangesAsync());
            await request.CommitAsync();
        });

        var stored = await host.RunAsync<OpenCspDbContext, Customer>(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == customer.Id));
        Assert.Equal(("Renamed Meanwhile", "Race Ltd"), (stored.CompanyName, stored.BillingProfile.CompanyName));
        // Nor did the lost update's audit record, written before the failed UPDATE in the same save, commit with the refusal.
        Assert.False(await host.RunAsync<OpenCspDbContext, bool>(db => db.AuditRecords.AnyAsync(a => a.OperationType == "update_customer_billing_profile")));
    }
}
