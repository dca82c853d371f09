using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Billing;

/// <summary>A customer's ledger lines, oldest first: what each purchase charged or credited.</summary>
public sealed class LedgerQueries(OpenCspDbContext db)
{
    public async Task<Result<IReadOnlyList<LedgerEntry>>> ForCustomerAsync(Caller caller, Guid customerId, CancellationToken ct)
    {
        if (!await db.Customers.VisibleTo(caller).AnyAsync(c => c.Id == customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        return await db.Ledger.AsNoTracking().Where(l => l.CustomerId == customerId)
            .OrderBy(l => l.PostedAt).ThenBy(l => l.Id).ToListAsync(ct);
    }
}
