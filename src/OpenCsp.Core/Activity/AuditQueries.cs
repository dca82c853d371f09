using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Activity;

public enum AuditFilterField
{
    CompanyName,
    CustomerId,
    ResourceType,
}

public sealed record AuditFilter(AuditFilterField Field, string Value);

public sealed record AuditPageRequest(DateTimeOffset? Start, DateTimeOffset? End, AuditFilter? Filter, int? Size, string? ContinuationToken);

public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, string? ContinuationToken);

/// <summary>
/// The activity log (API.md B §4.9): the caller's partner's records and its customers', oldest first in a window
/// (default the last 30 days; nothing older than the 90 days kept), seek-paged. Key and download records (SW-7) only
/// for the roles that may see software activity.
/// </summary>
public sealed class AuditQueries(OpenCspDbContext db, TimeProvider clock)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);
    private static readonly string[] SoftwareResources = ["software_key", "software_download_link"];

    public async Task<Result<AuditPage>> ListAsync(Caller caller, AuditPageRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var end = request.End ?? now;
        if (end < now - Retention)
            return Refusal.Of(ErrorCodes.AuditWindowTooOld, end, (int)Retention.TotalDays); // also keeps end - DefaultWindow in range
        var start = request.Start ?? end - DefaultWindow;
        if (start < now - Retention)
            return Refusal.Of(ErrorCodes.AuditWindowTooOld, start, (int)Retention.TotalDays);
        if (end < start)
            return Refusal.Of(ErrorCodes.InvalidProperty, "endDate", "must not be before startDate");

        var customers = db.Customers.VisibleTo(caller).Select(c => (Guid?)c.Id);
        var query = db.AuditRecords.AsNoTracking()
            .Where(r => r.PartnerId == caller.PartnerId || customers.Contains(r.CustomerId))
            .Where(r => r.OperationDate >= start && r.OperationDate <= end);
        if (!caller.Can(Permission.ReadSoftwareActivity))
            query = query.Where(r => !SoftwareResources.Contains(r.ResourceType));
        switch (request.Filter)
        {
            case { Field: AuditFilterField.CustomerId } f:
                if (!Guid.TryParse(f.Value, out var customerId))
                    return Refusal.Of(ErrorCodes.InvalidFilter, "CustomerId must be a GUID");
                query = query.Where(r => r.CustomerId == customerId);
                break;
            case { Field: AuditFilterField.ResourceType } f:
                var type = f.Value.ToLowerInvariant(); // resource types are stored in snake_case
                query = query.Where(r => r.ResourceType == type);
                break;
            case { Field: AuditFilterField.CompanyName } f:
                var name = f.Value.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(), the same on SQLite and PostgreSQL
                query = query.Where(r => r.CustomerName.ToLower().Contains(name));
#pragma warning restore CA1304, CA1311, CA1862
                break;
        }

        if (request.ContinuationToken is not null)
        {
            if (SeekToken.Decode("audit", request.ContinuationToken, 2) is not [var ticks, var id] || !long.TryParse(ticks, out var t)
                || t < DateTimeOffset.MinValue.UtcTicks || t > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParse(id, out var lastId))
                return Refusal.Of(ErrorCodes.InvalidContinuationToken);
            var after = new DateTimeOffset(t, TimeSpan.Zero);
            query = query.Where(r => r.OperationDate > after || (r.OperationDate == after && r.Id.CompareTo(lastId) > 0));
        }

        var size = Math.Clamp(request.Size ?? DefaultPageSize, 1, MaxPageSize);
        var items = await query.OrderBy(r => r.OperationDate).ThenBy(r => r.Id).Take(size + 1).ToListAsync(ct);
        var more = items.Count > size;
        if (more)
            items.RemoveAt(size);
        var token = more ? SeekToken.Encode("audit", [items[^1].OperationDate.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), items[^1].Id.ToString()]) : null;
        return new AuditPage(items, token);
    }
}
