using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Policies;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Tests.Subscriptions;

/// <summary>The state machine's rules on their edges, with exact times (no clock needed: every rule takes "now").</summary>
public sealed class LifecycleRuleTests
{
    private static readonly DateTimeOffset Bought = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Utc(int y, int m, int d, int h = 0, int min = 0, int s = 0) => new(y, m, d, h, min, s, TimeSpan.Zero);

    /// <summary>An annual, annually billed new-commerce subscription of 10 seats at 120.00, bought at <see cref="Bought"/>, and its charge.</summary>
    private static (Subscription, List<LedgerEntry>) Annual(PolicySet? policy = null, string productType = "OnlineServices", bool microsoft = true,
        BillingCycle cycle = BillingCycle.Annual, CommerceModel model = CommerceModel.NewCommerce, BillingType billing = BillingType.License)
    {
        policy ??= PolicySet.Seed;
        var start = SubscriptionTerms.StartOfDay(Bought);
        var s = new Subscription
        {
            Id = Guid.NewGuid(),
            ProductId = "P",
            SkuId = "0001",
            AvailabilityId = "A",
            OfferName = "Offer",
            ProductType = productType,
            PublisherName = microsoft ? "Microsoft Corporation" : "Contoso",
            IsMicrosoftProduct = microsoft,
            CommerceModel = model,
            BillingType = billing,
            Quantity = 10,
            Status = SubscriptionStatus.Active,
            AutoRenewEnabled = true,
            TermDuration = "P1Y",
            BillingCycle = cycle,
            CreatedAt = Bought,
            TermAnchor = start,
            TermStart = start,
            TermEnd = start.AddYears(1),
            TermPurchasedAt = Bought,
            UnitPrice = 120m,
            Currency = "USD",
            PolicySet = policy.Name,
            CancellationAllowedUntil = Bought + (microsoft ? policy.NceCancellationWindow : cycle == BillingCycle.Monthly ? policy.IsvMonthlyRefundWindow : policy.IsvAnnualRefundWindow),
            SeatBatches = [new SeatBatch { Quantity = 10, AddedAt = Bought, RefundableUntil = Bought + policy.NceSeatReductionWindow }],
        };
        var (periodStart, periodEnd) = SubscriptionTerms.PeriodOf(s, Bought);
        s.BilledThrough = periodEnd;
        return (s, [SubscriptionCharges.Charge(s, 10, 1, periodStart, periodEnd, Bought, "first term")]);
    }

    private static (Refusal? Refusal, LifecycleEffects Effects) Cancel(Subscription s, List<LedgerEntry> lines, DateTimeOffset at)
    {
        var effects = new LifecycleEffects();
        return (SubscriptionLifecycle.Cancel(s, at, _ => lines, [], effects), effects);
    }

    [Theory]
    [InlineData(40, 120)] // 90 + 40 = 130, bounded at 120
    [InlineData(30, 120)]
    [InlineData(29, 119)]
    [InlineData(10, 100)]
    [InlineData(0, 90)]
    public void SUB4_DeadlineIs90DaysPlusTheDaysBeforeTheFirstBillingPeriod_AtMost120(int daysBeforeFirstPeriod, int expectedDays)
    {
        var firstPeriod = Utc(2026, 1, 10);
        var suspended = Utc(2026, 6, 1, 15, 30);
        var deadline = SubscriptionLifecycle.DataDeletionDeadline(suspended, firstPeriod.AddDays(-daysBeforeFirstPeriod), firstPeriod, PolicySet.Seed);
        Assert.Equal(suspended.AddDays(expectedDays), deadline);
    }

    [Fact]
    public void SUB4_WithoutABillingPeriodYet_CountsTheDaysToTheSuspension()
    {
        var suspended = Utc(2026, 6, 1);
        Assert.Equal(suspended.AddDays(95), SubscriptionLifecycle.DataDeletionDeadline(suspended, suspended.AddDays(-5), null, PolicySet.Seed));
        Assert.Equal(suspended.AddDays(95), SubscriptionLifecycle.DataDeletionDeadline(suspended, suspended.AddDays(-5), suspended.AddDays(3), PolicySet.Seed));
    }

