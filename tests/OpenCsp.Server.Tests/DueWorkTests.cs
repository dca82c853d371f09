using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Data;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Server.Tests.Infrastructure;

namespace OpenCsp.Server.Tests;

/// <summary>The due-work sweep under concurrency: several server instances on one database, each item handled once.</summary>
public sealed class DueWorkTests : ApiTests
{
    /// <summary>An active monthly NCE subscription whose term (started at <paramref name="termStart"/>) ends a month later.</summary>
    internal static Subscription Due(Guid partnerId, Guid customerId, DateTimeOffset termStart) => new()
    {
        Id = Guid.NewGuid(),
        PartnerId = partnerId,
        CustomerId = customerId,
        ProductId = "CFQ7TTC0LH18",
        SkuId = "0001",
        AvailabilityId = "bought-earlier",
        OfferName = "Microsoft 365 Business Basic",
        ProductType = "OnlineServices",
        PublisherName = "Microsoft Corporation",
        IsMicrosoftProduct = true,
        CommerceModel = CommerceModel.NewCommerce,
        Quantity = 2,
        Status = SubscriptionStatus.Active,
        AutoRenewEnabled = true,
        TermDuration = "P1M",
        BillingCycle = BillingCycle.Monthly,
        CreatedAt = termStart,
        TermAnchor = termStart,
        TermStart = termStart,
        TermEnd = termStart.AddMonths(1),
        TermPurchasedAt = termStart,
        BilledThrough = termStart.AddMonths(1),
        StatusChangedAt = termStart,
        UnitPrice = 5m, // the renewal charges today's catalog price, 7.20
        Currency = "USD",
        PolicySet = "seed",
        Version = 1,
    };

    [Theory, MemberData(nameof(Databases))]
    public async Task TwoInstances_RenewAThousandSubscriptions_EachExactlyOnce(Db db)
    {
        await using var first = await OpenCspApp.StartAsync(db);
        first.KeepDatabase = true;
        await using var second = await OpenCspApp.StartAsync(db, reuse: first.Database);
        second.KeepDatabase = true;
        try
        {
            using (var scope = first.Services.CreateScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
                var contoso = await context.Customers.SingleAsync(c => c.Domain == "contoso.onmicrosoft.com", Ct);
                var start = OpenCspApp.Start.AddMonths(-1).AddHours(-1);
                context.Subscriptions.AddRange(Enumerable.Range(0, 1000).Select(_ => Due(contoso.PartnerId, contoso.Id, start)));
                await context.SaveChangesAsync(Ct);
            }

            var handled = await Task.WhenAll(
                Task.Run(() => first.Services.GetRequiredService<DueWork>().RunUntilIdleAsync(Ct), Ct),
                Task.Run(() => second.Services.GetRequiredService<DueWork>().RunUntilIdleAsync(Ct), Ct));
            Assert.Equal(1000, handled.Sum(d => d.Handled));

            using var check = first.Services.CreateScope();
            var read = check.ServiceProvider.GetRequiredService<OpenCspDbContext>();
            var renewals = await read.Ledger.AsNoTracking().Where(l => l.Description.EndsWith("new term")).Select(l => l.SubscriptionId).ToListAsync(Ct);
            Assert.Equal(1000, renewals.Count);
            Assert.Equal(1000, renewals.Distinct().Count());
            var renewed = await read.Subscriptions.AsNoTracking().Where(s => s.TermStart == OpenCspApp.Start.AddHours(-1)).ToListAsync(Ct);
            Assert.Equal(1000, renewed.Count(s => s.Version == 2 && s.UnitPrice == 7.20m && s.TermEnd == OpenCspApp.Start.AddMonths(1).AddHours(-1)));
            Assert.Equal(14.40m, (await read.Ledger.AsNoTracking().FirstAsync(l => l.Description.EndsWith("new term"), Ct)).TotalAmount);
        }
        finally
        {
            second.KeepDatabase = false;
            first.KeepDatabase = false;
        }
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task TheBackgroundWorker_RenewsWhatFallsDue_WithoutAnyRequest(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db, new Dictionary<string, string?>
        {
            ["Lifecycle:Worker"] = "true",
            ["Lifecycle:PollInterval"] = "00:00:00.200",
        });
        Guid id;
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
            var contoso = await context.Customers.SingleAsync(c => c.Domain == "contoso.onmicrosoft.com", Ct);
            var subscription = Due(contoso.PartnerId, contoso.Id, OpenCspApp.Start.AddMonths(-1).AddHours(-1));
            id = subscription.Id;
            context.Subscriptions.Add(subscription);
            await context.SaveChangesAsync(Ct);
        }

        for (var wait = 0; wait < 100; wait++)
        {
            using var scope = app.Services.CreateScope();
            var read = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
            if (await read.Ledger.AnyAsync(l => l.SubscriptionId == id, Ct))
                break;
            await Task.Delay(100, Ct);
        }

