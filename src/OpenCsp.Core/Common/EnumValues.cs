namespace OpenCsp.Core.Common;

/// <summary>Enum values from text (query strings, bodies, command lines), matched as Partner Center's are: case-insensitive, with or without underscores or dashes.</summary>
public static class EnumValues
{
    public static Result<T?> Parse<T>(string? text, string name)
        where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text))
            return (T?)null;
        var key = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return System.Enum.TryParse<T>(key, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(key, out _)
            ? value
            : Refusal.Of(ErrorCodes.UnparsableEnum, text, name);
    }

    /// <summary>
    /// As <see cref="Parse{T}"/>, where the Partner Center SDK's unset values (<c>unknown</c>, <c>none</c>), which it
    /// sends for every enum the caller left alone, mean "not given" like an absent value.
    /// </summary>
    public static Result<T?> ParseUnlessUnset<T>(string? text, string name)
        where T : struct, System.Enum =>
        text?.Trim().ToLowerInvariant() is "unknown" or "none" ? (T?)null : Parse<T>(text, name);
}