    [Fact]
    public void NCE1_At23h59_RefundsEverything()
    {
        var (s, lines) = Annual();
        var (refusal, effects) = Cancel(s, lines, Bought.AddHours(23).AddMinutes(59));
        Assert.Null(refusal);
        Assert.Equal(SubscriptionStatus.Deleted, s.Status);
        Assert.Equal(-1200m, Assert.Single(effects.Ledger).TotalAmount);
    }

    [Fact]
    public void NCE1_At24h00m01s_RefundsTheUnusedDays()
    {
        var (s, lines) = Annual();
        var (refusal, effects) = Cancel(s, lines, Bought.AddHours(24).AddSeconds(1));
        Assert.Null(refusal);
        // Cancelled on 1 April: 31 March and 1 April are used, 363 of 365 days come back.
        Assert.Equal(Money.RoundToCents(-1200m * 363 / 365), Assert.Single(effects.Ledger).TotalAmount);
    }

    [Fact]
    public void NCE1_OnDay30_CanCancel_OnDay31_IsRefusedWithTheClosingDate()
    {
        var (open, openLines) = Annual();
        Assert.Null(Cancel(open, openLines, Bought.AddDays(30).AddSeconds(-1)).Refusal);

        var (closed, closedLines) = Annual();
        var refusal = Cancel(closed, closedLines, Bought.AddDays(30).AddSeconds(1)).Refusal!;
        Assert.Equal(ErrorCodes.CancellationWindowPassedDays, refusal.Error);
        Assert.Equal(30, refusal.Args[0]);
        Assert.Equal(("NCE-1", Bought.AddDays(30)), (refusal.RuleId, refusal.PossibleUntil));
        Assert.Equal(SubscriptionStatus.Active, closed.Status);
    }

    [Fact]
    public void POL1_PartnerCenter2023_ClosesCancellationAfter168Hours_AndTheSubscriptionKeepsItsSet()
    {
        var (s, lines) = Annual(PolicySet.PartnerCenter2023);
        var refusal = Cancel(s, lines, Bought.AddHours(168).AddSeconds(1)).Refusal!;
        Assert.Equal((ErrorCodes.CancellationWindowPassedDays, 7), (refusal.Error, refusal.Args[0]));

        var (early, earlyLines) = Annual(PolicySet.PartnerCenter2023);
        var (ok, effects) = Cancel(early, earlyLines, Bought.AddHours(1));
        Assert.Null(ok);
        Assert.True(effects.Ledger[0].TotalAmount > -1200m); // no full-refund window in this set: prorated from the first hour
    }

    [Fact]
    public void NCE12_SeatsAddedLater_HaveTheirOwnWindow_OlderSeatsMustWaitForRenewal()
    {
        var (s, _) = Annual();
        var effects = new LifecycleEffects();
        Assert.Null(SubscriptionLifecycle.ChangeQuantity(s, 15, 1, 300, Bought.AddDays(10), effects));
        Assert.Equal(LedgerEntryKind.ProratedCharge, Assert.Single(effects.Ledger).Kind);

        Assert.Null(SubscriptionLifecycle.ChangeQuantity(s, 11, 1, 300, Bought.AddDays(31), effects));
        // The four seats leave inside their window: credited for the 333 days from tomorrow to the period's end (of 365).
        Assert.Equal((LedgerEntryKind.Credit, Money.RoundToCents(-120m * 4 * 333 / 365)), (effects.Ledger[^1].Kind, effects.Ledger[^1].TotalAmount));
        var refusal = SubscriptionLifecycle.ChangeQuantity(s, 9, 1, 300, Bought.AddDays(31), effects)!;
        Assert.Equal(ErrorCodes.SeatReductionWindowPassed, refusal.Error);
        Assert.Equal(("NCE-12", s.TermEnd), (refusal.RuleId, refusal.PossibleFrom));
        Assert.Equal(11, s.Quantity);
        Assert.Equal(1, s.SeatBatches.Where(b => b.RefundableUntil > Bought.AddDays(31)).Sum(b => b.Quantity));
    }

