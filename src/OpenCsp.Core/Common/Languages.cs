using System.Globalization;

namespace OpenCsp.Core.Common;

/// <summary>The languages the product speaks (GLOSSARY.md): the API's error descriptions and the dashboard.</summary>
public static class Languages
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static IReadOnlyList<CultureInfo> Supported { get; } = [English, .. new[] { "de", "nl", "zh-TW" }.Select(CultureInfo.GetCultureInfo)];

    /// <summary>The supported language for a requested tag: the same one, else the same language (de-AT is German); null if none.</summary>
    public static CultureInfo? Match(string? requested)
    {
        var tag = requested?.Trim() ?? "";
        if (tag.Length < 2)
            return null;
        return Supported.FirstOrDefault(c => c.Name.Equals(tag, StringComparison.OrdinalIgnoreCase))
               ?? Supported.FirstOrDefault(c => c.TwoLetterISOLanguageName.Equals(tag[..2], StringComparison.OrdinalIgnoreCase));
    }
}
