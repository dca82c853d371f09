using OpenCsp.Core.Common;

namespace OpenCsp.Core.Billing;

public enum LedgerEntryKind
{
    Charge,
    ProratedCharge,
    Credit,
}

/// <summary>
/// One money event, append-only: what a partner owes (or is credited) for a subscription over a period. Amounts are
/// rounded to cents when the row is written and never change; a billing run only stamps the invoice that carries it.
/// </summary>
public sealed class LedgerEntry
{
    public Guid Id { get; init; }
    public Guid PartnerId { get; init; }
    public Guid CustomerId { get; init; }
    public Guid? SubscriptionId { get; init; }
    public Guid? OrderId { get; init; }
    public LedgerEntryKind Kind { get; init; }
    public required string Description { get; init; }
    public int Quantity { get; init; }
    public decimal UnitPrice { get; init; }
    public decimal NetAmount { get; init; }
    public decimal TaxAmount { get; init; }
    public decimal TotalAmount { get; init; }
    public required string Currency { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }

    /// <summary>The charge period's last day as people read it (end dates inclusive); a one-day credit ends where it starts.</summary>
    public DateTimeOffset LastDay => Iso.LastDay(PeriodStart, PeriodEnd);
    public DateTimeOffset PostedAt { get; init; }
    public required string PolicySet { get; init; }

    /// <summary>The invoice that carries this line; null while unbilled.</summary>
    public string? InvoiceId { get; init; }
}

/// <summary>How a charge's net, tax and total come out of a price (CAT-7: tax-inclusive prices contain the tax).</summary>
public static class Charges
{
    public sealed record Amounts(decimal Net, decimal Tax, decimal Total);

    /// <param name="fraction">The share of the billing period charged (1 for a full period; less when prorated, BILL-3).</param>
    public static Amounts For(decimal unitPrice, int quantity, decimal fraction, bool taxInclusive, decimal taxRate)
    {
        var priced = Money.RoundToCents(unitPrice * quantity * fraction);
        if (taxInclusive)
        {
            var tax = Money.RoundToCents(priced * taxRate / (1 + taxRate));
            return new Amounts(priced - tax, tax, priced);
        }

        var added = Money.RoundToCents(priced * taxRate);
        return new Amounts(priced, added, priced + added);
    }
}
