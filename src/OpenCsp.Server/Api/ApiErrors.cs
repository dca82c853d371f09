using System.Globalization;
using OpenCsp.Core.Common;

namespace OpenCsp.Server.Api;

/// <summary>
/// The error body of API.md A1: Partner Center's <c>{code, description, data, source}</c> plus our <c>ruleId</c> and,
/// where a date decides it, <c>possibleFrom</c> / <c>possibleUntil</c> (POL-2).
/// </summary>
public sealed record ApiError(int Code, string Description, string? RuleId = null, DateTimeOffset? PossibleFrom = null, DateTimeOffset? PossibleUntil = null)
{
    public IReadOnlyList<object> Data { get; init; } = [];
    public string Source { get; init; } = "OpenCsp";
}

public static class ApiErrors
{
    /// <summary>The language of error descriptions, from X-Locale (en-US by default); a region's, as Partner Center's locales are.</summary>
    public static CultureInfo Culture(HttpContext context) =>
        CultureInfo.GetCultureInfo(CultureInfo.CreateSpecificCulture((Languages.Match(context.Request.Headers["X-Locale"].ToString()) ?? Languages.English).Name).Name);

    public static ApiError Body(Refusal refusal, HttpContext context) =>
        new(refusal.Error.Code, ErrorText.Describe(refusal, Culture(context)), refusal.RuleId, refusal.PossibleFrom, refusal.PossibleUntil);

    private const string TransientKey = "OpenCsp.TransientRefusal";

    /// <summary>Whether the request was answered with a transient refusal, which a retry should run again (Idempotency).</summary>
    public static bool AnsweredTransient(HttpContext context) => context.Items.ContainsKey(TransientKey);

    /// <summary>A refusal as its HTTP result: the status of its code, the body in the caller's language.</summary>
    public static IResult ToResult(this Refusal refusal, HttpContext context)
    {
        Mark(refusal, context);
        return Results.Json(Body(refusal, context), Json.Options, statusCode: refusal.Error.Status);
    }

    public static Task WriteAsync(HttpContext context, Refusal refusal)
    {
        Mark(refusal, context);
        context.Response.StatusCode = refusal.Error.Status;
        return context.Response.WriteAsJsonAsync(Body(refusal, context), Json.Options, context.RequestAborted);
    }

    private static void Mark(Refusal refusal, HttpContext context)
    {
        if (refusal.Error.Transient)
            context.Items[TransientKey] = true;
    }

    public static Task WriteAsync(HttpContext context, ErrorCode error, params object[] args) => WriteAsync(context, Refusal.Of(error, args));

    /// <summary>Maps a use case's result: the value through <paramref name="ok"/>, a refusal to its error.</summary>
    public static IResult Map<T>(this Result<T> result, HttpContext context, Func<T, IResult> ok) =>
        result.IsSuccess ? ok(result.Value) : result.Refusal!.ToResult(context);
}
