using Microsoft.EntityFrameworkCore;

namespace OpenCsp.Core.Data;

/// <summary>Index paging, as Partner Center's <c>offset</c> and <c>size</c>: one page of an ordered query, and how many rows match.</summary>
public static class Paging
{
    public static async Task<(List<T> Items, int Total)> PageAsync<T>(this IQueryable<T> ordered, int offset, int size, CancellationToken ct)
    {
        var page = await ordered.Skip(offset).Take(size).ToListAsync(ct);
        // A first page that is not full holds them all: no count needed.
        return (page, offset == 0 && page.Count < size ? page.Count : await ordered.CountAsync(ct));
    }
}
