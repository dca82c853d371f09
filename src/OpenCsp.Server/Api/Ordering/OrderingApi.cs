using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Api.Billing;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Ordering;

/// <summary>
/// Carts and orders (API.md B §5.3): cart → review → buy (ORD-1), direct orders, order history and the activation
/// links of ISV SaaS purchases (ORD-3).
/// </summary>
public static class OrderingApi
{
    public static void MapOrdering(this IEndpointRouteBuilder v1)
    {
        var carts = v1.MapGroup("/customers/{customerId}/carts").WithTags("Carts");
        carts.MapPost("", CreateCartAsync).RequirePermission(Permission.PlaceOrders);
        carts.MapGet("/{cartId}", GetCartAsync).RequirePermission(Permission.ReadCustomers);
        carts.MapPut("/{cartId}", ReplaceCartAsync).RequirePermission(Permission.PlaceOrders);
        carts.MapPost("/{cartId}/checkout", CheckoutAsync).RequirePermission(Permission.PlaceOrders);

        var orders = v1.MapGroup("/customers/{customerId}/orders").WithTags("Orders");
        orders.MapPost("", CreateOrderAsync).RequirePermission(Permission.PlaceOrders);
        orders.MapGet("", ListOrdersAsync).RequirePermission(Permission.ReadCustomers);
        orders.MapGet("/{orderId}", GetOrderAsync).RequirePermission(Permission.ReadCustomers);
        orders.MapGet("/{orderId}/provisioningstatus", ProvisioningStatusAsync).RequirePermission(Permission.ReadCustomers);
        orders.MapGet("/{orderId}/activationlinks", OrderActivationLinksAsync).RequirePermission(Permission.ReadCustomers);
        orders.MapGet("/{orderId}/lineitems/{lineItemNumber:int}/activationlinks", LineActivationLinksAsync).RequirePermission(Permission.ReadCustomers);
    }

