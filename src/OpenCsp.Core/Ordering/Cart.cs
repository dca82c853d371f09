using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;

namespace OpenCsp.Core.Ordering;

public enum CartStatus
{
    Active,
    Ordered,
}

/// <summary>ORD-1: lines picked from the catalog, reviewed, then bought at checkout. Carts expire (7 days by policy).</summary>
public sealed class Cart
{
    public Guid Id { get; init; }
    public Guid PartnerId { get; init; }
    public Guid CustomerId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastModifiedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; init; }
    public required string LastModifiedUser { get; set; }
    public CartStatus Status { get; set; }
    public Guid? OrderId { get; set; }
    public List<CartLine> Lines { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>A cart line; its error (if any) says why it cannot be bought, as Partner Center fills CartLineItem.error.</summary>
public sealed class CartLine
{
    public int Id { get; set; }
    public required string CatalogItemId { get; set; }
    public string? FriendlyName { get; set; }
    public int Quantity { get; set; }
    public BillingCycle BillingCycle { get; set; }
    public string? TermDuration { get; set; }
    public Guid? ParentSubscriptionId { get; set; }
    public string? Currency { get; set; }
    public LineError? Error { get; set; }
}

/// <summary>A stored refusal of one line: its error key and arguments, described in the reader's language when shown.</summary>
public sealed class LineError
{
    public required string ErrorKey { get; set; }
    public List<string> Args { get; set; } = [];

    public Refusal ToRefusal() => Refusal.Of(ErrorCodes.All.Single(e => e.Key == ErrorKey), [.. Args]);
}
