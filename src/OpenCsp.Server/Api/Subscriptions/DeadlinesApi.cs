using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Subscriptions;

public sealed record DeadlineResource(string Kind, DateTimeOffset At, string CustomerId, string SubscriptionId, string Subject, SelfLinks Links, ResourceAttributes Attributes)
{
    public static DeadlineResource From(Deadline d) => new(d.Kind, d.At, d.CustomerId.ToString(), d.SubscriptionId.ToString(), d.Subject,
        new SelfLinks(new Link($"/customers/{d.CustomerId}/subscriptions/{d.SubscriptionId}")), new ResourceAttributes("Deadline"));

    /// <summary>The deadlines still ahead of the given subscriptions, soonest first.</summary>
    public static IReadOnlyList<DeadlineResource> Of(IEnumerable<Subscription> subscriptions, DateTimeOffset now) =>
        subscriptions.SelectMany(SubscriptionQueries.DeadlinesOf).Where(d => d.At > now).OrderBy(d => d.At).Select(From).ToList();
}

/// <summary>GET /v1/deadlines?within=P30D[&amp;customerId=]: what closes or happens soon across the partner's customers (API.md A3).</summary>
public static class DeadlinesApi
{
    public static void MapDeadlines(this IEndpointRouteBuilder v1) =>
        v1.MapGet("/deadlines", ListAsync).WithTags("Subscriptions").RequirePermission(Permission.ReadCustomers);

    private static async Task<IResult> ListAsync(HttpContext context, SubscriptionQueries queries, [FromQuery] string? within, [FromQuery] string? customerId)
    {
        var span = new IsoDuration(0, 30, TimeSpan.Zero);
        if (!string.IsNullOrWhiteSpace(within))
        {
            if (Iso.ParseDuration(within) is not { IsZero: false } duration)
                return Refusal.Of(ErrorCodes.InvalidDuration, within).ToResult(context);
            span = duration;
        }

        Guid? customer = null;
        if (!string.IsNullOrWhiteSpace(customerId))
        {
            if (!Ids.TryCustomer(customerId, out var id, out var bad))
                return bad.ToResult(context);
            customer = id;
        }

        var result = await queries.DeadlinesAsync(context.Caller(), span, customer, context.RequestAborted);
        return result.Map(context, found =>
        {
            var items = found.Select(DeadlineResource.From).ToList();
            return Results.Json(new Collection<DeadlineResource>(items.Count, items, new CollectionLinks(new Link("/deadlines"))), Json.Options);
        });
    }
}
