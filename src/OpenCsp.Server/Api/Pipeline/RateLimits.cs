using System.Globalization;
using System.Threading.RateLimiting;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Pipeline;

/// <summary>
/// Partner Center's throttle (API.md A1, B §3.4, §8.1): by default 500 requests a minute per partner per customer,
/// answered with 429, Retry-After in seconds (the SDK needs it) and <c>{statusCode, message}</c>.
/// </summary>
public static class RateLimits
{
    public const string PerPartnerPerCustomer = "per-partner-per-customer";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerPartnerPerCustomer, context =>
            {
                var partner = context.User.FindFirst(CallerClaims.PartnerId)?.Value ?? "anonymous:" + context.Connection.RemoteIpAddress;
                var customer = context.Request.RouteValues["customerId"] as string ?? "";
                var permits = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimiting:PermitsPerMinute", 500);
                return RateLimitPartition.GetFixedWindowLimiter($"{partner}|{customer.ToLowerInvariant()}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                    : 60;
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(
                    new { statusCode = 429, message = $"Rate limit is exceeded. Try again in {seconds} seconds." }, ct);
            };
        });
        return services;
    }
}
