using OpenCsp.Core.Common;

namespace OpenCsp.Core.Tests.Common;

public sealed class IsoTests
{
    [Theory]
    [InlineData("P31D", 0, 31, 0)]
    [InlineData("P1M", 1, 0, 0)]
    [InlineData("P1Y", 12, 0, 0)]
    [InlineData("P3Y", 36, 0, 0)]
    [InlineData("P2W", 0, 14, 0)]
    [InlineData("PT12H", 0, 0, 12 * 3600)]
    [InlineData("p1y2m3dt4h5m6s", 14, 3, 4 * 3600 + 5 * 60 + 6)]
    [InlineData("P100Y", 1200, 0, 0)] // the longest accepted
    public void ParseDuration_ReadsIsoDurations(string text, int months, int days, int seconds)
    {
        var duration = Iso.ParseDuration(text);
        Assert.Equal(new IsoDuration(months, days, TimeSpan.FromSeconds(seconds)), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("31D")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("P-1D")]
    [InlineData("31 days")]
    [InlineData("P101Y")] // longer than any rule needs; date arithmetic would leave its range
    [InlineData("P99999999999D")]
    [InlineData("PT99999999999999999999H")]
    [InlineData("PT1E300S")]
    public void ParseDuration_RefusesWhatIsNotADuration(string text) => Assert.Null(Iso.ParseDuration(text));

    [Theory]
    [InlineData("2026-01-31T00:00:00Z", "P1M", "2026-02-28T00:00:00Z")] // month end clamps
    [InlineData("2028-01-31T00:00:00Z", "P1M", "2028-02-29T00:00:00Z")] // leap year
    [InlineData("2028-02-29T00:00:00Z", "P1Y", "2029-02-28T00:00:00Z")]
    [InlineData("2026-12-31T23:00:00Z", "PT2H", "2027-01-01T01:00:00Z")] // year boundary
    [InlineData("2026-03-30T00:00:00Z", "P1M1D", "2026-05-01T00:00:00Z")] // months first, then days
    public void AddTo_UsesCalendarMonths(string start, string duration, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Iso.ParseDuration(duration)!.Value.AddTo(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    // ORD-6: all dates and times are UTC and shown as UTC.
    public void Format_IsUtcWithZ_ORD6()
    {
        var time = new DateTimeOffset(2026, 5, 1, 14, 30, 0, TimeSpan.FromHours(2));
        Assert.Equal("2026-05-01T12:30:00Z", Iso.Format(time));
        Assert.Equal("2026-05-01T12:30:00.1234567Z", Iso.Format(time.AddTicks(1234567)));
    }
}
