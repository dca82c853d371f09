using OpenCsp.Core.Common;

namespace OpenCsp.Server.Api;

/// <summary>
/// Partner Center paths we do not implement answer 501, never a misleading 404 (API.md A1). The list is the SDK's
/// path map (PartnerCenterPaths.txt); an implemented endpoint on the same path wins because these come last in order.
/// Any other /v1 path is a 404 in our error shape.
/// </summary>
public static class NotImplementedPaths
{
    public static IEnumerable<string> Templates()
    {
        using var stream = typeof(NotImplementedPaths).Assembly.GetManifestResourceStream("PartnerCenterPaths.txt")!;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var index = 0;
            yield return "/" + System.Text.RegularExpressions.Regex.Replace(line, @"\{\d+\}", _ => $"{{p{index++}}}");
        }
    }

    public static void MapNotImplemented(this IEndpointRouteBuilder app)
    {
        foreach (var template in Templates().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            app.Map(template, (HttpContext context) => Refusal.Of(ErrorCodes.NotImplemented, context.Request.Path.Value ?? template).ToResult(context))
                .WithOrder(1000)
                .ExcludeFromDescription();
        }

        app.Map("/{**rest}", (HttpContext context) => Refusal.Of(ErrorCodes.NotFound, context.Request.Path.Value ?? "").ToResult(context))
            .WithOrder(2000)
            .ExcludeFromDescription();
    }
}
