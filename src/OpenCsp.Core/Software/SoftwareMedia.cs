namespace OpenCsp.Core.Software;

/// <summary>What a software product delivers (SW-5): whether purchases get activation keys, and its downloadable files.</summary>
public sealed class SoftwareMedia
{
    public required string ProductId { get; init; }
    public bool HasKeys { get; set; }
}

/// <summary>One downloadable file of a software product: a version in a language as a file type or for an operating system.</summary>
public sealed class SoftwareFile
{
    public Guid Id { get; init; }
    public required string ProductId { get; init; }
    public required string Version { get; init; }
    public required string Language { get; init; }
    public required string FileType { get; init; }
    public required string FileName { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>A purchase's activation key, encrypted at rest (ASP.NET Core Data Protection); the hint is its last group, for masked lists.</summary>
public sealed class SoftwareKey
{
    public Guid SubscriptionId { get; init; }
    public required string Protected { get; init; }
    public required string Hint { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
}

/// <summary>
/// SW-6: the link behind "Get keys and downloads" for one purchase and file. It expires after the policy's lifetime or
/// number of downloads, whichever comes first; asking again re-arms the same link. A cancellation revokes it (SW-13).
/// </summary>
public sealed class DownloadLink
{
    public Guid Id { get; init; }
    public Guid PartnerId { get; init; }
    public Guid CustomerId { get; init; }
    public Guid SubscriptionId { get; init; }
    public Guid FileId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ArmedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Downloads { get; set; }
    public int MaxDownloads { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public int DownloadsLeft => Math.Max(0, MaxDownloads - Downloads);
}
