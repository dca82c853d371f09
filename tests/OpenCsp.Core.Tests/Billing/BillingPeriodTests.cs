using OpenCsp.Core.Billing;

namespace OpenCsp.Core.Tests.Billing;

/// <summary>Billing periods are months counted from the partner's anchor day, in UTC (BILL-1).</summary>
public sealed class BillingPeriodTests
{
    private static DateTimeOffset Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, "2027-03-01T00:00:00Z", "2027-03-01", "2027-04-01")] // the first instant belongs to the new period
    [InlineData(1, "2027-02-28T23:59:59Z", "2027-02-01", "2027-03-01")]
    [InlineData(28, "2027-03-05T10:00:00Z", "2027-02-28", "2027-03-28")] // the month-end anchor: before the 28th is last month's
    [InlineData(28, "2027-03-28T00:00:00Z", "2027-03-28", "2027-04-28")]
    [InlineData(28, "2027-01-10T00:00:00Z", "2026-12-28", "2027-01-28")] // across the year
    [InlineData(15, "2028-02-29T12:00:00Z", "2028-02-15", "2028-03-15")] // a leap day
    public void BILL1_APeriodRunsFromTheAnchorDayToTheSameDayNextMonth(int anchor, string at, string start, string end)
    {
        var period = BillingPeriod.Containing(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), anchor);
        Assert.Equal((Day(start), Day(end)), (period.Start, period.End));
        Assert.Equal(period.End, period.Next.Start);
    }

    [Fact]
    public void BILL1_APeriodIsNamedByTheMonthItStartsIn()
    {
        Assert.Equal(new BillingPeriod(Utc(2027, 1, 28), Utc(2027, 2, 28)), BillingPeriod.Parse("2027-01", 28));
        Assert.Equal("2027-01", BillingPeriod.Of(2027, 1, 28).Name);
        Assert.Null(BillingPeriod.Parse("2027-13", 1));
        Assert.Null(BillingPeriod.Parse("January", 1));
    }

    private static DateTimeOffset Day(string day) => DateTimeOffset.Parse(day + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
}
