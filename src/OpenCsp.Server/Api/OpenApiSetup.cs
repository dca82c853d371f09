using System.Text;
using Microsoft.OpenApi;
using OpenCsp.Core.Common;
using Scalar.AspNetCore;

namespace OpenCsp.Server.Api;

/// <summary>The OpenAPI document at /openapi/v1.json, with the error-code table, and a browsable reference at /docs.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "OpenCsp API",
                Version = "v1",
                Description = Description(),
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /oauth2/token (client credentials).",
            };
            return Task.CompletedTask;
        }));

    public static void MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("OpenCsp API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    }

    private static string Description()
    {
        var text = new StringBuilder("""
            A Partner-Center-shaped REST API for CSP partners. Get a token with OAuth 2.0 client credentials at
            `POST /oauth2/token`, then call `/v1/...` with `Authorization: Bearer <token>`.

            Errors are `{code, description, data, source, ruleId?, possibleFrom?, possibleUntil?}`. The codes:

            | code | HTTP | meaning |
            |---|---|---|

            """);
        foreach (var e in ErrorCodes.All.OrderBy(e => e.Code))
            text.Append('|').Append(e.Code).Append('|').Append(e.Status).Append('|').Append(ErrorText.Describe(e, ["{0}", "{1}", "{2}", "{3}"], System.Globalization.CultureInfo.InvariantCulture)).Append("|\n");
        return text.ToString();
    }
}
