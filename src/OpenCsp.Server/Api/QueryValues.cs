using OpenCsp.Core.Common;

namespace OpenCsp.Server.Api;

/// <summary>Enum-like query values, matched as Partner Center's are: case-insensitive, with or without underscores.</summary>
public static class QueryValues
{
    public static Result<T?> Enum<T>(string? text, string name)
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
