using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Software;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Software;

public sealed record SoftwareChoiceResource(string Version, string Language, string FileType);

public sealed record CancellationInfo(bool Allowed, DateTimeOffset? AllowedUntil, int? DaysLeft, ApiError? Reason, SelfLinks Links);

/// <summary>A line of the customer's Software page (API.md A3; SW-3, SW-8, SW-12, SW-13).</summary>
public sealed record SoftwarePurchaseResource(
    string Id, string OrderId, string ProductId, string SkuId, string ProductName, string Kind, int Quantity, string Status,
    DateTimeOffset PurchaseDate, DateTimeOffset? CancellationRequestedDate, string? ActivationKey, bool HasKeys,
    IReadOnlyList<SoftwareChoiceResource> Downloads, CancellationInfo Cancellation, SelfLinks Links, ResourceAttributes Attributes)
{
    public static SoftwarePurchaseResource From(SoftwarePurchase p, HttpContext context)
    {
        var s = p.Subscription;
        return new(
            s.Id.ToString(), s.OrderId?.ToString() ?? "", s.ProductId, s.SkuId, s.OfferName,
            KindOf(s), s.Quantity, p.Status,
            s.CreatedAt, s.CancellationRequestedAt, p.MaskedKey, p.HasKeys,
            p.Files.Select(f => new SoftwareChoiceResource(f.Version, f.Language, f.FileType)).ToList(),
            new CancellationInfo(p.CancelRefusal is null, p.CancellableUntil, p.DaysLeftToCancel,
                p.CancelRefusal is null ? null : ApiErrors.Body(p.CancelRefusal, context),
                new SelfLinks(new Link($"/customers/{s.CustomerId}/orders/{s.OrderId}/cancellation"))),
            new SelfLinks(new Link($"/customers/{s.CustomerId}/software/{s.Id}")),
            new ResourceAttributes("SoftwarePurchase"));
    }

    private static string KindOf(Core.Subscriptions.Subscription s) =>
        Core.Subscriptions.SubscriptionLifecycle.KindOf(s) == Core.Subscriptions.SubscriptionKind.Reservation ? "reservation"
        : Core.Subscriptions.SubscriptionLifecycle.IsPerpetual(s) ? "perpetual" : "subscription";
}

public sealed record KeysAndDownloadsBody(string? Version, string? Language, string? FileType);

public sealed record DownloadLinkResource(string Uri, DateTimeOffset ExpiresAt, int DownloadsLeft, string FileName, long Size, string Sha256,
    string Version, string Language, string FileType);

public sealed record KeysAndDownloadsResource(SoftwarePurchaseResource Purchase, IReadOnlyList<string> Keys, DownloadLinkResource? DownloadLink, ResourceAttributes Attributes);

/// <summary>
/// The Software page of a customer (SW-3..6), which Partner Center has in its portal only (API.md A3): the purchases,
/// "Get keys and downloads", and the download links themselves at /downloads/{token}, which need no sign-in.
/// </summary>
public static class SoftwareApi
{
    public static void MapSoftware(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/customers/{customerId}/software").WithTags("Software");
        group.MapGet("", ListAsync).RequirePermission(Permission.ReadCustomers);
        group.MapGet("/{purchaseId}", GetAsync).RequirePermission(Permission.ReadCustomers);
        // The admin-agent rule (SW-4) is the use case's, so that a refused attempt is in the activity log too.
        group.MapPost("/{purchaseId}/keysanddownloads", KeysAndDownloadsAsync).RequirePermission(Permission.ReadCustomers);
    }

    /// <summary>The address a download link is given out as, by the API and the Software page alike.</summary>
    public static string DownloadUrl(HttpRequest request, string token) => $"{request.Scheme}://{request.Host}/downloads/{token}";

    /// <summary>GET /downloads/{token}: outside /v1 and without a token, so the link can be sent to the customer (SW-5).</summary>
    public static void MapDownloads(this IEndpointRouteBuilder app) =>
        app.MapGet("/downloads/{token}", DownloadAsync).WithTags("Software").AllowAnonymous();

    private static async Task<IResult> ListAsync(HttpContext context, SoftwarePurchases software, string customerId)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        var result = await software.ListAsync(context.Caller(), id, context.RequestAborted);
        return result.Map(context, list =>
        {
            var items = list.Select(p => SoftwarePurchaseResource.From(p, context)).ToList();
            return Results.Json(new Collection<SoftwarePurchaseResource>(items.Count, items, new CollectionLinks(new Link($"/customers/{id}/software"))), Json.Options);
        });
    }

    private static async Task<IResult> GetAsync(HttpContext context, SoftwarePurchases software, string customerId, string purchaseId)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad) || !Ids.TryGuid(purchaseId, ErrorCodes.SoftwarePurchaseNotFound, out var purchase, out bad))
            return bad.ToResult(context);
        var result = await software.GetAsync(context.Caller(), id, purchase, context.RequestAborted);
        return result.Map(context, p => Results.Json(SoftwarePurchaseResource.From(p, context), Json.Options));
    }

    private static async Task<IResult> KeysAndDownloadsAsync(HttpContext context, SoftwarePurchases software, string customerId, string purchaseId,
        KeysAndDownloadsBody? body)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad) || !Ids.TryGuid(purchaseId, ErrorCodes.SoftwarePurchaseNotFound, out var purchase, out bad))
            return bad.ToResult(context);
        var parts = new[] { body?.Version, body?.Language, body?.FileType };
        if (parts.Any(string.IsNullOrWhiteSpace) && !parts.All(string.IsNullOrWhiteSpace))
            return Refusal.Of(ErrorCodes.InvalidProperty, "version, language, fileType", "all three, or none for the keys alone (SW-5)").ToResult(context);
        var choice = parts.All(string.IsNullOrWhiteSpace) ? null : new SoftwareChoice(body!.Version!.Trim(), body.Language!.Trim(), body.FileType!.Trim());

        var result = await software.GetKeysAndDownloadsAsync(context.Caller(), id, purchase, choice, context.RequestAborted);
        return result.Map(context, k => Results.Json(new KeysAndDownloadsResource(
            SoftwarePurchaseResource.From(k.Purchase, context),
            k.Keys,
            k.Link is { } l
                ? new DownloadLinkResource(DownloadUrl(context.Request, l.Token), l.Link.ExpiresAt, l.Link.DownloadsLeft,
                    l.File.FileName, l.File.Size, l.File.Sha256, l.File.Version, l.File.Language, l.File.FileType)
                : null,
            new ResourceAttributes("KeysAndDownloads")), Json.Options));
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, SoftwarePurchases software, string token)
    {
        var who = $"download link ({context.Connection.RemoteIpAddress?.ToString() ?? "unknown address"})";
        var result = await software.DownloadAsync(token, who, context.RequestAborted);
        if (!result.IsSuccess)
            return result.Refusal!.ToResult(context);
        var file = result.Value;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Content-SHA256"] = file.Sha256;
        return Results.File(file.Content, "application/octet-stream", file.FileName);
    }
}
