using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using OpenCsp.Core.Common;

namespace OpenCsp.Server.Api;

/// <summary>
/// What a /v1 request that no endpoint took gets: 501 for a Partner Center path (the SDK's path map in
/// PartnerCenterPaths.txt) that we do not implement for this method, never a misleading 404 (API.md A1);
/// 415 when an endpoint exists but takes no body of this type, 400 when a path value is not of the type it takes
/// (a line item number that is not a number); 405 for another method on one of our own paths; else 404.
/// </summary>
public static partial class NotImplementedPaths
{
    private sealed record PartnerCenterPath(RoutePattern Pattern, TemplateMatcher Matcher);

    private static readonly Lazy<PartnerCenterPath[]> PartnerCenter =
        new(() => Templates().Select(t => new PartnerCenterPath(RoutePatternFactory.Parse(t), Matcher(t))).ToArray());

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> Templates()
    {
        using var stream = typeof(NotImplementedPaths).Assembly.GetManifestResourceStream("PartnerCenterPaths.txt")!;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var index = 0;
            yield return "/v1/" + Placeholder().Replace(line, _ => $"{{p{index++}}}");
        }
    }

    private sealed record Route(TemplateMatcher Matcher, IReadOnlyList<string> Methods, IReadOnlyList<string> Accepts);

    public static void MapUnmatched(this IEndpointRouteBuilder v1)
    {
        // Our own endpoints, read once from the app's composite data source (it carries the group prefixes).
        Route[]? ours = null;
        Route[] Ours(HttpContext context) => ours ??= context.RequestServices.GetRequiredService<EndpointDataSource>()
            .Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Order < int.MaxValue && e.RoutePattern.RawText is { } raw && raw.StartsWith("/v1/", StringComparison.Ordinal))
            .Select(e => new Route(Matcher(e.RoutePattern.RawText!), e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [],
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []))
            .ToArray();

        v1.Map("/{**rest}", (HttpContext context) =>
            {
                var path = context.Request.Path;
                var values = new RouteValueDictionary();
                var matching = Ours(context).Where(r => r.Matcher.TryMatch(path, values)).ToList();
                var sameMethod = matching.Where(r => r.Methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase)).ToList();
                var error = sameMethod.Count > 0
                    ? sameMethod.Any(r => r.Accepts.Count > 0 && !Takes(r.Accepts, context.Request.ContentType))
                        ? Refusal.Of(ErrorCodes.UnsupportedMediaType)
                        : Refusal.Of(ErrorCodes.InvalidProperty, path.Value ?? "", "a path with values of the types it takes (numbers where it counts, ids where it names)")
                    : PartnerCenter.Value.Any(pc => pc.Matcher.TryMatch(path, values))
                        ? Refusal.Of(ErrorCodes.NotImplemented, path.Value ?? "")
                        : matching.Count > 0
                            ? Refusal.Of(ErrorCodes.MethodNotAllowed, context.Request.Method, path.Value ?? "")
                            : Refusal.Of(ErrorCodes.NotFound, path.Value ?? "");
                return error.ToResult(context);
            })
            .WithOrder(int.MaxValue)
            .ExcludeFromDescription();
    }

    /// <summary>
    /// A Partner Center path with a literal where the endpoint routing chose has a parameter (invoices/summary reaching
    /// our invoices/{id}) is not a value for that endpoint: it answers 501 like any path we do not implement, not 404 or
    /// 400. Had we implemented it, routing would have chosen that endpoint, literal over parameter.
    /// </summary>
    public static IApplicationBuilder UsePartnerCenterLiterals(this IApplicationBuilder app)
    {
        var candidates = new ConcurrentDictionary<RoutePattern, TemplateMatcher[]>();
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is RouteEndpoint { RoutePattern: var ours } && ours.Parameters.Count > 0
                && candidates.GetOrAdd(ours, LiteralWhereOursHasParameter) is { Length: > 0 } shadowing
                && shadowing.Any(m => m.TryMatch(context.Request.Path, new RouteValueDictionary())))
            {
                await Refusal.Of(ErrorCodes.NotImplemented, context.Request.Path.Value ?? "").ToResult(context).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    private static TemplateMatcher[] LiteralWhereOursHasParameter(RoutePattern ours)
    {
        // The catch-all below answers for itself.
        if (ours.RawText?.StartsWith("/v1/", StringComparison.Ordinal) != true || ours.Parameters.Any(p => p.IsCatchAll))
            return [];
        static string? Literal(RoutePatternPathSegment segment) => segment.Parts is [RoutePatternLiteralPart literal] ? literal.Content : null;
        var mine = ours.PathSegments.Select(Literal).ToList();
        bool Shadows(RoutePattern pc)
        {
            var theirs = pc.PathSegments.Select(Literal).ToList();
            return theirs.Count == mine.Count
                && mine.Zip(theirs).All(x => x.First is null || x.Second is null || x.First.Equals(x.Second, StringComparison.OrdinalIgnoreCase))
                && mine.Zip(theirs).Any(x => x.First is null && x.Second is not null);
        }

        return PartnerCenter.Value.Where(pc => Shadows(pc.Pattern)).Select(pc => pc.Matcher).ToArray();
    }

    private static bool Takes(IReadOnlyList<string> accepts, string? contentType) =>
        contentType is not null && accepts.Any(a => contentType.StartsWith(a, StringComparison.OrdinalIgnoreCase));

    private static TemplateMatcher Matcher(string template) => new(TemplateParser.Parse(template), new RouteValueDictionary());
}
