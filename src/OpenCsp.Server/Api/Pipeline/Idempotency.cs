using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Pipeline;

/// <summary>
/// MS-RequestId idempotency (API.md A1): a POST/PUT/PATCH/DELETE with MS-RequestId is applied at most once per
/// (caller, request id, method, path). The request runs in one transaction together with its stored response, so
/// either both commit or neither does; a repeat within 24 hours gets the first response back, the same id with
/// another body is 409, and a concurrent duplicate waits on the unique key and then replays the winner's response.
/// </summary>
public sealed class Idempotency(RequestDelegate next)
{
    /// <summary>
    /// Marks an endpoint whose use case commits its own transactions (the test clock's advance runs the due-work sweep,
    /// a billing run closes periods): they cannot run inside the request's transaction (on SQLite, with its single
    /// writer, they would wait on it), so the response is recorded after the endpoint has run.
    /// </summary>
    public sealed class OwnTransactions
    {
        public static readonly OwnTransactions Instance = new();

        private OwnTransactions()
        {
        }
    }

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>The request's MS-RequestId as idempotency keys it (with the caller): trimmed, and none if empty or over 128 characters.</summary>
    public static string? RequestIdOf(HttpRequest request) =>
        request.Headers[RequestHeaders.RequestId].ToString().Trim() is { Length: > 0 and <= 128 } id ? id : null;

    public async Task InvokeAsync(HttpContext context, OpenCspDbContext db, TimeProvider clock)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || RequestIdOf(request) is not { } requestId || CallerClaims.TryRead(context.User) is not { } caller
            || (bool.TryParse(request.Query["preview"], out var preview) && preview)) // a preview changes nothing to repeat (read as the endpoints bind it)
        {
            await next(context);
            return;
        }

        var key = new Key(caller.Subject, requestId, request.Method.ToUpperInvariant(), (request.Path + request.QueryString).ToLowerInvariant());
        if (key.Path.Length > IdempotencyRecord.MaxPathLength)
        {
            await ApiErrors.WriteAsync(context, ErrorCodes.InvalidRequestInput, $"a request with MS-RequestId has a path and query of at most {IdempotencyRecord.MaxPathLength} characters");
            return;
        }

        var body = await ReadBodyAsync(request, context.RequestAborted);
        var hash = Convert.ToHexString(SHA256.HashData(body));
        if (context.GetEndpoint()?.Metadata.GetMetadata<OwnTransactions>() is not null)
        {
            await RecordAfterAsync(context, db, clock, caller.PartnerId, key, hash, requestId);
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(context.RequestAborted);
        var now = clock.GetUtcNow();
        if (await ReplayedAsync(context, db, key, hash, requestId, now))
            return;
        var record = NewRecord(caller.PartnerId, key, hash, now);
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(context.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // A concurrent duplicate committed first: replay its response from a fresh look.
            await tx.RollbackAsync(context.RequestAborted);
            db.ChangeTracker.Clear();
            var winner = await FindAsync(db, key, context.RequestAborted);
            if (winner is null)
                throw;
            await ReplayAsync(context, winner, hash, requestId);
            return;
        }

        var response = await RunBufferedAsync(context, next);
        // 5xx means the request failed, and a transient refusal ("try again later") may not hold: either way the
        // transaction rolls back and a retry runs it afresh.
        if (context.Response.StatusCode < 500 && !ApiErrors.AnsweredTransient(context))
        {
            Complete(record, context.Response, response);
            await db.SaveChangesAsync(context.RequestAborted);
            await tx.CommitAsync(context.RequestAborted);
        }

        await context.Response.Body.WriteAsync(response, context.RequestAborted);
    }

    /// <summary>
    /// For an endpoint that commits its own transactions (<see cref="OwnTransactions"/>): the response is recorded after
    /// it has run, so a retry once it has answered replays that answer; a duplicate sent while it still runs is not
    /// held back.
    /// </summary>
    private async Task RecordAfterAsync(HttpContext context, OpenCspDbContext db, TimeProvider clock, Guid partnerId, Key key, string hash, string requestId)
    {
        if (await ReplayedAsync(context, db, key, hash, requestId, clock.GetUtcNow()))
            return;

        var response = await RunBufferedAsync(context, next);
        if (context.Response.StatusCode < 500 && !ApiErrors.AnsweredTransient(context))
        {
            // Its window counts from when it answered: the test clock's advance has just moved the clock.
            var record = NewRecord(partnerId, key, hash, clock.GetUtcNow());
            Complete(record, context.Response, response);
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(context.RequestAborted);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // a duplicate that ran alongside recorded its answer first
            }
        }

        await context.Response.Body.WriteAsync(response, context.RequestAborted);
    }

    /// <summary>
    /// Answers with the earlier response to the same key when it is still within its window (true); an expired one is
    /// removed, so that this request's record takes its place when it is saved.
    /// </summary>
    private static async Task<bool> ReplayedAsync(HttpContext context, OpenCspDbContext db, Key key, string hash, string requestId, DateTimeOffset now)
    {
        var earlier = await FindAsync(db, key, context.RequestAborted);
        if (earlier is not null && earlier.ExpiresAt > now)
        {
            await ReplayAsync(context, earlier, hash, requestId);
            return true;
        }

        if (earlier is not null)
            db.IdempotencyRecords.Remove(earlier);
        return false;
    }

    private static IdempotencyRecord NewRecord(Guid partnerId, Key key, string hash, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        PartnerId = partnerId,
        CallerId = key.Caller,
        RequestId = key.RequestId,
        Method = key.Method,
        Path = key.Path,
        BodyHash = hash,
        CreatedAt = now,
        ExpiresAt = now + Window,
    };

    private static void Complete(IdempotencyRecord record, HttpResponse response, byte[] body)
    {
        record.StatusCode = response.StatusCode;
        record.ContentType = response.ContentType;
        record.Location = response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
        record.ResponseBody = body;
    }

    /// <summary>Runs the endpoint with its response held back, so that it can be stored before it is sent.</summary>
    private static async Task<byte[]> RunBufferedAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        return buffer.ToArray();
    }

    private sealed record Key(string Caller, string RequestId, string Method, string Path);

    private static Task<IdempotencyRecord?> FindAsync(OpenCspDbContext db, Key key, CancellationToken ct) =>
        db.IdempotencyRecords.SingleOrDefaultAsync(
            r => r.CallerId == key.Caller && r.RequestId == key.RequestId && r.Method == key.Method && r.Path == key.Path, ct);

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, string hash, string requestId)
    {
        if (record.BodyHash != hash)
        {
            await ApiErrors.WriteAsync(context, ErrorCodes.RequestIdReused, requestId);
            return;
        }

        context.Response.StatusCode = record.StatusCode;
        if (record.ContentType is not null)
            context.Response.ContentType = record.ContentType;
        if (record.Location is not null)
            context.Response.Headers.Location = record.Location;
        context.Response.Headers["MS-Idempotent-Replay"] = "true";
        await context.Response.Body.WriteAsync(record.ResponseBody, context.RequestAborted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, ct);
        request.Body.Position = 0;
        return copy.ToArray();
    }
}
