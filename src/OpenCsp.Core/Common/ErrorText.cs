using System.Globalization;
using System.Resources;

namespace OpenCsp.Core.Common;

/// <summary>Error descriptions in the caller's language (X-Locale: en-US, de-DE, nl-NL, zh-TW).</summary>
public static class ErrorText
{
    private static readonly ResourceManager Messages =
        new("OpenCsp.Core.Common.ErrorMessages", typeof(ErrorText).Assembly);

    public static string Describe(ErrorCode error, IReadOnlyList<object> args, CultureInfo culture)
    {
        var template = Messages.GetString(error.Key, culture) ?? error.Key;
        var formatted = args.Select(a => a switch
        {
            DateTimeOffset d => Iso.Format(d),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => a.ToString() ?? "",
        }).ToArray<object>();
        return string.Format(culture, template, formatted);
    }

    public static string Describe(Refusal refusal, CultureInfo culture) =>
        Describe(refusal.Error, refusal.Args, culture);
}
