namespace OpenCsp.Server.Api;

/// <summary><c>attributes</c> on every resource: its object type and, for mutable ones, the etag (API.md B §2.2).</summary>
public sealed record ResourceAttributes(string ObjectType, string? Etag = null);

public sealed record LinkHeader(string Key, string Value);

/// <summary>A root-relative link without /v1, as Partner Center returns them (the SDK adds /v1).</summary>
public sealed record Link(string Uri, string Method = "GET", IReadOnlyList<LinkHeader>? Headers = null)
{
    public IReadOnlyList<LinkHeader> Headers { get; init; } = Headers ?? [];
}

public sealed record SelfLinks(Link Self);

public sealed record CollectionLinks(Link Self, Link? Next = null, Link? Previous = null);

/// <summary>The collection envelope of API.md B §2.3.</summary>
public sealed record Collection<T>(int TotalCount, IReadOnlyList<T> Items, CollectionLinks Links, string? ContinuationToken = null)
{
    public ResourceAttributes Attributes { get; init; } = new("Collection");
}
