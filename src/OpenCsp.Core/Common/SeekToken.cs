using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace OpenCsp.Core.Common;

/// <summary>
/// An opaque continuation token for seek paging: the sort key of the last item of a page, plus the list it
/// belongs to, so a token cannot be replayed against another filter. Not a secret: it only holds positions.
/// </summary>
public static class SeekToken
{
    public static string Encode(string scope, IReadOnlyList<string> key) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { scope }.Concat(key).ToArray()));

    public static IReadOnlyList<string>? Decode(string scope, string? token, int keyLength)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096)
            return null;
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(token.Trim()));
            return parts is not null && parts.Length == keyLength + 1 && parts[0] == scope && parts.All(p => p is not null)
                ? parts[1..]
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public static string Scope(params string?[] parts) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..16];
}
