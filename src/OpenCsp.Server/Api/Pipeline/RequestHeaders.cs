using System.Diagnostics;

namespace OpenCsp.Server.Api.Pipeline;

/// <summary>
/// Echoes MS-RequestId and MS-CorrelationId (made up when absent) and X-Locale on every response, and puts them
/// on the trace and the log scope so a partner's support ticket can be matched to our logs.
/// </summary>
public sealed class RequestHeaders(RequestDelegate next, ILogger<RequestHeaders> logger)
{
    public const string RequestId = "MS-RequestId";
    public const string CorrelationId = "MS-CorrelationId";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Header(context, RequestId);
        var correlationId = Header(context, CorrelationId);
        context.Response.Headers[RequestId] = requestId;
        context.Response.Headers[CorrelationId] = correlationId;
        context.Response.Headers["X-Locale"] = ApiErrors.Culture(context).Name;
        Activity.Current?.SetTag("ms.request_id", requestId).SetTag("ms.correlation_id", correlationId);
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId, ["CorrelationId"] = correlationId }))
            await next(context);
    }

    private static string Header(HttpContext context, string name)
    {
        var value = context.Request.Headers[name].ToString().Trim();
        return value.Length is > 0 and <= 128 ? value : Guid.NewGuid().ToString();
    }
}
