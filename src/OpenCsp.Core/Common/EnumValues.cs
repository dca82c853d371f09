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
}
