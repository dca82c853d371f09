using System.Globalization;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;

namespace OpenCsp.Server.Api.Ordering;

// The wire shapes of API.md B §4.3 (Order) and §4.4 (Cart). Inputs take what the SDK sends and ignore the rest.

/// <summary>A cart line; a legacy base bought with its add-ons carries them in addonItems (API.md B §6.2).</summary>
public sealed record CartLineInput(
    int? Id, string? CatalogItemId, string? FriendlyName, int Quantity, string? BillingCycle, string? TermDuration,
    Dictionary<string, string?>? ProvisioningContext, IReadOnlyList<CartLineInput>? AddonItems);

public sealed record CartInput(IReadOnlyList<CartLineInput>? LineItems);

public sealed record OrderLineInputModel(
    int? LineItemNumber, string? OfferId, string? FriendlyName, int Quantity, string? TermDuration, string? ParentSubscriptionId,
    Dictionary<string, string?>? ProvisioningContext);

public sealed record OrderInput(string? BillingCycle, IReadOnlyList<OrderLineInputModel>? LineItems);

public sealed record CartErrorResource(string ErrorCode, string ErrorDescription, Dictionary<string, object?> AdditionalInformation);

public sealed record CartLineResource(
    int Id, string CatalogItemId, string? FriendlyName, int Quantity, string? CurrencyCode, BillingCycle BillingCycle,
    string? TermDuration, Dictionary<string, string>? ProvisioningContext, string OrderGroup, CartErrorResource? Error);

public sealed record CartResource(
    string Id, DateTimeOffset CreationTimestamp, DateTimeOffset LastModifiedTimestamp, DateTimeOffset ExpirationTimestamp,
    string LastModifiedUser, IReadOnlyList<CartLineResource> LineItems, string Status, SelfLinks Links, ResourceAttributes Attributes);

public sealed record OrderLinePricing(decimal ListPrice, decimal Price, decimal ExtendedPrice, decimal ProratedPrice);

public sealed record OrderLineLinks(Link Subscription, Link? ActivationLinks);

public sealed record OrderLineResource(
    int LineItemNumber, string OfferId, string SubscriptionId, string? ParentSubscriptionId, string TermDuration,
    string TransactionType, string FriendlyName, int Quantity, OrderLinePricing Pricing, OrderLineLinks Links, ResourceAttributes Attributes);

public sealed record OrderLinks(Link Self, Link ProvisioningStatus);

public sealed record OrderResource(
    string Id, string AlternateId, string ReferenceCustomerId, BillingCycle BillingCycle, string CurrencyCode,
    IReadOnlyList<OrderLineResource> LineItems, DateTimeOffset CreationDate, string Status, string TransactionType, decimal TotalPrice,
    OrderLinks Links, ResourceAttributes Attributes);

public sealed record CheckoutResultResource(IReadOnlyList<OrderResource> Orders, IReadOnlyList<object> OrderErrors, ResourceAttributes Attributes);

/// <summary>A checkout preview (API.md A3): the order it would place and the ledger lines it would write; nothing is saved.</summary>
public sealed record CheckoutPreviewResource(IReadOnlyList<OrderResource> Orders, IReadOnlyList<Billing.LedgerEntryResource> LedgerEntries, ResourceAttributes Attributes);

public sealed record ActivationLinkResource(int LineItemNumber, Link Link);

public sealed record QuantityProvisioningResource(int Quantity, string Status, ResourceAttributes Attributes);

/// <summary>OrderLineItemProvisioningStatus (API.md B §4.3): OpenCsp provisions every line as the order is placed.</summary>
public sealed record LineProvisioningResource(
    int LineItemNumber, string Status, IReadOnlyList<QuantityProvisioningResource> QuantityProvisioningInformation, ResourceAttributes Attributes);

public static class OrderingResources
{
    public static CartResource Cart(Cart c, CultureInfo culture) => new(
        c.Id.ToString(), c.CreatedAt, c.LastModifiedAt, c.ExpiresAt, c.LastModifiedUser,
        c.Lines.Select(l => new CartLineResource(
            l.Id, l.CatalogItemId, l.FriendlyName, l.Quantity, l.Currency, l.BillingCycle, l.TermDuration,
            l.ParentSubscriptionId is { } p ? new Dictionary<string, string> { ["ParentSubscriptionId"] = p.ToString() } : null,
            "0", l.Error is { } e ? Error(e, culture) : null)).ToList(),
        c.Status == CartStatus.Active ? "Active" : "Ordered",
        new SelfLinks(new Link($"/customers/{c.CustomerId}/carts/{c.Id}")),
        new ResourceAttributes("Cart", Etags.For(c.Id, c.Version)));

    /// <summary>A line's refusal as Partner Center's CartError: its CartErrorCode, description, and our code and rule.</summary>
    public static CartErrorResource Error(LineError e, CultureInfo culture)
    {
        var refusal = e.ToRefusal();
        var code = refusal.Error;
        var cartCode = code.Key switch
        {
            nameof(ErrorCodes.InvalidOfferId) => "catalog_item_id_is_not_valid",
            nameof(ErrorCodes.QuantityOutOfRange) => "max_allowed_seats_per_subscription_exceeded",
            nameof(ErrorCodes.TermNotOffered) => "billing_plan_not_supported",
            nameof(ErrorCodes.OnePerCustomer) or nameof(ErrorCodes.OnePerCustomerReactivate) => "quota_not_available",
            nameof(ErrorCodes.AddOnWithoutBase) or nameof(ErrorCodes.AddOnParentMismatch) => "subscription_is_not_valid",
            _ => "unable_to_process_cart_line_item",
        };
        return new CartErrorResource(cartCode, ErrorText.Describe(refusal, culture),
            new Dictionary<string, object?> { ["code"] = code.Code, ["ruleId"] = code.RuleId });
    }

    public static OrderResource Order(Order o) => new(
        o.Id.ToString(), o.AlternateId, o.CustomerId.ToString(), o.BillingCycle, o.Currency,
        o.Lines.Select(l => new OrderLineResource(
            l.LineNumber, l.OfferId, l.SubscriptionId.ToString()!, l.ParentSubscriptionId?.ToString(), l.TermDuration, "New", l.FriendlyName,
            l.Quantity, new OrderLinePricing(l.UnitPrice, l.UnitPrice, Money.RoundToCents(l.UnitPrice * l.Quantity), l.FirstCharge),
            new OrderLineLinks(
                new Link($"/customers/{o.CustomerId}/subscriptions/{l.SubscriptionId}"),
                l.ActivationUri is null ? null : new Link($"/customers/{o.CustomerId}/orders/{o.Id}/lineitems/{l.LineNumber}/activationlinks")),
            new ResourceAttributes("OrderLineItem"))).ToList(),
        o.CreatedAt, o.Status, "UserPurchase", o.Lines.Sum(l => l.FirstCharge),
        new OrderLinks(new Link($"/customers/{o.CustomerId}/orders/{o.Id}"), new Link($"/customers/{o.CustomerId}/orders/{o.Id}/provisioningstatus")),
        new ResourceAttributes("Order"));
}