    [Fact]
    public void NCE10_AMidTermChange_RemovesTheScheduledChange_NCE3_SuspendingRemovesItToo()
    {
        var (s, _) = Annual();
        var next = new ScheduledChange { ProductId = "P", SkuId = "0002", AvailabilityId = "A", TermDuration = "P1Y", BillingCycle = BillingCycle.Annual, Quantity = 5 };
        Assert.Null(SubscriptionLifecycle.Schedule(s, next));
        Assert.Null(SubscriptionLifecycle.ChangeQuantity(s, 12, 1, 300, Bought.AddDays(2), new LifecycleEffects()));
        Assert.Null(s.ScheduledChange);

        Assert.Null(SubscriptionLifecycle.Schedule(s, next));
        Assert.Null(SubscriptionLifecycle.Suspend(s, SuspensionReason.Fraud, Bought.AddDays(100), Bought.AddDays(3), []));
        Assert.Equal((null, false), (s.ScheduledChange, s.AutoRenewEnabled));
        Assert.Equal(ErrorCodes.ScheduleNeedsActiveAutoRenew, SubscriptionLifecycle.Schedule(s, next)!.Error); // NCE-6
    }

    [Fact]
    public void ISV3_AnnualSaaS_FullCreditInside14Days_AfterwardsEndsAtRenewal()
    {
        var (inside, insideLines) = Annual(productType: "SaaS", microsoft: false);
        Assert.Null(Cancel(inside, insideLines, Bought.AddDays(14).AddSeconds(-1)).Refusal);
        Assert.Equal(SubscriptionStatus.Deleted, inside.Status);

        var (after, afterLines) = Annual(productType: "SaaS", microsoft: false);
        var (refusal, effects) = Cancel(after, afterLines, Bought.AddDays(14).AddSeconds(1));
        Assert.Null(refusal);
        Assert.Empty(effects.Ledger);
        Assert.Equal((SubscriptionStatus.Active, true, false), (after.Status, after.CancelAtTermEnd, after.AutoRenewEnabled));
        SubscriptionLifecycle.EndTerm(after, after.TermEnd, null, after.TermEnd, effects);
        Assert.Equal(SubscriptionStatus.Deleted, after.Status);
    }

    [Fact]
    public void RefundWindows_SayWhatCancellingWouldCredit_NCE1_ISV1_ISV5()
    {
        var (nce, _) = Annual();
        Assert.Equal((Bought.AddHours(24), Bought.AddDays(30)), SubscriptionLifecycle.RefundWindows(nce, Bought.AddHours(1)));
        Assert.Equal((null, Bought.AddDays(30)), SubscriptionLifecycle.RefundWindows(nce, Bought.AddDays(2)));
        Assert.Equal((null, null), SubscriptionLifecycle.RefundWindows(nce, Bought.AddDays(31)));
        var (isv, _) = Annual(productType: "SaaS", microsoft: false);
        Assert.Equal((Bought.AddDays(14), null), SubscriptionLifecycle.RefundWindows(isv, Bought.AddDays(2)));
        var (usage, _) = Annual(productType: "SaaS", microsoft: false, billing: BillingType.Usage);
        Assert.Equal((null, null), SubscriptionLifecycle.RefundWindows(usage, Bought.AddHours(1)));
    }

