using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace OpenCsp.Core.Software;

/// <summary>
/// The secrets of software purchases: activation keys encrypted at rest, and download-link tokens that cannot be forged
/// or altered. Both use ASP.NET Core Data Protection with its key ring in the database, so every server and the CLI
/// read what another wrote.
/// </summary>
public sealed class SoftwareSecrets(IDataProtectionProvider provider)
{
    // Product keys avoid letters and digits that read alike (0/O, 1/I, 5/S, ...), as Microsoft's do.
    private const string KeyAlphabet = "BCDFGHJKMPQRTVWXY2346789";

    private readonly IDataProtector keys = provider.CreateProtector("OpenCsp.Software.ActivationKeys");
    private readonly IDataProtector links = provider.CreateProtector("OpenCsp.Software.DownloadLinks");

    public static string NewActivationKey() =>
        string.Join('-', Enumerable.Range(0, 5).Select(_ => new string(RandomNumberGenerator.GetItems<char>(KeyAlphabet, 5))));

    /// <summary>How lists show a key: only its last group.</summary>
    public static string Masked(string hint) => $"XXXXX-XXXXX-XXXXX-XXXXX-{hint}";

    public string ProtectKey(string key) => keys.Protect(key);

    public string UnprotectKey(string protectedKey) => keys.Unprotect(protectedKey);

    public string LinkToken(Guid linkId) => Base64Url.EncodeToString(links.Protect(linkId.ToByteArray()));

    /// <summary>The link a token names, or null for a forged, altered or foreign token.</summary>
    public Guid? ReadLinkToken(string token)
    {
        try
        {
            var bytes = links.Unprotect(Base64Url.DecodeFromChars(token));
            return bytes.Length == 16 ? new Guid(bytes) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Warms the key ring up outside any transaction: creating the first key writes to the database.</summary>
    public void EnsureKeyRing() => links.Protect(Encoding.UTF8.GetBytes("warm-up"));
}
