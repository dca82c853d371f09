using Microsoft.EntityFrameworkCore.Storage;

namespace OpenCsp.Core.Data;

/// <summary>
/// A transaction a use case needs, joined to the caller's when one is already open (the API wraps an
/// idempotent request in one), so the request's writes and its stored response commit together.
/// </summary>
public sealed class UseCaseTransaction : IAsyncDisposable
{
    private readonly OpenCspDbContext db;
    private readonly IDbContextTransaction? owned;
    private readonly bool savepoints;

    private UseCaseTransaction(OpenCspDbContext db, IDbContextTransaction? owned, bool savepoints) =>
        (this.db, this.owned, this.savepoints) = (db, owned, savepoints);

    public static async Task<UseCaseTransaction> BeginAsync(OpenCspDbContext db, CancellationToken ct)
    {
        // The use case commits or rolls back as a whole and none recovers from a database error inside it, so its
        // SaveChanges calls need no savepoints (each would cost two more round trips).
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        return new(db, db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null, savepoints);
    }

    public Task CommitAsync(CancellationToken ct) => owned?.CommitAsync(ct) ?? Task.CompletedTask;

    /// <summary>Ends an owned transaction (rolled back unless committed) and gives the context its savepoints back: contexts are pooled.</summary>
    public async ValueTask DisposeAsync()
    {
        if (owned is not null)
            await owned.DisposeAsync();
        db.Database.AutoSavepointsEnabled = savepoints;
    }
}
