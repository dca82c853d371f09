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
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext context, OpenCspDbContext db, TimeProvider clock)
    {
        var request = context.Request;
        var requestId = request.Headers[RequestHeaders.RequestId].ToString().Trim();
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || requestId.Length is 0 or > 128 || CallerClaims.TryRead(context.User) is not { } caller
            || string.Equals(request.Query["preview"], "true", StringComparison.OrdinalIgnoreCase)) // a preview changes nothing to repeat
        {
            await next(context);
            return;
        }

        var body = await ReadBodyAsync(request, context.RequestAborted);
        var key = new Key(caller.Subject, requestId, request.Method.ToUpperInvariant(), (request.Path + request.QueryString).ToLowerInvariant());
        var hash = Convert.ToHexString(SHA256.HashData(body));
        var now = clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(context.RequestAborted);
        var earlier = await FindAsync(db, key, context.RequestAborted);
        if (earlier is not null && earlier.ExpiresAt > now)
        {
            await ReplayAsync(context, earlier, hash, requestId);
            return;
        }

        if (earlier is not null)
            db.IdempotencyRecords.Remove(earlier);
        var record = new IdempotencyRecord
        {
            Id = Guid.NewGuid(),
            PartnerId = caller.PartnerId,
            CallerId = key.Caller,
            RequestId = key.RequestId,
            Method = key.Method,
            Path = key.Path,
            BodyHash = hash,
            CreatedAt = now,
            ExpiresAt = now + Window,
        };
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

        // 5xx means the request failed: the transaction rolls back and a retry runs it afresh.
        if (context.Response.StatusCode < 500)
        {
            record.StatusCode = context.Response.StatusCode;
            record.ContentType = context.Response.ContentType;
            record.Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
            record.ResponseBody = buffer.ToArray();
            await db.SaveChangesAsync(context.RequestAborted);
            await tx.CommitAsync(context.RequestAborted);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
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
