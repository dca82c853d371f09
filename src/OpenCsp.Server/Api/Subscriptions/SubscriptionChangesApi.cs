using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Server.Api.Billing;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Subscriptions;

public sealed record ProductTermBody(string? ProductId, string? SkuId, string? AvailabilityId, string? BillingCycle, string? TermDuration);

public sealed record ScheduleBody(ProductTermBody? Product, int Quantity);

public sealed record AttributesBody(string? Etag);

/// <summary>
/// PATCH subscription's body: a full or partial Partner Center Subscription. Absent fields (and the SDK's sentinels
/// quantity 0, billingCycle unknown, billingType none) mean "no change"; scheduledNextTermInstructions: null removes the
/// scheduled change, absent leaves it (API.md A2, B §6.1).
/// </summary>
public sealed record SubscriptionPatchBody(
    int? Quantity, string? Status, string? SuspensionReason, bool? AutoRenewEnabled, string? FriendlyName,
    JsonElement ScheduledNextTermInstructions, string? BillingCycle, AttributesBody? Attributes);

/// <summary>A preview (API.md A3): the subscription as it would be, the ledger lines it would write, the dates it would set.</summary>
public sealed record SubscriptionPreview(
    SubscriptionResource Subscription, IReadOnlyList<LedgerEntryResource> LedgerEntries, IReadOnlyList<SubscriptionResource> AlsoChanged,
    IReadOnlyList<DeadlineResource> Deadlines, ResourceAttributes Attributes);

public sealed record AccessResource(string SubscriptionId, bool Allowed, SubscriptionStatus Status, string Reason, ResourceAttributes Attributes);

/// <summary>Changing subscriptions: PATCH (every change, as Partner Center) with ?preview=true, and SUB-3's access check.</summary>
public static class SubscriptionChangesApi
{
    public static void MapSubscriptionChanges(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/customers/{customerId}/subscriptions/{subscriptionId}").WithTags("Subscriptions");
        group.MapPatch("", PatchAsync).RequirePermission(Permission.PlaceOrders);
        group.MapGet("/access", AccessAsync).RequirePermission(Permission.ReadCustomers);
    }

    private static async Task<IResult> PatchAsync(HttpContext context, UpdateSubscription update, OrderQueries queries, TimeProvider clock,
        string customerId, string subscriptionId, SubscriptionPatchBody body, [FromQuery] bool? preview)
    {
        if (!Ids.TryCustomer(customerId, out var c, out var bad) || !Ids.TryGuid(subscriptionId, ErrorCodes.SubscriptionNotFound, out var s, out bad))
            return bad.ToResult(context);
        var patch = ToPatch(body);
        if (!patch.IsSuccess)
            return patch.Refusal!.ToResult(context);
        var expected = Etags.Expected(context, s, body.Attributes?.Etag);
        var result = await update.RunAsync(context.Caller(), c, s, patch.Value with { ExpectedVersion = expected }, preview == true, context.RequestAborted);
        if (!result.IsSuccess)
            return result.Refusal!.ToResult(context);

        var done = result.Value;
        var now = clock.GetUtcNow();
        var bases = await queries.BasesWithAddOnsAsync(context.RequestAborted);
        var resource = SubscriptionResource.From(done.Subscription, now, bases);
        if (!done.Preview)
            return Results.Json(resource, Json.Options);
        return Results.Json(new SubscriptionPreview(
            resource,
            done.Ledger.Select(LedgerEntryResource.From).ToList(),
            done.AlsoChanged.Select(x => SubscriptionResource.From(x, now, bases)).ToList(),
            DeadlineResource.Of(done.AlsoChanged.Prepend(done.Subscription), now),
            new ResourceAttributes("SubscriptionPreview")), Json.Options);
    }

    private static Result<SubscriptionPatch> ToPatch(SubscriptionPatchBody body)
    {
        var status = EnumValues.ParseUnlessUnset<SubscriptionStatus>(body.Status, "status");
        if (!status.IsSuccess)
            return status.Refusal!;
        var reason = EnumValues.Parse<SuspensionReason>(body.SuspensionReason, "suspensionReason");
        if (!reason.IsSuccess)
            return reason.Refusal!;
        var cycle = EnumValues.ParseUnlessUnset<BillingCycle>(body.BillingCycle, "billingCycle");
        if (!cycle.IsSuccess)
            return cycle.Refusal!;

        var instructions = body.ScheduledNextTermInstructions;
        ScheduledChangeInput? schedule = null;
        if (instructions.ValueKind == JsonValueKind.Object)
        {
            ScheduleBody parsed;
            try
            {
                parsed = instructions.Deserialize<ScheduleBody>(Json.Options)!;
            }
            catch (JsonException)
            {
                return Refusal.Of(ErrorCodes.InvalidProperty, "scheduledNextTermInstructions", "{product: {productId, skuId, availabilityId, billingCycle, termDuration}, quantity}");
            }

            var nextCycle = EnumValues.ParseUnlessUnset<BillingCycle>(parsed.Product?.BillingCycle, "billingCycle");
            if (!nextCycle.IsSuccess)
                return nextCycle.Refusal!;
            schedule = new ScheduledChangeInput(parsed.Product?.ProductId, parsed.Product?.SkuId, parsed.Product?.AvailabilityId,
                parsed.Product?.TermDuration, nextCycle.Value, parsed.Quantity);
        }
        else if (instructions.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return Refusal.Of(ErrorCodes.InvalidProperty, "scheduledNextTermInstructions", "an object or null");
        }

        return new SubscriptionPatch(body.Quantity, status.Value, reason.Value, body.AutoRenewEnabled, body.FriendlyName,
            SetSchedule: instructions.ValueKind is JsonValueKind.Object or JsonValueKind.Null, Schedule: schedule, BillingCycle: cycle.Value);
    }

    private static async Task<IResult> AccessAsync(HttpContext context, SubscriptionQueries queries, string customerId, string subscriptionId,
        [FromQuery] string? user, [FromQuery] bool? admin)
    {
        if (!Ids.TryCustomer(customerId, out var c, out var bad) || !Ids.TryGuid(subscriptionId, ErrorCodes.SubscriptionNotFound, out var s, out bad))
            return bad.ToResult(context);
        var result = await queries.AccessAsync(context.Caller(), c, s, admin == true, context.RequestAborted);
        // The answer depends on the user's role only (SUB-3); the user must still be named, after the customer is found.
        if (result.IsSuccess && string.IsNullOrWhiteSpace(user))
            return Refusal.Of(ErrorCodes.InvalidProperty, "user", "the user's sign-in name or object id").ToResult(context);
        return result.Map(context, a => Results.Json(new AccessResource(s.ToString(), a.Allowed, a.Status, a.Reason, new ResourceAttributes("SubscriptionAccess")), Json.Options));
    }
}
