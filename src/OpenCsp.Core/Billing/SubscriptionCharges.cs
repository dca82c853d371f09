using OpenCsp.Core.Common;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Billing;

/// <summary>
/// The ledger lines a subscription's life writes: period charges, prorated charges for seats added mid-period
/// (BILL-3) and credits for refunds (BILL-2). Proration is by whole UTC days: the day of a change counts as used.
/// </summary>
public static class SubscriptionCharges
{
    /// <summary>The share of [periodStart, periodEnd) that lies from <paramref name="from"/> on, in whole days, between 0 and 1.</summary>
    public static decimal Fraction(DateTimeOffset from, DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        var whole = (periodEnd - periodStart).Days;
        if (whole <= 0)
            return 0;
        var left = (periodEnd - (from < periodStart ? periodStart : from)).Days;
        return Math.Clamp((decimal)left / whole, 0, 1);
    }

    public static LedgerEntry Charge(Subscription s, int quantity, decimal fraction, DateTimeOffset periodStart, DateTimeOffset periodEnd,
        DateTimeOffset at, string what)
    {
        var amounts = Charges.For(s.UnitPrice, quantity, fraction, s.TaxInclusive, s.TaxRate);
        return Entry(s, fraction < 1 ? LedgerEntryKind.ProratedCharge : LedgerEntryKind.Charge, quantity, amounts.Net, amounts.Tax, periodStart, periodEnd, at, what);
    }

    /// <summary>A credit of what <paramref name="quantity"/> seats were charged for the part of the period from <paramref name="from"/> (BILL-2).</summary>
    public static LedgerEntry SeatCredit(Subscription s, int quantity, DateTimeOffset from, DateTimeOffset periodStart, DateTimeOffset periodEnd,
        DateTimeOffset at, string what)
    {
        var amounts = Charges.For(s.UnitPrice, quantity, Fraction(from, periodStart, periodEnd), s.TaxInclusive, s.TaxRate);
        return Entry(s, LedgerEntryKind.Credit, quantity, -amounts.Net, -amounts.Tax, from < periodStart ? periodStart : from, periodEnd, at, what);
    }

    /// <summary>
    /// What is still unused of the current term's charges from <paramref name="from"/> on, net of the credits already
    /// given: each line counts for the share of its period that lies ahead. A refund of this can never pay out twice.
    /// </summary>
    public static (decimal Net, decimal Tax) Unused(IEnumerable<LedgerEntry> termLines, DateTimeOffset from)
    {
        decimal net = 0, tax = 0;
        foreach (var line in termLines)
        {
            var share = Fraction(from, line.PeriodStart, line.PeriodEnd);
            net += line.NetAmount * share;
            tax += line.TaxAmount * share;
        }

        return (Money.RoundToCents(net), Money.RoundToCents(tax));
    }

    public static LedgerEntry? Refund(Subscription s, (decimal Net, decimal Tax) amount, DateTimeOffset from, DateTimeOffset at, string what) =>
        amount.Net + amount.Tax <= 0
            ? null
            : Entry(s, LedgerEntryKind.Credit, s.Quantity, -amount.Net, -amount.Tax, from, s.BilledThrough > from ? s.BilledThrough : from, at, what);

    private static LedgerEntry Entry(Subscription s, LedgerEntryKind kind, int quantity, decimal net, decimal tax,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset at, string what) => new()
        {
            // Time-ordered ids keep the ledger's primary-key index growing at its end, as EF Core's generated keys do.
            Id = Guid.CreateVersion7(at),
            PartnerId = s.PartnerId,
            CustomerId = s.CustomerId,
            SubscriptionId = s.Id,
            OrderId = s.OrderId,
            Kind = kind,
            Description = $"{s.OfferName} × {quantity}: {what}",
            Quantity = quantity,
            UnitPrice = s.UnitPrice,
            NetAmount = net,
            TaxAmount = tax,
            TotalAmount = net + tax,
            Currency = s.Currency,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            PostedAt = at,
            PolicySet = s.PolicySet,
        };
}
