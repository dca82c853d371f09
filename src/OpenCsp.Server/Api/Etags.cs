using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace OpenCsp.Server.Api;

/// <summary>
/// Etags shaped like Partner Center's: base64 of <c>{"id":"…","version":N}</c> (API.md B §2.2). A stale or
/// unreadable etag in If-Match (or in the body's attributes.etag) is refused with 400 / 2055.
/// </summary>
public static class Etags
{
    public static string For(Guid id, int version) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { id = id.ToString(), version })));

    /// <summary>The version the caller expects: null when it sent no etag (last writer wins), -1 when the etag is not ours.</summary>
    public static int? Expected(HttpContext context, Guid id, string? bodyEtag)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        var text = (string.IsNullOrWhiteSpace(header) ? bodyEtag : header)?.Trim().Trim('"');
        if (string.IsNullOrEmpty(text) || text == "*")
            return null;
        try
        {
            var bytes = Base64Url.IsValid(text) ? Base64Url.DecodeFromChars(text) : Convert.FromBase64String(text);
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.GetProperty("id").GetString() == id.ToString() ? doc.RootElement.GetProperty("version").GetInt32() : -1;
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return -1;
        }
    }
}