    [Fact]
    public void TheCatalogStatesTheRefundWindowsAPurchaseOpens_ByItsPolicySet_NCE1_ISV2_ISV3_ISV5_SW8_ORD4_POL1()
    {
        static Product Product(BillingType billing = BillingType.License, CommerceModel model = CommerceModel.NewCommerce) => new()
        { Id = "P", Title = "P", ProductType = "OnlineServices", Publisher = "x", PublisherId = "x", BillingType = billing, CommerceModel = model };
        static Sku Sku(IsvFacts? isv = null, SoftwareKind? software = null, bool trial = false, int freeTrialDays = 0) => new()
        { ProductId = "P", Id = "0001", Title = "S", Isv = isv, SoftwareKind = software, IsTrial = trial, FreeTrialDays = freeTrialDays };
        IReadOnlyList<(string, TimeSpan)> Of(Product p, Sku s, BillingCycle cycle, PolicySet policy) => SubscriptionTerms.RefundPolicy(p, s, cycle, policy);

        Assert.Equal([("Full", TimeSpan.FromHours(24)), ("Partial", TimeSpan.FromDays(30))], Of(Product(), Sku(), BillingCycle.Monthly, PolicySet.Seed));
        Assert.Equal([("Partial", TimeSpan.FromHours(168))], Of(Product(), Sku(), BillingCycle.Monthly, PolicySet.PartnerCenter2023));
        Assert.Equal([("Full", TimeSpan.FromHours(24))], Of(Product(), Sku(new IsvFacts()), BillingCycle.Monthly, PolicySet.Seed));
        Assert.Equal([("Full", TimeSpan.FromDays(14))], Of(Product(), Sku(new IsvFacts()), BillingCycle.Annual, PolicySet.Seed));
        Assert.Empty(Of(Product(BillingType.Usage), Sku(new IsvFacts()), BillingCycle.Monthly, PolicySet.Seed));
        Assert.Equal([("Full", TimeSpan.FromDays(30))], Of(Product(), Sku(software: SoftwareKind.Perpetual), BillingCycle.OneTime, PolicySet.PartnerCenter2023));
        Assert.Equal([("Partial", TimeSpan.FromDays(7))], Of(Product(), Sku(software: SoftwareKind.Subscription), BillingCycle.Annual, PolicySet.PartnerCenter2023));
        Assert.Empty(Of(Product(), Sku(trial: true), BillingCycle.Monthly, PolicySet.Seed));
        Assert.Empty(Of(Product(), Sku(new IsvFacts(), freeTrialDays: 30), BillingCycle.Monthly, PolicySet.Seed)); // ORD-4: starts free
        Assert.Empty(Of(Product(model: CommerceModel.Legacy), Sku(), BillingCycle.Monthly, PolicySet.Seed));
    }

    [Fact]
    public void ISV5_UsageBasedIsv_IsDeprovisionedAtOnce_WithNothingRefunded_EvenInsideTheWindow()
    {
        var (usage, lines) = Annual(productType: "SaaS", microsoft: false, billing: BillingType.Usage);
        var (refusal, effects) = Cancel(usage, lines, Bought.AddHours(1));
        Assert.Null(refusal);
        Assert.Empty(effects.Ledger);
        Assert.Equal(SubscriptionStatus.Deleted, usage.Status);
    }

    [Fact]
    public void SUB3_SuspendedUsersLoseAccess_AdministratorsKeepIt()
    {
        var (s, _) = Annual();
        Assert.True(SubscriptionLifecycle.Access(s, admin: false).Allowed);
        SubscriptionLifecycle.Suspend(s, SuspensionReason.CustomerRequest, Bought.AddDays(90), Bought, []);
        Assert.False(SubscriptionLifecycle.Access(s, admin: false).Allowed);
        Assert.True(SubscriptionLifecycle.Access(s, admin: true).Allowed);
    }

