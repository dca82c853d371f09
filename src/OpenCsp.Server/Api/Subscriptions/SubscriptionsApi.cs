using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Server.Api.Ordering;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Subscriptions;

/// <summary>Reading subscriptions (API.md B §5.4): all of a customer's (no paging, as Partner Center), by order, one, its add-ons, its activation links.</summary>
public static class SubscriptionsApi
{
    public static void MapSubscriptions(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/customers/{customerId}/subscriptions").WithTags("Subscriptions").RequirePermission(Permission.ReadCustomers);
        group.MapGet("", ListAsync);
        group.MapGet("/{subscriptionId}", GetAsync);
        group.MapGet("/{subscriptionId}/addons", AddOnsAsync);
        group.MapGet("/{subscriptionId}/activationlinks", ActivationLinksAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, OrderQueries queries, TimeProvider clock, string customerId,
        [FromQuery(Name = "order_id")] string? orderId, [FromQuery(Name = "mpn_id")] string? mpnId)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        Guid? order = null;
        if (orderId is not null)
        {
            if (!Ids.TryGuid(orderId, ErrorCodes.OrderNotFound, out var o, out bad))
                return bad.ToResult(context);
            order = o;
        }

        var result = await queries.SubscriptionsAsync(context.Caller(), id, order, context.RequestAborted, mpnId);
        var bases = await queries.BasesWithAddOnsAsync(context.RequestAborted);
        return result.Map(context, subs => Collection(subs, clock.GetUtcNow(), bases, $"/customers/{id}/subscriptions"));
    }

    private static async Task<IResult> GetAsync(HttpContext context, OrderQueries queries, TimeProvider clock, string customerId, string subscriptionId) =>
        await WithIdsAsync(context, customerId, subscriptionId, async (c, s) =>
        {
            var bases = await queries.BasesWithAddOnsAsync(context.RequestAborted);
            return (await queries.SubscriptionAsync(context.Caller(), c, s, context.RequestAborted))
                .Map(context, sub => Results.Json(SubscriptionResource.From(sub, clock.GetUtcNow(), bases), Json.Options));
        });

    private static async Task<IResult> AddOnsAsync(HttpContext context, OrderQueries queries, TimeProvider clock, string customerId, string subscriptionId) =>
        await WithIdsAsync(context, customerId, subscriptionId, async (c, s) =>
        {
            var bases = await queries.BasesWithAddOnsAsync(context.RequestAborted);
            return (await queries.AddOnsAsync(context.Caller(), c, s, context.RequestAborted))
                .Map(context, subs => Collection(subs, clock.GetUtcNow(), bases, $"/customers/{c}/subscriptions/{s}/addons"));
        });

    private static async Task<IResult> ActivationLinksAsync(HttpContext context, OrderQueries queries, string customerId, string subscriptionId) =>
        await WithIdsAsync(context, customerId, subscriptionId, async (c, s) =>
            (await queries.SubscriptionAsync(context.Caller(), c, s, context.RequestAborted)).Map(context, sub =>
            {
                var items = sub.ActivationUri is null ? [] : new List<ActivationLinkResource> { new(0, new Link($"{sub.ActivationUri}?subscriptionId={sub.Id}")) };
                return Results.Json(new Collection<ActivationLinkResource>(items.Count, items, new CollectionLinks(new Link($"/customers/{c}/subscriptions/{s}/activationlinks"))), Json.Options);
            }));

    private static IResult Collection(IReadOnlyList<Subscription> subscriptions, DateTimeOffset now, IReadOnlySet<string> bases, string self)
    {
        var items = subscriptions.Select(s => SubscriptionResource.From(s, now, bases)).ToList();
        return Results.Json(new Collection<SubscriptionResource>(items.Count, items, new CollectionLinks(new Link(self))), Json.Options);
    }

    private static async Task<IResult> WithIdsAsync(HttpContext context, string customerId, string subscriptionId, Func<Guid, Guid, Task<IResult>> run)
    {
        if (!Ids.TryCustomer(customerId, out var c, out var bad) || !Ids.TryGuid(subscriptionId, ErrorCodes.SubscriptionNotFound, out var s, out bad))
            return bad.ToResult(context);
        return await run(c, s);
    }
}
