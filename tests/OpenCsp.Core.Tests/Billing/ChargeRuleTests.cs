using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Policies;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Tests.Billing;

/// <summary>
/// What the ledger charges and credits, to the cent: proration by whole UTC days (the day of a change counts as used),
/// tax inside or on top of the price by market (CAT-7), and rounding half away from zero, once per line.
/// </summary>
public sealed class ChargeRuleTests
{
    private static DateTimeOffset Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, TimeSpan.Zero);

    /// <summary>A new-commerce subscription of 10 seats at 12.00 a month, bought at <paramref name="bought"/>, with its first charge.</summary>
    private static (Subscription, List<LedgerEntry>) Monthly(DateTimeOffset bought, string term = "P1M", bool microsoft = true)
    {
        var policy = PolicySet.Seed;
        var start = SubscriptionTerms.StartOfDay(bought);
        var s = new Subscription
        {
            Id = Guid.NewGuid(),
            ProductId = "P",
            SkuId = "0001",
            AvailabilityId = "A",
            OfferName = "Offer",
            ProductType = microsoft ? "OnlineServices" : "SaaS",
            PublisherName = microsoft ? "Microsoft Corporation" : "Contoso",
            IsMicrosoftProduct = microsoft,
            CommerceModel = CommerceModel.NewCommerce,
            Quantity = 10,
            Status = SubscriptionStatus.Active,
            AutoRenewEnabled = true,
            TermDuration = term,
            BillingCycle = BillingCycle.Monthly,
            CreatedAt = bought,
            TermAnchor = start,
            TermStart = start,
            TermEnd = term == "P1M" ? start.AddMonths(1) : start.AddYears(1),
            TermPurchasedAt = bought,
            UnitPrice = 12m,
            Currency = "USD",
            PolicySet = policy.Name,
            CancellationAllowedUntil = bought + (microsoft ? policy.NceCancellationWindow : policy.IsvMonthlyRefundWindow),
            SeatBatches = [new SeatBatch { Quantity = 10, AddedAt = bought, RefundableUntil = bought + policy.NceSeatReductionWindow }],
        };
        var (periodStart, periodEnd) = SubscriptionTerms.PeriodOf(s, bought);
        s.BilledThrough = periodEnd;
        return (s, [SubscriptionCharges.Charge(s, 10, 1, periodStart, periodEnd, bought, "first period")]);
    }

    [Fact]
    public void BILL1_AMonthlyNceBoughtOnThe17th_IsChargedItsOwnMonth_FromThe17th()
    {
        // New commerce bills from the purchase date: the first charge covers 17 March to 16 April in full.
        var (_, lines) = Monthly(Utc(2026, 3, 17, 15));
        var charge = Assert.Single(lines);
        Assert.Equal((120m, Utc(2026, 3, 17), Utc(2026, 4, 17), LedgerEntryKind.Charge), (charge.TotalAmount, charge.PeriodStart, charge.PeriodEnd, charge.Kind));
        Assert.Equal(Utc(2026, 4, 16), charge.LastDay);
    }

    [Fact]
    public void BILL3_SeatsAddedOnThe10th_AreProratedToTheDay()
    {
        // An annual term billed monthly from 1 March: 3 seats added on 10 March pay 22 of March's 31 days.
        var (s, _) = Monthly(Utc(2026, 3, 1), term: "P1Y");
        var effects = new LifecycleEffects();
        Assert.Null(SubscriptionLifecycle.ChangeQuantity(s, 13, 1, 300, Utc(2026, 3, 10, 9), effects));
        var added = Assert.Single(effects.Ledger);
        Assert.Equal((LedgerEntryKind.ProratedCharge, 3, 25.55m), (added.Kind, added.Quantity, added.TotalAmount)); // 3 × 12 × 22/31 = 25.548…
        Assert.Equal((Utc(2026, 3, 10), Utc(2026, 4, 1)), (added.PeriodStart, added.PeriodEnd));
    }

    [Fact]
    public void BILL2_NceCancelledOnDay5_CreditsTheUnusedDays_NCE1()
    {
        // Bought 1 March, cancelled on 5 March after the first 24 hours: 1–5 March are used, 26 of 31 days come back.
        var (s, lines) = Monthly(Utc(2026, 3, 1, 8));
        var effects = new LifecycleEffects();
        Assert.Null(SubscriptionLifecycle.Cancel(s, Utc(2026, 3, 5, 12), _ => lines, [], effects));
        var credit = Assert.Single(effects.Ledger);
        Assert.Equal((LedgerEntryKind.Credit, -100.65m), (credit.Kind, credit.TotalAmount)); // 120 × 26/31 = 100.645…
        Assert.Equal(Utc(2026, 3, 5, 12), credit.PostedAt); // posted now: it lands on the next invoice (BILL-2)
    }

    [Fact]
    public void ISV2_AnIsvMonthlyCancelledAfter10Hours_IsCreditedInFull()
    {
        var (s, lines) = Monthly(Utc(2026, 3, 1, 8), microsoft: false);
        var effects = new LifecycleEffects();
        Assert.Null(SubscriptionLifecycle.Cancel(s, Utc(2026, 3, 1, 18), _ => lines, [], effects));
        Assert.Equal(-120m, Assert.Single(effects.Ledger).TotalAmount);
    }

    [Theory]
    [InlineData(110.00, true, 0.10, 100.00, 10.00, 110.00)] // AU: the price includes 10 % GST
    [InlineData(29.97, true, 0.10, 27.25, 2.72, 29.97)] // AU, a tax of 2.7245… rounds down; net is what is left
    [InlineData(100.00, false, 0.00, 100.00, 0.00, 100.00)] // US: no tax added here
    [InlineData(100.00, false, 0.19, 100.00, 19.00, 119.00)] // DE: 19 % on top
    [InlineData(0.65, false, 0.21, 0.65, 0.14, 0.79)] // NL: 0.1365 rounds half away from zero to 0.14
    public void CAT7_TaxIsInsideThePriceInAustraliaAndBrazil_OnTopElsewhere(double price, bool inclusive, double rate, double net, double tax, double total)
    {
        var amounts = Charges.For((decimal)price, 1, 1, inclusive, (decimal)rate);
        Assert.Equal(((decimal)net, (decimal)tax, (decimal)total), (amounts.Net, amounts.Tax, amounts.Total));
        Assert.Equal(amounts.Total, amounts.Net + amounts.Tax);
    }

    [Theory]
    [InlineData(0.125, 0.13)]
    [InlineData(-0.125, -0.13)]
    [InlineData(2.675, 2.68)]
    [InlineData(1.005, 1.01)]
    public void Rounding_IsHalfAwayFromZero_ToTheCent(double amount, double expected) =>
        Assert.Equal((decimal)expected, Money.RoundToCents((decimal)amount));
}
