using OpenCsp.Core.Common;

namespace OpenCsp.Core.Billing;

/// <summary>
/// One partner's invoice for one billing period and currency: every ledger line posted before the period's end and not
/// yet invoiced (BILL-1, BILL-2). Its amounts are the sums of its lines, so the total equals them to the cent.
/// </summary>
public sealed class Invoice
{
    public required string Id { get; init; }
    public Guid PartnerId { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }
    public required string Currency { get; init; }
    public decimal Subtotal { get; set; }
    public decimal Tax { get; set; }
    public decimal Total { get; set; }
    public int LineCount { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Partner Center dates an invoice at the end of its period.</summary>
    public DateTimeOffset InvoiceDate => PeriodEnd;

    /// <summary>The billing period's last day (end dates inclusive).</summary>
    public DateTimeOffset LastDay => Iso.LastDay(PeriodStart, PeriodEnd);
}

/// <summary>A partner's monthly billing period, counted from an anchor day (1 to 28) of the month, in UTC.</summary>
public readonly record struct BillingPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The period named by its start month, e.g. 2027-01 with anchor day 1: [2027-01-01, 2027-02-01).</summary>
    public static BillingPeriod Of(int year, int month, int anchorDay)
    {
        var start = new DateTimeOffset(year, month, anchorDay, 0, 0, 0, TimeSpan.Zero);
        return new BillingPeriod(start, start.AddMonths(1));
    }

    /// <summary>The period that contains <paramref name="at"/>.</summary>
    public static BillingPeriod Containing(DateTimeOffset at, int anchorDay)
    {
        var utc = at.UtcDateTime;
        var month = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return utc.Day >= anchorDay ? Of(month.Year, month.Month, anchorDay) : Of(month.AddMonths(-1).Year, month.AddMonths(-1).Month, anchorDay);
    }

    public BillingPeriod Next => new(End, End.AddMonths(1));

    /// <summary>Parses "yyyy-MM"; the last month of the calendar has no next month to end in, so it is not a period.</summary>
    public static BillingPeriod? Parse(string? text, int anchorDay) =>
        DateTime.TryParseExact(text?.Trim(), "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var month)
        && month.Year < DateTime.MaxValue.Year
            ? Of(month.Year, month.Month, anchorDay)
            : null;

    public string Name => Start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