    private static async Task<IResult> CreateCartAsync(HttpContext context, Carts carts, string customerId, CartInput input)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        var lines = Lines(input.LineItems);
        if (!lines.IsSuccess)
            return lines.Refusal!.ToResult(context);
        var result = await carts.CreateAsync(context.Caller(), id, lines.Value, context.RequestAborted);
        return result.Map(context, c => Results.Json(OrderingResources.Cart(c, ApiErrors.Culture(context)), Json.Options, statusCode: StatusCodes.Status201Created));
    }

    private static async Task<IResult> GetCartAsync(HttpContext context, Carts carts, string customerId, string cartId)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad) || !Ids.TryGuid(cartId, ErrorCodes.CartNotFound, out var cart, out bad))
            return bad.ToResult(context);
        var result = await carts.GetAsync(context.Caller(), id, cart, context.RequestAborted);
        return result.Map(context, c => Results.Json(OrderingResources.Cart(c, ApiErrors.Culture(context)), Json.Options));
    }

    private static async Task<IResult> ReplaceCartAsync(HttpContext context, Carts carts, string customerId, string cartId, CartInput input)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad) || !Ids.TryGuid(cartId, ErrorCodes.CartNotFound, out var cart, out bad))
            return bad.ToResult(context);
        var lines = Lines(input.LineItems);
        if (!lines.IsSuccess)
            return lines.Refusal!.ToResult(context);
        var result = await carts.ReplaceAsync(context.Caller(), id, cart, lines.Value, Etags.Expected(context, cart, null), context.RequestAborted);
        return result.Map(context, c => Results.Json(OrderingResources.Cart(c, ApiErrors.Culture(context)), Json.Options));
    }

    /// <summary>The SDK posts the JSON string "success" as the body; checkout reads no body at all.</summary>
    private static async Task<IResult> CheckoutAsync(HttpContext context, Carts carts, string customerId, string cartId, [FromQuery] bool? preview)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad) || !Ids.TryGuid(cartId, ErrorCodes.CartNotFound, out var cart, out bad))
            return bad.ToResult(context);
        var caller = context.Caller();
        if (preview == true)
        {
            var dryRun = await carts.PreviewCheckoutAsync(caller, id, cart, context.RequestAborted);
            return dryRun.Map(context, p => Results.Json(new CheckoutPreviewResource([OrderingResources.Order(p.Order)],
                p.Ledger.Select(LedgerEntryResource.From).ToList(), new ResourceAttributes("CartCheckoutPreview")), Json.Options));
        }

        var result = await carts.CheckoutAsync(caller, id, cart, context.RequestAborted);
        if (result.IsSuccess)
        {
            return Results.Json(
                new CheckoutResultResource([OrderingResources.Order(result.Value.Order)], [], new ResourceAttributes("CartCheckoutResult")),
                Json.Options, statusCode: StatusCodes.Status201Created);
        }

        // A refused checkout lists each line's error in data, as the cart now shows them.
        var body = ApiErrors.Body(result.Refusal!, context);
        if (result.Refusal!.Error == ErrorCodes.CartLinesInvalid && (await carts.GetAsync(caller, id, cart, context.RequestAborted)) is { IsSuccess: true } saved)
        {
            var culture = ApiErrors.Culture(context);
            body = body with { Data = saved.Value.Lines.Where(l => l.Error is not null).Select(l => (object)new { lineItemId = l.Id, error = OrderingResources.Error(l.Error!, culture) }).ToList() };
        }

        return Results.Json(body, Json.Options, statusCode: result.Refusal.Error.Status);
    }

    private static async Task<IResult> CreateOrderAsync(HttpContext context, PlaceOrder placeOrder, string customerId, OrderInput input)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        var cycle = BillingCycleOf(input.BillingCycle);
        if (!cycle.IsSuccess)
            return cycle.Refusal!.ToResult(context);
        if (input.LineItems?.Any(l => l is null) == true)
            return Refusal.Of(ErrorCodes.InvalidRequestInput, "lineItems may not contain null").ToResult(context);
        var lines = new List<OrderLineInput>();
        foreach (var (line, index) in (input.LineItems ?? []).Select((l, i) => (l, i)))
        {
            var parentText = line.ParentSubscriptionId ?? Context(line.ProvisioningContext, "ParentSubscriptionId");
            Guid? parent = null;
            if (parentText is not null)
            {
                if (!Guid.TryParse(parentText, out var p))
                    return Refusal.Of(ErrorCodes.InvalidProperty, "parentSubscriptionId", "must be a subscription id (GUID)").ToResult(context);
                parent = p;
            }

            // Lines are numbered by their position (0..n-1), as Partner Center numbers order lines.
            lines.Add(new OrderLineInput(index, line.OfferId, line.Quantity, cycle.Value, line.TermDuration, line.FriendlyName, parent));
        }

        var result = await placeOrder.RunAsync(context.Caller(), id, lines, context.RequestAborted);
        return result.Map(context, o => Results.Json(OrderingResources.Order(o), Json.Options, statusCode: StatusCodes.Status201Created));
    }

    /// <summary>GET …/orders[?billingType=monthly|annual|one_time|…]: the customer's orders, or those of one billing cycle.</summary>
    private static async Task<IResult> ListOrdersAsync(HttpContext context, OrderQueries queries, string customerId, [FromQuery] string? billingType)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        // The SDK's "unknown" is no filter; its "none" (trials) and "biennial" name cycles no OpenCsp order has.
        var none = billingType?.Trim().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() is "none" or "biennial";
        var cycle = none ? default : EnumValues.ParseUnlessUnset<BillingCycle>(billingType, "billingType");
        if (cycle.Refusal is { } unknown)
            return unknown.ToResult(context);
        var result = await queries.OrdersAsync(context.Caller(), id, context.RequestAborted, cycle.Value);
        return result.Map(context, orders =>
        {
            var items = none ? [] : orders.Select(OrderingResources.Order).ToList();
            return Results.Json(new Collection<OrderResource>(items.Count, items, new CollectionLinks(new Link($"/customers/{id}/orders"))), Json.Options);
        });
    }

    private static async Task<IResult> GetOrderAsync(HttpContext context, OrderQueries queries, string customerId, string orderId) =>
        await WithOrderAsync(context, queries, customerId, orderId, o => Results.Json(OrderingResources.Order(o), Json.Options));

    private static async Task<IResult> ProvisioningStatusAsync(HttpContext context, OrderQueries queries, string customerId, string orderId) =>
        await WithOrderAsync(context, queries, customerId, orderId, o =>
        {
            var lines = o.Lines.Select(l => new LineProvisioningResource(l.LineNumber, "fulfilled",
                [new QuantityProvisioningResource(l.Quantity, "fulfilled", new ResourceAttributes("QuantityProvisioningStatus"))],
                new ResourceAttributes("OrderLineItemProvisioningStatus"))).ToList();
            return Results.Json(new Collection<LineProvisioningResource>(lines.Count, lines,
                new CollectionLinks(new Link($"/customers/{o.CustomerId}/orders/{o.Id}/provisioningstatus"))), Json.Options);
        });

    private static async Task<IResult> OrderActivationLinksAsync(HttpContext context, OrderQueries queries, string customerId, string orderId) =>
        await WithOrderAsync(context, queries, customerId, orderId, o => Results.Json(ActivationLinks(o, o.Lines), Json.Options));

    private static async Task<IResult> LineActivationLinksAsync(HttpContext context, OrderQueries queries, string customerId, string orderId, int lineItemNumber) =>
        await WithOrderAsync(context, queries, customerId, orderId, o => o.Lines.Any(l => l.LineNumber == lineItemNumber)
            ? Results.Json(ActivationLinks(o, o.Lines.Where(l => l.LineNumber == lineItemNumber)), Json.Options)
            : Refusal.Of(ErrorCodes.LineItemNumberOutOfRange, o.Lines.Count).ToResult(context));

    /// <summary>ORD-3: an ISV SaaS line links to the publisher's site to finish setting up the account; no e-mail is sent.</summary>
    private static Collection<ActivationLinkResource> ActivationLinks(Order order, IEnumerable<OrderLine> lines)
    {
        var items = lines.Where(l => l.ActivationUri is not null)
            .Select(l => new ActivationLinkResource(l.LineNumber, new Link($"{l.ActivationUri}?subscriptionId={l.SubscriptionId}"))).ToList();
        return new Collection<ActivationLinkResource>(items.Count, items, new CollectionLinks(new Link($"/customers/{order.CustomerId}/orders/{order.Id}/activationlinks")));
    }

    private static async Task<IResult> WithOrderAsync(HttpContext context, OrderQueries queries, string customerId, string orderId, Func<Order, IResult> ok)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad) || !Ids.TryGuid(orderId, ErrorCodes.OrderNotFound, out var order, out bad))
            return bad.ToResult(context);
        var result = await queries.OrderAsync(context.Caller(), id, order, context.RequestAborted);
        return result.Map(context, ok);
    }

    /// <summary>The cart's lines, with any addonItems flattened after their base (the order rules link them, ADD-2).</summary>
    private static Result<IReadOnlyList<OrderLineInput>> Lines(IReadOnlyList<CartLineInput>? items)
    {
        if (items?.Any(i => i is null) == true)
            return Refusal.Of(ErrorCodes.InvalidRequestInput, "lineItems may not contain null");
        if (items?.Any(i => i.AddonItems?.Any(a => a is null) == true) == true)
            return Refusal.Of(ErrorCodes.InvalidRequestInput, "addonItems may not contain null");
        var flat = (items ?? []).SelectMany(item => new[] { (Line: item, Base: (CartLineInput?)null) }
            .Concat((item.AddonItems ?? []).Select(addOn => (Line: addOn, Base: (CartLineInput?)item)))).ToList();
        var lines = new List<OrderLineInput>();
        foreach (var ((item, parentLine), index) in flat.Select((x, i) => (x, i)))
        {
            var cycle = BillingCycleOf(item.BillingCycle ?? parentLine?.BillingCycle);
            if (!cycle.IsSuccess)
                return cycle.Refusal!;
            Guid? parent = null;
            if (Context(item.ProvisioningContext, "ParentSubscriptionId") is { } parentText)
            {
                if (!Guid.TryParse(parentText, out var p))
                    return Refusal.Of(ErrorCodes.InvalidProperty, $"lineItems[{index}].provisioningContext.ParentSubscriptionId", "must be a subscription id (GUID)");
                parent = p;
            }

            lines.Add(new OrderLineInput(index, item.CatalogItemId, item.Quantity, cycle.Value, item.TermDuration ?? parentLine?.TermDuration, item.FriendlyName, parent));
        }

        return lines;
    }

    /// <summary>Partner Center's BillingCycleType; unknown and none (the SDK's unset values, and trials') mean "not given".</summary>
    private static Result<BillingCycle?> BillingCycleOf(string? text) => EnumValues.ParseUnlessUnset<BillingCycle>(text, "billingCycle");

    private static string? Context(Dictionary<string, string?>? context, string key) =>
        context?.FirstOrDefault(kv => kv.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;
}
