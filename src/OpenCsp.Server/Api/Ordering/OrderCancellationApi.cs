using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Api.Billing;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Ordering;

public sealed record OrderPatchLine(int LineItemNumber);

/// <summary>Partner Center's PATCH order body for a cancellation: <c>{"status": "cancelled", "lineItems": [{"lineItemNumber": 0}]}</c>.</summary>
public sealed record OrderPatchBody(string? Id, string? Status, IReadOnlyList<OrderPatchLine>? LineItems, JsonElement BillingCycle);

public sealed record LineCancellationResource(
    int LineItemNumber, string OfferId, string? SubscriptionId, string? ProductName, bool Cancellable, DateTimeOffset? CancellableUntil, int? DaysLeft,
    ApiError? Reason, Link? SupportRequest);

/// <summary>The cancel dialog of SW-10 for one order: per line, the days left, that the window passed, or the support-request link.</summary>
public sealed record OrderCancellationCheckResource(string OrderId, IReadOnlyList<LineCancellationResource> LineItems, ResourceAttributes Attributes);

public sealed record OrderCancellationPreview(
    OrderResource Order, IReadOnlyList<string> CancelledSubscriptionIds, IReadOnlyList<LedgerEntryResource> Credits, DateTimeOffset AppliesAt, ResourceAttributes Attributes);

/// <summary>Cancelling software purchases by order (SW-8..13; API.md B §4.8), with ?preview=true, and the cancel dialog's data.</summary>
public static class OrderCancellationApi
{
    public static void MapOrderCancellation(this IEndpointRouteBuilder v1)
    {
        var orders = v1.MapGroup("/customers/{customerId}/orders/{orderId}").WithTags("Orders");
        orders.MapPatch("", PatchAsync).RequirePermission(Permission.PlaceOrders);
        orders.MapGet("/cancellation", CheckAsync).RequirePermission(Permission.ReadCustomers);
    }

    private static async Task<IResult> PatchAsync(HttpContext context, CancelOrder cancel, OrderQueries orders, string customerId, string orderId, OrderPatchBody body,
        [FromQuery] bool? preview)
    {
        if (!Ids.TryCustomer(customerId, out var c, out var bad) || !Ids.TryGuid(orderId, ErrorCodes.OrderNotFound, out var o, out bad))
            return bad.ToResult(context);
        // An unknown customer or order is 404 whatever the body says.
        var order = await orders.OrderAsync(context.Caller(), c, o, context.RequestAborted);
        if (order.Refusal is { } missing)
            return missing.ToResult(context);
        if (BillingCycleChange(body.BillingCycle, order.Value.BillingCycle, context) is { } refused)
            return refused.ToResult(context);
        if (!string.Equals(body.Status, "cancelled", StringComparison.OrdinalIgnoreCase))
            return Refusal.Of(ErrorCodes.InvalidProperty, "status", "\"cancelled\"").ToResult(context);
        if (body.LineItems?.Any(l => l is null) == true)
            return Refusal.Of(ErrorCodes.InvalidRequestInput, "lineItems may not contain null").ToResult(context);

        var result = await cancel.RunAsync(context.Caller(), c, o, body.LineItems?.Select(l => l.LineItemNumber).ToList(), preview == true, context.RequestAborted);
        return result.Map(context, done => done.Preview
            ? Results.Json(new OrderCancellationPreview(OrderingResources.Order(done.Order), done.Purchases.Select(p => p.Id.ToString()).ToList(),
                done.Credits.Select(LedgerEntryResource.From).ToList(), done.AppliesAt, new ResourceAttributes("OrderCancellationPreview")), Json.Options)
            : Results.Json(OrderingResources.Order(done.Order), Json.Options));
    }

    /// <summary>
    /// The SDK sends the whole Order back, its billingCycle included ("unknown" when unset): only a cycle other than the
    /// order's asks for the legacy billing-cycle change by PATCH order, which OpenCsp does not offer (501).
    /// </summary>
    private static Refusal? BillingCycleChange(JsonElement given, BillingCycle current, HttpContext context)
    {
        if (given.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            return null;
        if (given.ValueKind != JsonValueKind.String)
            return Refusal.Of(ErrorCodes.InvalidProperty, "billingCycle", "a billing cycle name");
        var cycle = EnumValues.ParseUnlessUnset<BillingCycle>(given.GetString(), "billingCycle");
        return cycle.Refusal ?? (cycle.Value is { } wanted && wanted != current
            ? Refusal.Of(ErrorCodes.NotImplemented, $"{context.Request.Path} (billingCycle change)")
            : null);
    }

    private static async Task<IResult> CheckAsync(HttpContext context, CancelOrder cancel, string customerId, string orderId)
    {
        if (!Ids.TryCustomer(customerId, out var c, out var bad) || !Ids.TryGuid(orderId, ErrorCodes.OrderNotFound, out var o, out bad))
            return bad.ToResult(context);
        var result = await cancel.CheckAsync(context.Caller(), c, o, context.RequestAborted);
        return result.Map(context, check => Results.Json(new OrderCancellationCheckResource(
            check.Order.Id.ToString(),
            check.Lines.Select(l => new LineCancellationResource(
                l.Line.LineNumber, l.Line.OfferId, l.Line.SubscriptionId?.ToString(), l.Purchase?.OfferName, l.Refusal is null, l.CancellableUntil, l.DaysLeft,
                l.Refusal is null ? null : ApiErrors.Body(l.Refusal, context),
                l.SupportRequest ? new Link("/servicerequests/supporttopics") : null)).ToList(),
            new ResourceAttributes("OrderCancellationCheck")), Json.Options));
    }
}
