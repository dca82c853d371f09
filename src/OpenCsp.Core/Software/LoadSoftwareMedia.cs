using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Software;

/// <summary>
/// Loads what software products deliver (data/software/demo-downloads.json) and, for the demo, a small generated
/// placeholder file per version, language and file type. Re-running updates in place.
/// </summary>
public sealed class LoadSoftwareMedia(OpenCspDbContext db)
{
    private sealed record MediaFile(List<ProductMedia> Products);

    private sealed record ProductMedia(string ProductId, bool Keys, List<FileEntry> Files);

    private sealed record FileEntry(string Version, string Language, string FileType);

    public async Task RunDemoAsync(CancellationToken ct)
    {
        await using var stream = typeof(LoadSoftwareMedia).Assembly.GetManifestResourceStream("software/demo-downloads.json")
                                 ?? throw new InvalidOperationException("The demo downloads are not embedded.");
        var file = await JsonSerializer.DeserializeAsync<MediaFile>(stream, JsonSerializerOptions.Web, ct)
                   ?? throw new InvalidDataException("The downloads file is empty.");
        var titles = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        foreach (var product in file.Products)
        {
            var media = await db.SoftwareMedia.FindAsync([product.ProductId], ct);
            if (media is null)
                db.SoftwareMedia.Add(media = new SoftwareMedia { ProductId = product.ProductId });
            media.HasKeys = product.Keys;
            foreach (var entry in product.Files)
            {
                var content = Placeholder(titles.GetValueOrDefault(product.ProductId, product.ProductId), entry);
                var existing = await db.SoftwareFiles.SingleOrDefaultAsync(
                    f => f.ProductId == product.ProductId && f.Version == entry.Version && f.Language == entry.Language && f.FileType == entry.FileType, ct);
                if (existing is null)
                {
                    db.SoftwareFiles.Add(new SoftwareFile
                    {
                        Id = Guid.NewGuid(),
                        ProductId = product.ProductId,
                        Version = entry.Version,
                        Language = entry.Language,
                        FileType = entry.FileType,
                        FileName = FileName(entry),
                        Size = content.Length,
                        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                        Content = content,
                    });
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static string FileName(FileEntry e)
    {
        var extension = e.FileType.StartsWith("ISO", StringComparison.OrdinalIgnoreCase) ? "iso"
            : e.FileType.StartsWith("VHD", StringComparison.OrdinalIgnoreCase) ? "vhd"
            : "deb";
        var stem = string.Concat($"{e.Version} {e.Language}".Select(c => char.IsLetterOrDigit(c) ? c : '_'));
        return $"{stem}.{extension}";
    }

    /// <summary>A few kilobytes that say what they stand for: the demo's media are not real installers.</summary>
    private static byte[] Placeholder(string product, FileEntry e)
    {
        var text = new StringBuilder()
            .AppendLine("OpenCsp demo download - a placeholder, not an installer.")
            .AppendLine(CultureInfo.InvariantCulture, $"Product: {product}")
            .AppendLine(CultureInfo.InvariantCulture, $"Version: {e.Version}")
            .AppendLine(CultureInfo.InvariantCulture, $"Language: {e.Language}")
            .AppendLine(CultureInfo.InvariantCulture, $"File type / operating system: {e.FileType}");
        for (var i = 0; i < 64; i++)
            text.AppendLine(CultureInfo.InvariantCulture, $"{i:D2} {product} {e.Version} {e.Language} {e.FileType}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
