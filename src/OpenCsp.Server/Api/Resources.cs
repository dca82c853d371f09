using OpenCsp.Core.Common;

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

/// <summary>Index paging as Partner Center's <c>offset</c> and <c>size</c> (API.md B §2.4): the bounds, and the next page's link.</summary>
public static class IndexPaging
{
    public static Refusal? Check(int? size, int? offset) =>
        size is < 1 ? Refusal.Of(ErrorCodes.InvalidProperty, "size", "a page size from 1")
        : offset is < 0 ? Refusal.Of(ErrorCodes.InvalidProperty, "offset", "an index from 0")
        : null;

    /// <summary>The link to the rows after this page, or none when it is the last; <paramref name="path"/> ends with '?' or '&amp;'.</summary>
    public static Link? Next(string path, int offset, int count, int size, int total) =>
        (long)offset + count < total ? new Link($"{path}offset={offset + count}&size={size}") : null;
}
