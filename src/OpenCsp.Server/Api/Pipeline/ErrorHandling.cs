using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using OpenCsp.Core.Common;

namespace OpenCsp.Server.Api.Pipeline;

/// <summary>
/// Turns what the framework rejects (malformed JSON, wrong types, unknown enum values, oversized or mistyped
/// bodies, bad query values) into our 4xx error body, and anything unexpected into a 500 that says nothing inside.
/// </summary>
public static class ErrorHandling
{
    public static void UseApiErrors(this WebApplication app, long maxBodyBytes, long maxUploadBytes)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the framework or the database could not take is the caller's mistake, answered with a 4xx: no error log.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException || IsNulCharacter(c.Exception),
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var refusal = error switch
                {
                    BadHttpRequestException { StatusCode: 413 } => Refusal.Of(ErrorCodes.BodyTooLarge, maxBodyBytes),
                    BadHttpRequestException { StatusCode: 415 } => Refusal.Of(ErrorCodes.UnsupportedMediaType),
                    BadHttpRequestException bad => FromBadRequest(bad),
                    _ when IsNulCharacter(error) => Refusal.Of(ErrorCodes.InvalidRequestInput, "text may not contain the NUL character (U+0000)"),
                    _ => Refusal.Of(ErrorCodes.Unexpected),
                };
                return ApiErrors.WriteAsync(context, refusal);
            },
        });

        // Bodies above the limit are refused before they are read; Kestrel enforces the same limit on chunked bodies.
        app.Use((context, next) =>
        {
            var max = context.Request.HasFormContentType ? maxUploadBytes : maxBodyBytes;
            if (context.Request.ContentLength > max)
                return ApiErrors.WriteAsync(context, ErrorCodes.BodyTooLarge, max);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = max;
            return next(context);
        });

        // U+0000 in a query is refused here on either database (PostgreSQL could not compare it; Kestrel refuses it in a
        // path); JSON bodies are refused by the text converter, and a form value by the database's own error, above.
        app.Use((context, next) => context.Request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true
            ? ApiErrors.WriteAsync(context, ErrorCodes.InvalidRequestInput, "text may not contain the NUL character (U+0000)")
            : next(context));

        // What routing answers itself (404, 405, 415) gets the same error body as everything else.
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var path = context.Request.Path.Value ?? "/";
            if (context.Response.StatusCode == 405)
                await ApiErrors.WriteAsync(context, ErrorCodes.MethodNotAllowed, context.Request.Method, path);
            else if (context.Response.StatusCode == 415)
                await ApiErrors.WriteAsync(context, ErrorCodes.UnsupportedMediaType);
            else if (context.Response.StatusCode == 404)
                await ApiErrors.WriteAsync(context, ErrorCodes.NotFound, path);
        });
    }

    /// <summary>
    /// PostgreSQL's text and jsonb cannot hold U+0000, which any text input may carry (a name, a note, a search): the
    /// statement fails whole and its transaction rolls back, so the answer is the caller's 400, not a 500.
    /// </summary>
    private static bool IsNulCharacter(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
                return true;
        }

        return false;
    }

    private static Refusal FromBadRequest(BadHttpRequestException bad)
    {
        for (Exception? e = bad; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NulCharacterException nul:
                    return Refusal.Of(ErrorCodes.InvalidProperty, nul.Path ?? "text", "text without the NUL character (U+0000)");
                case UnknownEnumValueException unknown:
                    return Refusal.Of(ErrorCodes.UnparsableEnum, unknown.Value, unknown.Path ?? unknown.EnumType.Name);
                case JsonException json:
                    return Refusal.Of(ErrorCodes.InvalidRequestInput, json.Path is null ? "malformed JSON" : $"malformed JSON or a wrong type at {json.Path}");
            }
        }

        return Refusal.Of(ErrorCodes.InvalidRequestInput, bad.Message);
    }
}
