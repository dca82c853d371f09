using System.Globalization;
using OpenCsp.Core.Common;

namespace OpenCsp.Core.Tests.Common;

/// <summary>The one error table: unique codes, 4xx for anything the caller sent wrong, a description in every language.</summary>
public sealed class ErrorCodeTests
{
    [Fact]
    public void Codes_AreUnique_AndKeysAreTheFieldNames()
    {
        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Select(e => e.Code).Distinct().Count());
        Assert.All(ErrorCodes.All, e => Assert.Equal(e.Key, typeof(ErrorCodes).GetField(e.Key)?.Name));
    }

    [Fact]
    public void OnlyTheUnexpectedAndTheUnimplemented_AreNot4xx()
    {
        var not4xx = ErrorCodes.All.Where(e => e.Status is < 400 or >= 500).Select(e => e.Key).Order();
        Assert.Equal([nameof(ErrorCodes.NotImplemented), nameof(ErrorCodes.Unexpected)], not4xx);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    [InlineData("nl-NL")]
    [InlineData("zh-TW")]
    public void EveryCode_HasADescription_InEveryLanguage(string locale)
    {
        var culture = CultureInfo.GetCultureInfo(locale);
        var english = CultureInfo.GetCultureInfo("en-US");
        foreach (var error in ErrorCodes.All)
        {
            var text = ErrorText.Describe(error, ["A", "B", "C", "D"], culture);
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.NotEqual(error.Key, text);
            if (locale != "en-US")
                Assert.NotEqual(ErrorText.Describe(error, ["A", "B", "C", "D"], english), text);
        }
    }

    [Fact]
    public void Description_FormatsDatesAsUtc() =>
        Assert.Contains("2026-01-01T00:00:00Z",
            ErrorText.Describe(ErrorCodes.ClockCannotGoBack, [new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)), "now"], CultureInfo.InvariantCulture));
}
