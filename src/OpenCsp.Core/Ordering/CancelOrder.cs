using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Software;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Ordering;

/// <summary>The cancel dialog's answer for one line of an order (SW-10): days left, or why not, and whether a support request is the way.</summary>
public sealed record LineCancellation(OrderLine Line, Subscription? Purchase, DateTimeOffset? CancellableUntil, int? DaysLeft, Refusal? Refusal)
{
    public bool SupportRequest => Refusal?.Error == ErrorCodes.SoftwareCancelledBySupportRequest || Refusal?.RuleId == "SW-8";
}

/// <summary>What a cancellation did (or, previewed, would do): the order, the purchases it cancels and the credits they will get.</summary>
public sealed record OrderCancellation(Order Order, IReadOnlyList<Subscription> Purchases, IReadOnlyList<LedgerEntry> Credits, DateTimeOffset AppliesAt, bool Preview);

/// <summary>
/// Partner Center's PATCH order {status: cancelled} for software purchases (SW-8..13): by an admin agent, per order id,
/// inside the window, not for SW-9's exceptions. It is confirmed at once — lines at quantity 0, keys and links blocked —
/// and applied by the due-work engine after the policy's delay (SW-12), when the purchase ends and the credit lands.
/// </summary>
public sealed class CancelOrder(OpenCspDbContext db, TimeProvider clock)
{
    /// <summary>The cancel dialog's data for an order (SW-10): for each line, until when, or why not.</summary>
    public async Task<Result<(Order Order, IReadOnlyList<LineCancellation> Lines)>> CheckAsync(Caller caller, Guid customerId, Guid orderId, CancellationToken ct)
    {
        if (!await db.Customers.VisibleTo(caller).AnyAsync(c => c.Id == customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, ct);
        if (order is null)
            return Refusal.Of(ErrorCodes.OrderNotFound, orderId);
        var purchases = await PurchasesAsync(order, tracked: false, ct);
        var restrictions = await SoftwarePurchases.RestrictionsAsync(db, purchases, ct);
        var now = clock.GetUtcNow();
        var lines = order.Lines.Select(line =>
        {
            var s = purchases.FirstOrDefault(p => p.Id == line.SubscriptionId);
            if (s is null)
                return new LineCancellation(line, null, null, null, Refusal.Of(ErrorCodes.SubscriptionNotFound, line.SubscriptionId?.ToString() ?? ""));
            var (refusal, until, daysLeft) = SoftwarePurchases.Cancellation(s, restrictions[s.Id], now);
            return new LineCancellation(line, s, until, daysLeft, refusal);
        }).ToList();
        return (order, lines);
    }

    /// <param name="lineNumbers">The lines to cancel; none means every line of the order.</param>
    public async Task<Result<OrderCancellation>> RunAsync(Caller caller, Guid customerId, Guid orderId, IReadOnlyList<int>? lineNumbers, bool preview, CancellationToken ct)
    {
        if (!caller.Can(Permission.CancelSoftware))
            return RoleMatrix.Refuse(Permission.CancelSoftware).WithRule("SW-10");
        var customer = await db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);

        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM \"Orders\" WHERE \"Id\" = {orderId} FOR UPDATE", ct);
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, ct);
        if (order is null)
            return Refusal.Of(ErrorCodes.OrderNotFound, orderId);
        var unknown = (lineNumbers ?? []).Where(n => order.Lines.All(l => l.LineNumber != n)).ToList();
        if (unknown.Count > 0)
            return Refusal.Of(ErrorCodes.LineItemNumberOutOfRange, order.Lines.Count);
        var chosen = lineNumbers is { Count: > 0 } ? order.Lines.Where(l => lineNumbers.Contains(l.LineNumber)).ToList() : order.Lines;

        // The purchases' own locks too: a key or download link being issued for one of them finishes first, so its
        // link is among those revoked below, or it sees the cancellation and is refused.
        await db.LockSubscriptionsAsync(ct, [.. order.Lines.Where(l => l.SubscriptionId is not null).Select(l => l.SubscriptionId!.Value)]);
        var now = clock.GetUtcNow();
        var before = Audit.Snapshot(order);
        var purchases = await PurchasesAsync(order, tracked: true, ct);
        var restrictions = await SoftwarePurchases.RestrictionsAsync(db, purchases, ct);
        var cancelled = new List<Subscription>();
        foreach (var line in chosen)
        {
            var s = purchases.FirstOrDefault(p => p.Id == line.SubscriptionId);
            var refusal = s is null
                ? Refusal.Of(ErrorCodes.SubscriptionNotFound, line.SubscriptionId?.ToString() ?? "")
                : SubscriptionLifecycle.RequestSoftwareCancellation(s, restrictions[s.Id], now);
            if (refusal is not null)
            {
                db.DiscardPendingChanges();
                return refusal;
            }

            line.Quantity = 0; // Partner Center shows cancelled lines with quantity 0
            cancelled.Add(s!);
        }

        order.Status = order.Lines.All(l => l.Quantity == 0) ? "cancelled" : "completed";
        var ids = cancelled.Select(s => s.Id).ToList();
        foreach (var link in await db.DownloadLinks.Where(l => ids.Contains(l.SubscriptionId) && l.RevokedAt == null).ToListAsync(ct))
            link.RevokedAt = now; // SW-13: blocked from the moment the cancellation is confirmed

        var appliesAt = cancelled.Max(s => s.CancellationRequestedAt!.Value + SubscriptionLifecycle.PolicyOf(s).SoftwareCancellationDelay);
        if (preview)
        {
            // What the credits will be when the cancellation applies: the same rule, run on copies of the state.
            var effects = new LifecycleEffects();
            var ledger = await db.Ledger.AsNoTracking().Where(l => l.SubscriptionId != null && ids.Contains(l.SubscriptionId.Value)).ToListAsync(ct);
            foreach (var s in cancelled)
                SubscriptionLifecycle.ApplySoftwareCancellation(s, appliesAt, ledger.Where(l => l.SubscriptionId == s.Id).ToList(), effects);
            db.DiscardPendingChanges();
            return new OrderCancellation(order, cancelled, effects.Ledger, appliesAt, Preview: true);
        }

        db.AuditRecords.Add(Audit.Of(order.PartnerId, customer.Id, customer.CompanyName, Audit.Who(caller), "order", order.Id.ToString(), "update_order", now,
            before, Audit.Snapshot(order), ("Status", "cancelled"), ("LineItems", string.Join(",", chosen.Select(l => l.LineNumber))),
            ("AppliesAt", Iso.Format(appliesAt))));
        // A subscription of the order changed meanwhile (a PATCH, the lifecycle worker): nothing is cancelled.
        if (!await db.TrySaveChangesAsync(ct))
            return Refusal.Of(ErrorCodes.SubscriptionNotReady);
        await tx.CommitAsync(ct);
        return new OrderCancellation(order, cancelled, [], appliesAt, Preview: false);
    }

    private async Task<List<Subscription>> PurchasesAsync(Order order, bool tracked, CancellationToken ct)
    {
        var ids = order.Lines.Where(l => l.SubscriptionId is not null).Select(l => l.SubscriptionId!.Value).ToList();
        var query = db.Subscriptions.Where(s => ids.Contains(s.Id));
        return await (tracked ? query : query.AsNoTracking()).ToListAsync(ct);
    }
}
