using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Ordering;

/// <summary>Reading a customer's orders and subscriptions; another partner's customer does not exist for the caller.</summary>
public sealed class OrderQueries(OpenCspDbContext db)
{
    /// <summary>A customer's orders, oldest first; optionally those of one billing cycle.</summary>
    public async Task<Result<IReadOnlyList<Order>>> OrdersAsync(Caller caller, Guid customerId, CancellationToken ct, BillingCycle? cycle = null)
    {
        if (!await VisibleAsync(caller, customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var query = db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId);
        if (cycle is { } wanted)
            query = query.Where(o => o.BillingCycle == wanted);
        return await query.OrderBy(o => o.CreatedAt).ToListAsync(ct);
    }

    public async Task<Result<Order>> OrderAsync(Caller caller, Guid customerId, Guid orderId, CancellationToken ct)
    {
        if (!await VisibleAsync(caller, customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        return await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, ct) is { } order
            ? order
            : Refusal.Of(ErrorCodes.OrderNotFound, orderId);
    }

    /// <summary>
    /// All of a customer's subscriptions, those bought elsewhere included (CUS-3); optionally one order's, or those sold
    /// through one reseller of record (its MPN id).
    /// </summary>
    public async Task<Result<IReadOnlyList<Subscription>>> SubscriptionsAsync(Caller caller, Guid customerId, Guid? orderId, CancellationToken ct,
        string? resellerMpnId = null)
    {
        if (!await VisibleAsync(caller, customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var query = db.Subscriptions.AsNoTracking().Where(s => s.CustomerId == customerId);
        if (orderId is { } id)
            query = query.Where(s => s.OrderId == id);
        if (resellerMpnId?.Trim() is { Length: > 0 } mpn)
            query = query.Where(s => db.Partners.Any(p => p.Id == s.ResellerId && p.MpnId == mpn));
        return await query.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
    }

    public async Task<Result<Subscription>> SubscriptionAsync(Caller caller, Guid customerId, Guid subscriptionId, CancellationToken ct)
    {
        if (!await VisibleAsync(caller, customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        return await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriptionId && s.CustomerId == customerId, ct) is { } subscription
            ? subscription
            : Refusal.Of(ErrorCodes.SubscriptionNotFound, subscriptionId);
    }

    /// <summary>Add-ons bought on top of a subscription (ADD-*): GET …/subscriptions/{id}/addons.</summary>
    public async Task<Result<IReadOnlyList<Subscription>>> AddOnsAsync(Caller caller, Guid customerId, Guid subscriptionId, CancellationToken ct)
    {
        var parent = await SubscriptionAsync(caller, customerId, subscriptionId, ct);
        if (!parent.IsSuccess)
            return parent.Refusal!;
        return await db.Subscriptions.AsNoTracking().Where(s => s.ParentSubscriptionId == subscriptionId).OrderBy(s => s.CreatedAt).ToListAsync(ct);
    }

    /// <summary>The product:sku pairs some add-on names as a prerequisite: subscriptions to them have purchasable add-ons (ADD-2).</summary>
    public async Task<IReadOnlySet<string>> BasesWithAddOnsAsync(CancellationToken ct) =>
        (await db.Skus.AsNoTracking().Where(s => s.IsAddOn).Select(s => s.Prerequisites).ToListAsync(ct))
        .SelectMany(p => p).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private Task<bool> VisibleAsync(Caller caller, Guid customerId, CancellationToken ct) =>
        db.Customers.VisibleTo(caller).AnyAsync(c => c.Id == customerId, ct);
}