    [Fact]
    public void NCE13_AtTermEnd_AutoRenewRenews_OffExpires_SuspendedIsDisabled()
    {
        var (renewing, _) = Annual();
        var effects = new LifecycleEffects();
        var end = renewing.TermEnd;
        SubscriptionLifecycle.EndTerm(renewing, end, new RenewalTerms("P", "0001", "A", "Offer", "P1Y", BillingCycle.Annual, 130m, 10), end, effects);
        Assert.Equal((SubscriptionStatus.Active, end, end.AddYears(1)), (renewing.Status, renewing.TermStart, renewing.TermEnd));
        Assert.Equal(1300m, Assert.Single(effects.Ledger).TotalAmount);
        Assert.Equal(end + PolicySet.Seed.NceCancellationWindow, renewing.CancellationAllowedUntil); // a renewal opens NCE-1 again

        var (expiring, _) = Annual();
        expiring.AutoRenewEnabled = false;
        SubscriptionLifecycle.EndTerm(expiring, end, null, end, effects);
        Assert.Equal(SubscriptionStatus.Expired, expiring.Status);
        Assert.Equal((LifecycleEvent.ExpiredEnds, end.AddDays(30)), SubscriptionLifecycle.NextEvent(expiring));

        var (suspended, _) = Annual();
        SubscriptionLifecycle.Suspend(suspended, SuspensionReason.Nonpayment, end.AddDays(60), end.AddDays(-30), []);
        SubscriptionLifecycle.EndTerm(suspended, end, null, end, effects);
        Assert.Equal(SubscriptionStatus.Disabled, suspended.Status);
    }

    [Theory]
    [InlineData("2026-01-31", "2026-01-31", "P1M", "2026-02-28")]
    [InlineData("2026-01-31", "2026-02-28", "P1M", "2026-03-31")] // the renewal goes back to the 31st
    [InlineData("2026-01-30", "2026-02-28", "P1M", "2026-03-30")]
    [InlineData("2026-01-29", "2026-01-29", "P1M", "2026-02-28")]
    [InlineData("2028-01-31", "2028-01-31", "P1M", "2028-02-29")] // leap year
    [InlineData("2028-02-29", "2028-02-29", "P1Y", "2029-02-28")]
    [InlineData("2026-12-15", "2026-12-15", "P1Y", "2027-12-15")] // year boundary
    [InlineData("2026-01-31", "2026-02-28", "P1Y", "2027-02-28")]
    public void TermEnds_CountFromTheAnchor_WithMonthEndClamping(string anchor, string start, string term, string end) =>
        Assert.Equal(Day(end), SubscriptionTerms.TermEnd(Day(anchor), Day(start), term));

    private static DateTimeOffset Day(string date) => DateTimeOffset.Parse(date + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void MonthlyBillingInAnAnnualTerm_PeriodsCountFromTheAnchor()
    {
        var (s, _) = Annual(cycle: BillingCycle.Monthly);
        s.TermAnchor = s.TermStart = Utc(2028, 1, 31);
        s.TermEnd = Utc(2029, 1, 31);
        Assert.Equal((Utc(2028, 2, 29), Utc(2028, 3, 31)), SubscriptionTerms.PeriodOf(s, Utc(2028, 3, 5)));
        Assert.Equal((Utc(2028, 12, 31), Utc(2029, 1, 31)), SubscriptionTerms.PeriodOf(s, Utc(2029, 1, 30, 23, 59, 59)));
    }

    [Fact]
    public void BILL4_SuspendedNewCommerceKeepsBeingBilled_LegacyDoesNot()
    {
        var (nce, _) = Annual(cycle: BillingCycle.Monthly);
        SubscriptionLifecycle.Suspend(nce, SuspensionReason.Nonpayment, Bought.AddDays(120), Bought.AddDays(5), []);
        Assert.Equal((LifecycleEvent.BillingPeriod, nce.BilledThrough), SubscriptionLifecycle.NextEvent(nce));

        var (legacy, _) = Annual(cycle: BillingCycle.Monthly, model: CommerceModel.Legacy);
        SubscriptionLifecycle.Suspend(legacy, SuspensionReason.Nonpayment, Bought.AddDays(120), Bought.AddDays(5), []);
        Assert.Equal((LifecycleEvent.DataDeletion, Bought.AddDays(120)), SubscriptionLifecycle.NextEvent(legacy));
    }
}
