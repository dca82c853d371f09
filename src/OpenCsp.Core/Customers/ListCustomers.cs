using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Customers;

public enum CustomerSearchField
{
    CompanyName,
    Domain,
    IndirectReseller,
}

public sealed record CustomerFilter(CustomerSearchField Field, string Value);

/// <param name="Descending">Z to A by company name (the dashboard's sortable column); the API pages A to Z.</param>
/// <remarks><paramref name="Search"/> is the dashboard's search box: company names or domains starting with it.</remarks>
public sealed record CustomerPageRequest(int? Size = null, CustomerFilter? Filter = null, string? ContinuationToken = null, bool Descending = false, string? Search = null);

public sealed record CustomerPage(IReadOnlyList<Customer> Items, string? ContinuationToken);

/// <summary>
/// The customer list, seek-paged by (company name, domain) as Partner Center pages it (API.md B §2.4):
/// each page's token points past its last item, so inserts between calls never repeat or skip a customer.
/// </summary>
public sealed class ListCustomers(OpenCspDbContext db)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public async Task<Result<CustomerPage>> RunAsync(Caller caller, CustomerPageRequest request, CancellationToken ct)
    {
        var size = request.Size is > 0 ? Math.Min(request.Size.Value, MaxPageSize) : DefaultPageSize;
        var scope = SeekToken.Scope("customers", caller.PartnerId.ToString(), request.Filter?.Field.ToString(), request.Filter?.Value, request.Search, request.Descending ? "desc" : "asc");
        var query = db.Customers.AsNoTracking().VisibleTo(caller);
        if (request.Search?.Trim() is { Length: > 0 } search)
        {
            var (name, domain) = (search.ToUpperInvariant(), search.ToLowerInvariant());
            query = query.Where(c => c.SearchName.StartsWith(name) || c.Domain.StartsWith(domain));
        }

        if (request.Filter is { } filter)
        {
            var value = filter.Value.Trim();
            switch (filter.Field)
            {
                case CustomerSearchField.CompanyName:
                    var name = value.ToUpperInvariant();
                    query = query.Where(c => c.SearchName.StartsWith(name));
                    break;
                case CustomerSearchField.Domain:
                    var domain = value.ToLowerInvariant();
                    query = query.Where(c => c.Domain.StartsWith(domain));
                    break;
                case CustomerSearchField.IndirectReseller:
                    if (!Guid.TryParse(value, out var resellerId))
                        return Refusal.Of(ErrorCodes.InvalidFilter, "IndirectReseller needs a reseller id (GUID)");
                    query = query.Where(c => c.ResellerId == resellerId);
                    break;
            }
        }

        if (request.ContinuationToken is not null)
        {
            if (SeekToken.Decode(scope, request.ContinuationToken, 2) is not [var lastName, var lastDomain])
                return Refusal.Of(ErrorCodes.InvalidContinuationToken);
            query = request.Descending
                ? query.Where(c => string.Compare(c.SearchName, lastName) < 0 || (c.SearchName == lastName && string.Compare(c.Domain, lastDomain) < 0))
                : query.Where(c => string.Compare(c.SearchName, lastName) > 0 || (c.SearchName == lastName && string.Compare(c.Domain, lastDomain) > 0));
        }

        var ordered = request.Descending
            ? query.OrderByDescending(c => c.SearchName).ThenByDescending(c => c.Domain)
            : query.OrderBy(c => c.SearchName).ThenBy(c => c.Domain);
        var items = await ordered.Take(size + 1).ToListAsync(ct);
        string? next = null;
        if (items.Count > size)
        {
            items.RemoveAt(size);
            var last = items[^1];
            next = SeekToken.Encode(scope, [last.SearchName, last.Domain]);
        }

        return new CustomerPage(items, next);
    }
}
