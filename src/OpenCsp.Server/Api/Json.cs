using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCsp.Core.Common;

namespace OpenCsp.Server.Api;

/// <summary>
/// Partner Center's JSON (API.md A1, B §2): camelCase out, case-insensitive in, enums in snake_case,
/// UTC dates with Z, no nulls written, zone-less dates read as UTC and SDK sentinel dates ignored.
/// </summary>
public static class Json
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Readable non-ASCII names (München, 客戶); the API serves JSON, never HTML.
        o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.PropertyNameCaseInsensitive = true;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.Converters.Add(new PartnerCenterEnumConverterFactory());
        o.Converters.Add(new UtcDateConverter());
        o.Converters.Add(new TextConverter());
    }

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }

    /// <summary>snake_case as the SDK's EnumJsonConverter writes it: OneTime → one_time.</summary>
    public static string EnumName(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

/// <summary>Thrown for an enum string that names no value; answered as 400 / 900126.</summary>
public sealed class UnknownEnumValueException(string value, Type enumType)
    : JsonException($"Unable to parse enum value '{value}' for {enumType.Name}.")
{
    public string Value { get; } = value;
    public Type EnumType { get; } = enumType;
}

internal sealed class PartnerCenterEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(EnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class EnumConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        // Accepts snake_case, PascalCase and lower case alike: the key drops underscores and case.
        private static readonly Dictionary<string, T> ByKey = Enum.GetValues<T>()
            .ToDictionary(v => Key(v.ToString()), v => v, StringComparer.OrdinalIgnoreCase);

        private static string Key(string text) => text.Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && Enum.IsDefined(typeof(T), number))
                return (T)Enum.ToObject(typeof(T), number);
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : reader.TokenType.ToString();
            return ByKey.TryGetValue(Key(text), out var value) ? value : throw new UnknownEnumValueException(text, typeof(T));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Json.EnumName(value));
    }
}

/// <summary>Thrown for text holding U+0000, which PostgreSQL's text and jsonb cannot store; answered as 400 / 3000.</summary>
public sealed class NulCharacterException() : JsonException("Text may not contain the NUL character (U+0000).");

/// <summary>Text as it is, refused with a 400 where it holds U+0000, on either database.</summary>
internal sealed class TextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Contains('\0', StringComparison.Ordinal) ? throw new NulCharacterException() : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

internal sealed class UtcDateConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new JsonException($"'{text}' is not an ISO-8601 date and time.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Iso.Format(value));
}
