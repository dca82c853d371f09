using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Policies;
using OpenCsp.Core.Software;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Tests.Software;

/// <summary>Software cancellation on its edges (SW-8, SW-9, SW-12, SW-13), per policy set (POL-1), with exact times.</summary>
public sealed class SoftwareRuleTests
{
    private static readonly DateTimeOffset Bought = new(2026, 5, 10, 8, 30, 0, TimeSpan.Zero);

    private static (Subscription, List<LedgerEntry>) Purchase(bool perpetual, PolicySet? policy = null)
    {
        policy ??= PolicySet.Seed;
        var start = SubscriptionTerms.StartOfDay(Bought);
        var s = new Subscription
        {
            Id = Guid.NewGuid(),
            ProductId = "DG7GMGF0D5RK",
            SkuId = "0001",
            AvailabilityId = "A",
            OfferName = "Windows Server 2022 Standard",
            ProductType = "Software",
            PublisherName = "Microsoft Corporation",
            IsMicrosoftProduct = true,
            CommerceModel = CommerceModel.NewCommerce,
            Quantity = 2,
            Status = SubscriptionStatus.Active,
            TermDuration = perpetual ? "" : "P1Y",
            BillingCycle = perpetual ? BillingCycle.OneTime : BillingCycle.Annual,
            CreatedAt = Bought,
            TermAnchor = start,
            TermStart = start,
            TermEnd = perpetual ? start : start.AddYears(1),
            TermPurchasedAt = Bought,
            UnitPrice = 365m,
            Currency = "USD",
            PolicySet = policy.Name,
            CancellationAllowedUntil = Bought + (perpetual ? policy.PerpetualSoftwareCancellationWindow : policy.SoftwareSubscriptionCancellationWindow),
        };
        var (periodStart, periodEnd) = SubscriptionTerms.PeriodOf(s, Bought);
        s.BilledThrough = periodEnd;
        return (s, [SubscriptionCharges.Charge(s, 2, 1, periodStart, periodEnd, Bought, "purchase")]);
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(60, false)]
    [InlineData(61, false)]
    public void SW8_APurchaseCanBeCancelledWithin60DaysOfItsPurchase(int days, bool allowed)
    {
        var (s, _) = Purchase(perpetual: true);
        var refusal = SubscriptionLifecycle.SoftwareCancellable(s, null, Bought.AddDays(days));
        Assert.Equal(allowed, refusal is null);
        if (!allowed)
        {
            Assert.Equal((ErrorCodes.CancellationWindowPassedDays, "SW-8", Bought.AddDays(60)), (refusal!.Error, refusal.RuleId, refusal.PossibleUntil));
            Assert.Equal([60], refusal.Args);
        }
    }

    [Theory]
    [InlineData(true, 29, true)]
    [InlineData(true, 31, false)]
    [InlineData(false, 6, true)]
    [InlineData(false, 8, false)]
    public void POL1_PartnerCenter2023_Gives30DaysForPerpetualAnd7ForSoftwareSubscriptions_SW8(bool perpetual, int days, bool allowed)
    {
        var (s, _) = Purchase(perpetual, PolicySet.PartnerCenter2023);
        Assert.Equal(allowed, SubscriptionLifecycle.SoftwareCancellable(s, null, Bought.AddDays(days)) is null);
    }

    [Fact]
    public void SW9_Windows7EsuOnlyBySupportRequest_SuseNever_AndOnlySoftwareByOrder()
    {
        var (s, _) = Purchase(perpetual: true);
        Assert.Equal(ErrorCodes.SoftwareCancelledBySupportRequest, SubscriptionLifecycle.SoftwareCancellable(s, CancellationRestriction.SupportRequestOnly, Bought)!.Error);
        Assert.Equal(ErrorCodes.SoftwareNotCancellable, SubscriptionLifecycle.SoftwareCancellable(s, CancellationRestriction.NotCancellable, Bought)!.Error);
        var nce = new Subscription
        {
            ProductId = "CFQ7TTC0LH18",
            SkuId = "0001",
            AvailabilityId = "A",
            OfferName = "Microsoft 365",
            ProductType = "OnlineServices",
            PublisherName = "Microsoft Corporation",
            IsMicrosoftProduct = true,
            CommerceModel = CommerceModel.NewCommerce,
            TermDuration = "P1M",
            Currency = "USD",
            PolicySet = "seed",
        };
        Assert.Equal(ErrorCodes.OnlySoftwareCancellable, SubscriptionLifecycle.SoftwareCancellable(nce, null, Bought)!.Error);
    }

    [Fact]
    public void SW12_ACancellationIsPendingForTheDelay_ThenApplies_AndCannotBeRequestedTwice()
    {
        var (s, _) = Purchase(perpetual: true);
        var at = Bought.AddDays(3);
        Assert.Null(SubscriptionLifecycle.RequestSoftwareCancellation(s, null, at));
        Assert.Equal("cancellation_pending", SoftwarePurchases.Status(s));
        Assert.Equal((LifecycleEvent.SoftwareCancellation, at.AddMinutes(15)), SubscriptionLifecycle.NextEvent(s));
        Assert.Equal(ErrorCodes.SoftwareAlreadyCancelled, SubscriptionLifecycle.RequestSoftwareCancellation(s, null, at.AddMinutes(1))!.Error);
    }

    [Fact]
    public void SW13_PerpetualSoftwareIsCredited100Percent()
    {
        var (s, lines) = Purchase(perpetual: true);
        SubscriptionLifecycle.RequestSoftwareCancellation(s, null, Bought.AddDays(20));
        var effects = new LifecycleEffects();
        SubscriptionLifecycle.ApplySoftwareCancellation(s, Bought.AddDays(20).AddMinutes(15), lines, effects);
        Assert.Equal(-730.00m, Assert.Single(effects.Ledger).NetAmount);
        Assert.Equal(("cancelled", SubscriptionStatus.Deleted), (SoftwarePurchases.Status(s), s.Status));
    }

    [Fact]
    public void SW13_ASoftwareSubscriptionIsCreditedForTheUnusedDays_FromTheDayAfterTheRequest()
    {
        var (s, lines) = Purchase(perpetual: false);
        // 2026-05-10 → 2027-05-10 is 365 days; cancelled on day 20 (2026-05-30): days 21..364 (344 days) come back.
        SubscriptionLifecycle.RequestSoftwareCancellation(s, null, Bought.AddDays(20));
        var effects = new LifecycleEffects();
        SubscriptionLifecycle.ApplySoftwareCancellation(s, Bought.AddDays(20).AddMinutes(15), lines, effects);
        Assert.Equal(-Money.RoundToCents(730m * 344 / 365), Assert.Single(effects.Ledger).NetAmount);
    }
}
