using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Subscriptions;

/// <summary>What a sweep did: the due events it handled, and the billing periods it closed after them.</summary>
public sealed record DueWorkDone(int Handled, IReadOnlyList<BillingRunResult> Closed);

/// <summary>
/// Runs what has fallen due: billing periods, renewals and trial conversions, expiry steps and data deletion (NCE-13,
/// SUB-4, BILL-1). Each subscription's next event time is its due item (<see cref="Subscription.NextDueAt"/>, indexed);
/// a sweep claims a batch of due rows — with <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, so any number of server
/// instances can sweep at once — handles each row's earliest event at that event's own time, and commits the batch
/// with its ledger lines and audit records. Handling is idempotent: the row's state says what is next, so a crash
/// only delays an item. A batch that fails is retried row by row, and a row that fails alone is put back an hour.
/// </summary>
public sealed class DueWork(IServiceScopeFactory scopes, CatalogCache catalog, TimeProvider clock, ILogger<DueWork> log) : IDisposable
{
    public const int BatchSize = 500;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromHours(1);

    // One claimer per process; across processes PostgreSQL's row locks (and SQLite's single writer) keep claims apart.
    private readonly SemaphoreSlim gate = new(1, 1);

    public void Dispose() => gate.Dispose();

    /// <summary>
    /// Sweeps until nothing is due at the current time, then closes the billing periods that ended (BILL-1), so their
    /// invoices carry the charges the sweep just posted. On PostgreSQL <paramref name="parallelism"/> sweeps claim side
    /// by side (SKIP LOCKED keeps them apart); the test clock uses one, so that everything runs in time order.
    /// </summary>
    public async Task<DueWorkDone> RunUntilIdleAsync(CancellationToken ct, int parallelism = 1)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sweeps = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>().Database.IsNpgsql() ? Math.Max(1, parallelism) : 1;
            var handled = await Task.WhenAll(Enumerable.Range(0, sweeps).Select(_ => Task.Run(() => LoopAsync(ct), ct)));
            var closed = await scope.ServiceProvider.GetRequiredService<RunBilling>().CloseEndedPeriodsAsync(ct);
            return new DueWorkDone(handled.Sum(), closed);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> LoopAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var (claimed, handled) = await SweepAsync(BatchSize, ct);
            total += handled;
            if (claimed == 0 || handled == 0)
                return total;
        }
    }

    private async Task<(int Claimed, int Handled)> SweepAsync(int size, CancellationToken ct)
    {
        List<Guid> claimedIds = [];
        try
        {
            return await ProcessAsync(null, size, ids => claimedIds = ids, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "A due-work batch of {Count} failed; retrying its items one by one", claimedIds.Count);
            var handled = 0;
            foreach (var id in claimedIds)
                handled += await ProcessOneAsync(id, ct);
            return (claimedIds.Count, handled);
        }
    }

    private async Task<int> ProcessOneAsync(Guid id, CancellationToken ct)
    {
        try
        {
            return (await ProcessAsync(id, 1, _ => { }, ct)).Handled;
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0; // changed by a request meanwhile: its save set the next due time afresh
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Due work for subscription {SubscriptionId} failed; it is retried in {Delay}", id, RetryDelay);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
            var later = clock.GetUtcNow() + RetryDelay;
            await db.Subscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextDueAt, later), ct);
            return 0;
        }
    }

    private async Task<(int Claimed, int Handled)> ProcessAsync(Guid? only, int size, Action<List<Guid>> claimedIds, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // On PostgreSQL the batch is read untracked and written in bulk (PostgresBulk): tracking thousands of rows cost
        // more than the rules. SQLite, one writer and small data, keeps EF Core's change tracker.
        var bulk = db.Database.IsNpgsql();
        var claimed = await ClaimAsync(db, only, size, now, ct);
        claimedIds([.. claimed.Select(s => s.Id)]);
        if (claimed.Count == 0)
            return (0, 0);

        var ids = claimed.Select(s => s.Id).ToList();
        var customerIds = claimed.Select(s => s.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var byId = claimed.ToDictionary(s => s.Id);
        // One object per row, as the change tracker would give: an add-on claimed for its own event is the same object in its base's family.
        var addOns = (await (bulk ? db.Subscriptions.AsNoTracking() : db.Subscriptions).Where(s => s.ParentSubscriptionId != null && ids.Contains(s.ParentSubscriptionId.Value)).ToListAsync(ct))
            .Select(a => byId.GetValueOrDefault(a.Id) ?? a).ToLookup(s => s.ParentSubscriptionId!.Value);
        var pricing = new RenewalPricing(db, catalog);
        var effects = new LifecycleEffects();
        var written = new Dictionary<Guid, Subscription>();
        var audits = new List<AuditRecord>();
        var handled = 0;
        foreach (var s in claimed)
        {
            if (SubscriptionLifecycle.NextEvent(s) is not { } due || due.At > now)
                continue;
            var customer = customers[s.CustomerId];
            var family = due.Event == LifecycleEvent.TermEnd
                ? addOns[s.Id].Where(a => a.Status is SubscriptionStatus.Active or SubscriptionStatus.Suspended).Prepend(s).ToList()
                : [s];
            var before = family.ToDictionary(x => x.Id, UpdateSubscription.Snapshot);
            foreach (var x in family)
                written.TryAdd(x.Id, x);

            var converting = s.IsTrial;
            switch (due.Event)
            {
                case LifecycleEvent.BillingPeriod:
                    SubscriptionLifecycle.BillNextPeriod(s, due.At, effects);
                    break;
                case LifecycleEvent.TermEnd:
                    foreach (var x in family)
                    {
                        // ADD-6: an add-on renews only with its base, and ends with it.
                        var renews = x.Status == SubscriptionStatus.Active && x.AutoRenewEnabled && !x.CancelAtTermEnd
                                     && (x == s || s.Status == SubscriptionStatus.Active);
                        var legacyDeletion = SubscriptionLifecycle.KindOf(x) == SubscriptionKind.Legacy && x.Status == SubscriptionStatus.Active && !renews
                            ? SubscriptionLifecycle.DataDeletionDeadline(due.At, customer.AccountOpenedAt,
                                await UpdateSubscription.FirstBillingStartAsync(db, x.CustomerId, ct), SubscriptionLifecycle.PolicyOf(x))
                            : due.At;
                        SubscriptionLifecycle.EndTerm(x, due.At, renews ? await pricing.RenewalTermsAsync(x, customer, ct) : null, legacyDeletion, effects,
                            baseTermEnd: x == s ? null : s.TermEnd);
                    }

                    break;
                case LifecycleEvent.DataDeletion or LifecycleEvent.DisabledEnds:
                    SubscriptionLifecycle.Delete(s, due.At);
                    break;
                case LifecycleEvent.ExpiredEnds:
                    SubscriptionLifecycle.Disable(s, due.At);
                    break;
                case LifecycleEvent.SoftwareCancellation:
                    var lines = await db.Ledger.AsNoTracking().Where(l => l.SubscriptionId == s.Id).ToListAsync(ct);
                    SubscriptionLifecycle.ApplySoftwareCancellation(s, due.At, lines, effects);
                    break;
            }

            foreach (var x in family.Where(x => UpdateSubscription.Snapshot(x) != before[x.Id] || x == s))
            {
                var operation = converting && !x.IsTrial && x == s ? "convert_trial_subscription" : "update_subscription";
                audits.Add(Audit.Of(x.PartnerId, x.CustomerId, customer.CompanyName, Audit.System, "subscription", x.Id.ToString(), operation, due.At,
                    Audit.Snapshot(before[x.Id]), Audit.Snapshot(UpdateSubscription.Snapshot(x)), ("Event", Naming.Kebab(due.Event.ToString()))));
            }

            handled++;
        }

        if (bulk)
        {
            foreach (var x in written.Values)
            {
                // What OpenCspDbContext.SaveChangesAsync does for a tracked subscription: the next etag and due time.
                x.Version++;
                x.NextDueAt = SubscriptionLifecycle.NextEvent(x)?.At;
            }

            await PostgresBulk.UpdateAsync(db, written.Values, nameof(Subscription.Version), ct);
            await PostgresBulk.InsertAsync(db, effects.Ledger, ct);
            await PostgresBulk.InsertAsync(db, audits, ct);
        }
        else
        {
            db.Ledger.AddRange(effects.Ledger);
            db.AuditRecords.AddRange(audits);
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return (claimed.Count, handled);
    }

    private static async Task<List<Subscription>> ClaimAsync(OpenCspDbContext db, Guid? only, int size, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            var query = only is { } id
                ? db.Subscriptions.FromSqlInterpolated($"SELECT * FROM \"Subscriptions\" WHERE \"Id\" = {id} AND \"NextDueAt\" <= {now} FOR UPDATE SKIP LOCKED")
                : db.Subscriptions.FromSqlInterpolated($"SELECT * FROM \"Subscriptions\" WHERE \"NextDueAt\" <= {now} ORDER BY \"NextDueAt\" LIMIT {size} FOR UPDATE SKIP LOCKED");
            return (await query.AsNoTracking().ToListAsync(ct)).OrderBy(s => s.NextDueAt).ToList();
        }

        var due = db.Subscriptions.Where(s => s.NextDueAt <= now);
        if (only is { } one)
            due = due.Where(s => s.Id == one);
        return await due.OrderBy(s => s.NextDueAt).Take(size).ToListAsync(ct);
    }

    /// <summary>Prices a renewal from the catalog (<see cref="CatalogCache"/>), reading each product and market once per batch.</summary>
    private sealed class RenewalPricing(OpenCspDbContext db, CatalogCache catalog)
    {
        private readonly Dictionary<(string Product, string Country), CatalogRows> read = [];

        /// <summary>The next term: the scheduled change (NCE-7), a trial's paid SKU (NCE-8, ORD-4), or the same again at today's price.</summary>
        public async Task<RenewalTerms?> RenewalTermsAsync(Subscription s, Customer customer, CancellationToken ct)
        {
            if (s.ScheduledChange is { } change)
                return await PriceAsync(change.ProductId, change.SkuId, customer.Country, [(change.TermDuration, change.BillingCycle)], change.Quantity, ct);
            if (s.IsTrial && s.TrialConvertsTo?.Split(':') is [var product, var sku, ..])
                return await PriceAsync(product, sku, customer.Country, [(s.TermDuration, s.BillingCycle), ("P1Y", BillingCycle.Monthly)], s.Quantity, ct, anyTerm: true);
            return await PriceAsync(s.ProductId, s.SkuId, customer.Country, [(s.TermDuration, s.BillingCycle)], s.Quantity, ct)
                   ?? new RenewalTerms(s.ProductId, s.SkuId, s.AvailabilityId, s.OfferName, s.TermDuration, s.BillingCycle, s.UnitPrice, s.Quantity);
        }

        private async Task<RenewalTerms?> PriceAsync(string productId, string skuId, string country, (string Duration, BillingCycle Cycle)[] wanted,
            int quantity, CancellationToken ct, bool anyTerm = false)
        {
            if (!read.TryGetValue((productId, country), out var rows))
                read[(productId, country)] = rows = await catalog.ReadAsync(db, [productId], country, ct);
            var sku = rows.Skus.FirstOrDefault(k => k.ProductId == productId && k.Id == skuId);
            var availability = rows.Availabilities.FirstOrDefault(a => a.ProductId == productId && a.SkuId == skuId && a.Country == country);
            if (sku is null || availability is null)
                return null;
            var term = wanted.Select(w => availability.Term(w.Duration, w.Cycle)).FirstOrDefault(t => t is not null)
                       ?? (anyTerm ? availability.Terms.FirstOrDefault() : null);
            return term is null
                ? null
                : new RenewalTerms(productId, skuId, availability.Id, sku.Title, term.Duration, term.BillingCycle, term.UnitPrice, quantity);
        }
    }
}
