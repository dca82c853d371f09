using System.Text.Json;
using OpenCsp.Core.Common;

namespace OpenCsp.Server.Api;

/// <summary>A Partner Center list filter: the JSON object <c>{"Field", "Value", "Operator"}</c> in <c>?filter=</c>.</summary>
public static class Filters
{
    private sealed record Model(string? Field, string? Value, string? Operator);

    /// <summary>
    /// The field (one of <typeparamref name="TField"/>) and its value; the operator must be the one the field allows
    /// (case and underscores aside: starts_with = StartsWith). Null when there is no filter.
    /// </summary>
    public static Result<(TField Field, string Value)?> Parse<TField>(string? filter, Func<TField, string> operatorOf)
        where TField : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(filter))
            return ((TField, string)?)null;
        Model? model;
        try
        {
            model = JsonSerializer.Deserialize<Model>(filter, Json.Options);
        }
        catch (JsonException)
        {
            return Refusal.Of(ErrorCodes.InvalidFilter, "it is not a JSON object {\"Field\", \"Value\", \"Operator\"}");
        }

        if (!Enum.TryParse<TField>(model?.Field, ignoreCase: true, out var field) || !Enum.IsDefined(field))
            return Refusal.Of(ErrorCodes.InvalidFilter, $"Field must be {string.Join(", ", Enum.GetNames<TField>())}");
        var expected = operatorOf(field);
        if (!string.Equals(model!.Operator?.Replace("_", "", StringComparison.Ordinal), expected.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            return Refusal.Of(ErrorCodes.InvalidFilter, $"the operator for {field} is {expected}");
        if (string.IsNullOrWhiteSpace(model.Value))
            return Refusal.Of(ErrorCodes.InvalidFilter, "Value is required");
        return (field, model.Value.Trim());
    }
}
