using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenCsp.Core.Common;

/// <summary>ISO-8601 text for times (always UTC with Z, ORD-6) and durations (P31D, P1M, PT12H).</summary>
public static partial class Iso
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The last day of [start, end) as Partner Center shows it: periods are stored with an exclusive end, and shown
    /// with an inclusive one; an empty period ends where it starts.
    /// </summary>
    public static DateTimeOffset LastDay(DateTimeOffset start, DateTimeOffset end) => end > start ? end.AddDays(-1) : start;

    // [0-9], not \d: \d matches every Unicode digit, which the number parsing below refuses.
    [GeneratedRegex(@"^P(?:(?<y>[0-9]+)Y)?(?:(?<mo>[0-9]+)M)?(?:(?<w>[0-9]+)W)?(?:(?<d>[0-9]+)D)?(?:T(?:(?<h>[0-9]+)H)?(?:(?<mi>[0-9]+)M)?(?:(?<s>[0-9]+(?:\.[0-9]+)?)S)?)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    /// <summary>The longest duration accepted: longer than any term or horizon, and short enough that date arithmetic stays in range.</summary>
    private const int MaxYears = 100;

    /// <summary>
    /// Parses an ISO-8601 duration; returns null when the text is not one (or is empty, like "P" or "PT"), or when it is
    /// longer than <see cref="MaxYears"/> years.
    /// </summary>
    public static IsoDuration? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var m = DurationPattern().Match(text.Trim());
        if (!m.Success || text.Trim().EndsWith('T') || text.Trim().Length < 3)
            return null;
        const long most = MaxYears * 366L * 24 * 3600; // no part can exceed this many of its smallest unit, seconds
        static long Part(Group g) => !g.Success ? 0 : long.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= most ? v : most + 1;
        var seconds = m.Groups["s"].Success ? double.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        var (years, monthPart, weeks, dayPart, hours, minutes) = (Part(m.Groups["y"]), Part(m.Groups["mo"]), Part(m.Groups["w"]), Part(m.Groups["d"]), Part(m.Groups["h"]), Part(m.Groups["mi"]));
        var months = years * 12 + monthPart;
        var days = weeks * 7 + dayPart;
        var time = hours * 3600 + minutes * 60 + seconds;
        if (months > MaxYears * 12 || days > MaxYears * 366 || time > MaxYears * 366.0 * 24 * 3600)
            return null;
        return new IsoDuration((int)months, (int)days, TimeSpan.FromSeconds(time));
    }
}

/// <summary>
/// A calendar duration: months are calendar months (a month added to 31 January is 28/29 February,
/// clamped as <see cref="DateTimeOffset.AddMonths"/> does), days are whole days, then a time part.
/// </summary>
public readonly record struct IsoDuration(int Months, int Days, TimeSpan Time)
{
    public DateTimeOffset AddTo(DateTimeOffset start) => start.AddMonths(Months).AddDays(Days).Add(Time);

    public bool IsZero => Months == 0 && Days == 0 && Time == TimeSpan.Zero;
}
