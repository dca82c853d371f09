using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Customers;

/// <summary>One customer, if the caller's partner may see it; another partner's customer is "not found", never a leak.</summary>
public sealed class GetCustomer(OpenCspDbContext db)
{
    public async Task<Result<Customer>> RunAsync(Caller caller, Guid customerId, CancellationToken ct) =>
        await db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct) is { } customer
            ? customer
            : Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
}
