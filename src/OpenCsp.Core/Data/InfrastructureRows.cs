namespace OpenCsp.Core.Data;

/// <summary>
/// The stored response of a mutating request with MS-RequestId (API.md A1): a repeat within 24 hours by the
/// same caller on the same method and path gets this response back instead of running again.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The longest path and query stored as part of the key.</summary>
    public const int MaxPathLength = 2048;

    public Guid Id { get; init; }
    public Guid PartnerId { get; init; }
    public required string CallerId { get; init; }
    public required string RequestId { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string BodyHash { get; init; }
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[] ResponseBody { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>An RSA key that signs access tokens, kept in the database so that every server instance and restart shares it.</summary>
public sealed class SigningKey
{
    public Guid Id { get; init; }
    public required string PrivateKeyPem { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The single row that persists how far the test clock has been moved ahead of the real clock.</summary>
public sealed class ClockState
{
    public int Id { get; init; } = 1;
    public long OffsetTicks { get; set; }

    /// <summary>The request that moved the clock last: its retry, sent while the sweep it started still runs, moves nothing.</summary>
    public string? LastRequestId { get; set; }
}

/// <summary>
/// CAT-9: the cloud instance this database belongs to (Partner Center, Partner Center for US Government, Partner Center
/// Germany). Each instance has its own catalog and data, so a server configured for another instance refuses to start on it.
/// </summary>
public sealed class InstanceInfo
{
    public static readonly IReadOnlyList<string> Names = ["PartnerCenter", "PartnerCenterUSGov", "PartnerCenterGermany"];

    public int Id { get; init; } = 1;
    public required string Name { get; init; }
}

/// <summary>
/// The single row whose version moves with every save that changes the catalog, in the same transaction, so that every
/// server instance's <see cref="Catalog.CatalogCache"/> sees a price-list import by another instance or by the CLI.
/// </summary>
public sealed class CatalogState
{
    public int Id { get; init; } = 1;
    public long Version { get; set; }
}
