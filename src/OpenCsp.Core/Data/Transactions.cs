using Microsoft.EntityFrameworkCore.Storage;

namespace OpenCsp.Core.Data;

/// <summary>
/// A transaction a use case needs, joined to the caller's when one is already open (the API wraps an
/// idempotent request in one), so the request's writes and its stored response commit together.
/// </summary>
public sealed class UseCaseTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? owned;

    private UseCaseTransaction(IDbContextTransaction? owned) => this.owned = owned;

    public static async Task<UseCaseTransaction> BeginAsync(OpenCspDbContext db, CancellationToken ct)
    {
        // The use case commits or rolls back as a whole and none recovers from a database error inside it, so its
        // SaveChanges calls need no savepoints (each would cost two more round trips).
        db.Database.AutoSavepointsEnabled = false;
        return new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null);
    }

    public Task CommitAsync(CancellationToken ct) => owned?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
