using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
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
            // A request the framework could not read is the caller's mistake, answered with a 4xx: no error log.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var refusal = error switch
                {
                    BadHttpRequestException { StatusCode: 413 } => Refusal.Of(ErrorCodes.BodyTooLarge, maxBodyBytes),
                    BadHttpRequestException { StatusCode: 415 } => Refusal.Of(ErrorCodes.UnsupportedMediaType),
                    BadHttpRequestException bad => FromBadRequest(bad),
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

    private static Refusal FromBadRequest(BadHttpRequestException bad)
    {
        for (Exception? e = bad; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case UnknownEnumValueException unknown:
                    return Refusal.Of(ErrorCodes.UnparsableEnum, unknown.Value, unknown.Path ?? unknown.EnumType.Name);
                case JsonException json:
                    return Refusal.Of(ErrorCodes.InvalidRequestInput, json.Path is null ? "malformed JSON" : $"malformed JSON or a wrong type at {json.Path}");
            }
        }

        return Refusal.Of(ErrorCodes.InvalidRequestInput, bad.Message);
    }
}
