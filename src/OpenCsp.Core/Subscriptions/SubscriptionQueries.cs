using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Subscriptions;

/// <summary>Something that closes or happens at a time (API.md A3's deadline feed).</summary>
public sealed record Deadline(string Kind, DateTimeOffset At, Guid CustomerId, Guid SubscriptionId, string Subject, string CustomerName = "");

public sealed record AccessAnswer(bool Allowed, SubscriptionStatus Status, string Reason);

public sealed class SubscriptionQueries(OpenCspDbContext db, TimeProvider clock)
{
    /// <summary>
    /// What closes or happens within <paramref name="within"/> across the caller's customers, soonest first: refund and
    /// seat-reduction windows closing (NCE-1, NCE-12), renewals, scheduled changes and trial conversions (NCE-7, NCE-8),
    /// data deletion (SUB-4, NCE-13), software cancellation windows (SW-8) and download links expiring (SW-6).
    /// </summary>
    public async Task<Result<IReadOnlyList<Deadline>>> DeadlinesAsync(Caller caller, IsoDuration within, Guid? customerId, CancellationToken ct)
    {
        var customers = db.Customers.VisibleTo(caller);
        if (customerId is { } only)
        {
            if (!await customers.AnyAsync(c => c.Id == only, ct))
                return Refusal.Of(ErrorCodes.CustomerNotFound, only);
            customers = customers.Where(c => c.Id == only);
        }

        var now = clock.GetUtcNow();
        var horizon = within.AddTo(now);
        var ids = customers.Select(c => c.Id);
        var live = await db.Subscriptions.AsNoTracking()
            .Where(s => ids.Contains(s.CustomerId) && s.Channel == SalesChannel.Partner && s.Status != SubscriptionStatus.Deleted)
            .ToListAsync(ct);
        // SW-6: armed download links expire too.
        var links = await db.DownloadLinks.AsNoTracking()
            .Where(l => ids.Contains(l.CustomerId) && l.RevokedAt == null && l.Downloads < l.MaxDownloads && l.ExpiresAt > now && l.ExpiresAt <= horizon)
            .Select(l => new { l.CustomerId, l.SubscriptionId, l.ExpiresAt }).ToListAsync(ct);
        var names = live.ToDictionary(s => s.Id, s => s.FriendlyName);
        var found = live.SelectMany(DeadlinesOf)
            .Concat(links.Select(l => new Deadline("download_link_expires", l.ExpiresAt, l.CustomerId, l.SubscriptionId, names.GetValueOrDefault(l.SubscriptionId, ""))))
            .Where(d => d.At > now && d.At <= horizon).OrderBy(d => d.At).ThenBy(d => d.SubscriptionId).ToList();
        var named = found.Select(d => d.CustomerId).Distinct().ToList();
        var customerNames = await db.Customers.AsNoTracking().Where(c => named.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CompanyName, ct);
        return found.Select(d => d with { CustomerName = customerNames.GetValueOrDefault(d.CustomerId, "") }).ToList();
    }

    /// <summary>Every deadline of one subscription, past ones included.</summary>
    public static IEnumerable<Deadline> DeadlinesOf(Subscription s)
    {
        Deadline D(string kind, DateTimeOffset at) => new(kind, at, s.CustomerId, s.Id, s.FriendlyName);
        var software = SubscriptionLifecycle.KindOf(s) == SubscriptionKind.Software;
        if (s.CancellationAllowedUntil is { } cancel && s.CancellationRequestedAt is null)
            yield return D(software ? "software_cancellation_window_closes" : "cancellation_window_closes", cancel);
        foreach (var batch in s.SeatBatches.Where(b => b.Quantity > 0))
            yield return D("seat_reduction_window_closes", batch.RefundableUntil);
        if (s.Status == SubscriptionStatus.Active && s.TermEnd > s.TermStart)
        {
            if (s.CancelAtTermEnd)
                yield return D("scheduled_cancellation", s.TermEnd);
            else if (s.AutoRenewEnabled && s.IsTrial)
                yield return D("trial_converts", s.TermEnd);
            else if (s.AutoRenewEnabled && s.ScheduledChange is not null)
                yield return D("scheduled_change_applies", s.TermEnd);
            else if (s.AutoRenewEnabled)
                yield return D("renewal", s.TermEnd);
            else
                yield return D("expiry", s.TermEnd);
        }

        if (SubscriptionLifecycle.DeletionDate(s) is { } deletion)
            yield return D("data_deletion", deletion);
    }

    /// <summary>SUB-3's entitlement check: may a user (or an administrator) of the customer use the subscription now?</summary>
    public async Task<Result<AccessAnswer>> AccessAsync(Caller caller, Guid customerId, Guid subscriptionId, bool admin, CancellationToken ct)
    {
        if (!await db.Customers.VisibleTo(caller).AnyAsync(c => c.Id == customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var s = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == subscriptionId && x.CustomerId == customerId, ct);
        if (s is null)
            return Refusal.Of(ErrorCodes.SubscriptionNotFound, subscriptionId);
        var (allowed, reason) = SubscriptionLifecycle.Access(s, admin);
        return new AccessAnswer(allowed, s.Status, reason);
    }
}
