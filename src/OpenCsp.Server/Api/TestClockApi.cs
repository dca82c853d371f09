using System.Security.Cryptography;
using System.Text;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Time;
using OpenCsp.Server.Api.Pipeline;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api;

/// <summary>
/// The test clock (API.md A3): GET /v1/testclock and POST /v1/testclock/advance with {"by": "P31D"} or {"to": "…"}.
/// Only with TestClock:Enabled=true; otherwise these paths do not exist (404).
/// </summary>
public static class TestClockApi
{
    /// <param name="Handled">How many due lifecycle events the advance ran (renewals, expiry steps, deletions, charges).</param>
    public sealed record ClockResource(DateTimeOffset Now, int? Handled = null);

    public sealed record AdvanceInput(string? By, DateTimeOffset? To);

    public static void MapTestClock(this IEndpointRouteBuilder v1, TestClock clock)
    {
        if (!clock.Enabled)
            return;
        var group = v1.MapGroup("/testclock").WithTags("Test clock").RequirePermission(Permission.UseTestClock);
        group.MapGet("", () => Results.Json(new ClockResource(clock.GetUtcNow()), Json.Options));
        group.MapPost("/advance", AdvanceAsync).WithMetadata(Idempotency.OwnTransactions.Instance);
    }

    private static async Task<IResult> AdvanceAsync(HttpContext context, AdvanceTestClock advance, AdvanceInput input)
    {
        if ((input.By is null) == (input.To is null || input.To == default(DateTimeOffset)))
            return Refusal.Of(ErrorCodes.InvalidProperty, "by", "give exactly one of 'by' (an ISO-8601 duration) or 'to' (a UTC time)").ToResult(context);
        IsoDuration? by = null;
        if (input.By is not null)
        {
            by = Iso.ParseDuration(input.By);
            if (by is null)
                return Refusal.Of(ErrorCodes.InvalidDuration, input.By).ToResult(context);
        }

        // A retry carries the first request's MS-RequestId, which is the caller's own (as Idempotency keys them): kept as a hash of both.
        var requestId = Idempotency.RequestIdOf(context.Request) is { } sent
            ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{context.Caller().Subject}\n{sent}")))
            : null;
        var result = await advance.RunAsync(by, input.By is null ? input.To : null, context.RequestAborted, requestId);
        return result.Map(context, done => Results.Json(new ClockResource(done.Now, done.Handled), Json.Options));
    }
}