        using var check = app.Services.CreateScope();
        var renewed = await check.ServiceProvider.GetRequiredService<OpenCspDbContext>().Subscriptions.AsNoTracking().SingleAsync(s => s.Id == id, Ct);
        Assert.Equal(OpenCspApp.Start.AddHours(-1), renewed.TermStart);
    }

    /// <summary>
    /// The PostgreSQL sweep writes subscriptions, ledger lines and audit records in bulk instead of EF Core's change
    /// tracker: what it writes must read back through EF Core exactly, JSON columns, arrays and nulls included, and a
    /// row changed meanwhile must fail the write instead of being overwritten.
    /// </summary>
    [Fact]
    public async Task PostgresBulk_WritesWhatEfCoreReadsBack_AndRefusesAStaleVersion()
    {
        await using var app = await OpenCspApp.StartAsync(Db.Postgres);
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        var contoso = await context.Customers.SingleAsync(c => c.Domain == "contoso.onmicrosoft.com", Ct);
        var original = Due(contoso.PartnerId, contoso.Id, OpenCspApp.Start.AddMonths(-1));
        context.Subscriptions.Add(original);
        await context.SaveChangesAsync(Ct);
        context.ChangeTracker.Clear();

        var changed = await context.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == original.Id, Ct);
        changed.Quantity = 7;
        changed.Status = SubscriptionStatus.Suspended;
        changed.SuspensionReasons = ["fraud", "credit"];
        changed.DataDeletionAt = OpenCspApp.Start.AddDays(90);
        changed.SeatBatches = [new SeatBatch { Quantity = 5, AddedAt = OpenCspApp.Start, RefundableUntil = OpenCspApp.Start.AddDays(7) }, new SeatBatch { Quantity = 2 }];
        changed.ScheduledChange = new ScheduledChange { ProductId = "CFQ7TTC0LDPB", SkuId = "0001", AvailabilityId = "x", TermDuration = "P1Y", BillingCycle = BillingCycle.Annual, Quantity = 3 };
        changed.FriendlyName = "Ünïcode – 名稱";
        changed.Version++;
        var audit = Core.Activity.Audit.Of(contoso.PartnerId, contoso.Id, contoso.CompanyName, "tester", "subscription", changed.Id.ToString(), "update_subscription",
            OpenCspApp.Start, "{}", null, ("Event", "renewal"));
        var line = new Core.Billing.LedgerEntry
        {
            Id = Guid.CreateVersion7(),
            PartnerId = contoso.PartnerId,
            CustomerId = contoso.Id,
            SubscriptionId = changed.Id,
            Kind = Core.Billing.LedgerEntryKind.ProratedCharge,
            Description = "Ünïcode × 7",
            Quantity = 7,
            UnitPrice = 7.2m,
            NetAmount = 12.34m,
            TaxAmount = 0.01m,
            TotalAmount = 12.35m,
            Currency = "EUR",
            PeriodStart = OpenCspApp.Start,
            PeriodEnd = OpenCspApp.Start.AddMonths(1),
            PostedAt = OpenCspApp.Start,
            PolicySet = "seed",
        };

        await using (var tx = await context.Database.BeginTransactionAsync(Ct))
        {
            await PostgresBulk.UpdateAsync(context, [changed], nameof(Subscription.Version), Ct);
            await PostgresBulk.InsertAsync(context, [audit], Ct);
            await PostgresBulk.InsertAsync(context, [line], Ct);
            await tx.CommitAsync(Ct);
        }

        var read = await context.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == original.Id, Ct);
        AssertSameColumns(context, changed, read);
        Assert.Equal((7, SubscriptionStatus.Suspended, 2, "Ünïcode – 名稱"), (read.Quantity, read.Status, read.Version, read.FriendlyName));
        Assert.Equal(["fraud", "credit"], read.SuspensionReasons);
        Assert.Equal(OpenCspApp.Start.AddDays(90), read.DataDeletionAt);
        Assert.Equal([(5, OpenCspApp.Start.AddDays(7)), (2, default)], read.SeatBatches.Select(b => (b.Quantity, b.RefundableUntil)));
        Assert.Equal(("CFQ7TTC0LDPB", BillingCycle.Annual, 3), (read.ScheduledChange!.ProductId, read.ScheduledChange.BillingCycle, read.ScheduledChange.Quantity));
        Assert.Null(read.ResellerId);
        var readAudit = await context.AuditRecords.AsNoTracking().SingleAsync(a => a.Id == audit.Id, Ct);
        AssertSameColumns(context, audit, readAudit);
        Assert.Equal(("renewal", null), (readAudit.CustomizedData.Single().Value, readAudit.ResourceNewValue));
        AssertSameColumns(context, line, await context.Ledger.AsNoTracking().SingleAsync(l => l.Id == line.Id, Ct));

        // Written again from the same stale copy (version 2 expects a stored 1): refused, and nothing changes.
        changed.Quantity = 9;
        await using (var tx = await context.Database.BeginTransactionAsync(Ct))
        {
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => PostgresBulk.UpdateAsync(context, [changed], nameof(Subscription.Version), Ct));
        }

        Assert.Equal(7, (await context.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == original.Id, Ct)).Quantity);
    }

    /// <summary>Every column EF Core maps for <typeparamref name="T"/> (JSON parts aside) reads back as it was written.</summary>
    private static void AssertSameColumns<T>(OpenCspDbContext context, T written, T read) where T : class
    {
        foreach (var property in context.Model.FindEntityType(typeof(T))!.GetProperties())
        {
            var (expected, actual) = (property.GetGetter().GetClrValue(written), property.GetGetter().GetClrValue(read));
            if (expected is IEnumerable<string> list)
                Assert.Equal(list, (IEnumerable<string>)actual!);
            else
                Assert.True(Equals(expected, actual), $"{typeof(T).Name}.{property.Name}: wrote {expected}, read {actual}");
        }
    }
}
