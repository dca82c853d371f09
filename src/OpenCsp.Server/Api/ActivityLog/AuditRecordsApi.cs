using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.ActivityLog;

public sealed record KeyValue(string Key, string Value);

/// <summary>Partner Center's AuditRecord (API.md B §4.9); old and new values are JSON strings of the PascalCase resource.</summary>
public sealed record AuditRecordResource(
    string Id, string PartnerId, string? CustomerId, string CustomerName, string UserPrincipalName, string ResourceType, string ResourceId,
    string OperationType, string OperationStatus, DateTimeOffset OperationDate, IReadOnlyList<KeyValue> CustomizedData, string? ResourceOldValue,
    string? ResourceNewValue, ResourceAttributes Attributes)
{
    public static AuditRecordResource From(AuditRecord r) => new(
        r.Id.ToString(), r.PartnerId.ToString(), r.CustomerId?.ToString(), r.CustomerName, r.UserPrincipalName, r.ResourceType, r.ResourceId,
        r.OperationType, r.OperationStatus, r.OperationDate, r.CustomizedData.Select(d => new KeyValue(d.Key, d.Value)).ToList(), r.ResourceOldValue,
        r.ResourceNewValue, new ResourceAttributes("AuditRecord"));
}

/// <summary>GET /v1/auditrecords?startDate=&amp;endDate=[&amp;filter=][&amp;size=]: the activity log, seek-paged (MS-ContinuationToken).</summary>
public static class AuditRecordsApi
{

    public static void MapAuditRecords(this IEndpointRouteBuilder v1) =>
        v1.MapGet("/auditrecords", ListAsync).WithTags("Activity").RequirePermission(Permission.ReadActivity);

    private static async Task<IResult> ListAsync(HttpContext context, AuditQueries queries, string? startDate, string? endDate, string? filter, int? size,
        [FromHeader(Name = "MS-ContinuationToken")] string? continuationToken)
    {
        // The SDK sends DateTime.ToString(InvariantCulture) ("09/02/2020 00:00:00"); the docs send ISO dates.
        DateTimeOffset? start = null, end = null;
        foreach (var (name, text) in new[] { ("startDate", startDate), ("endDate", endDate) })
        {
            if (string.IsNullOrWhiteSpace(text))
                continue;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                return Refusal.Of(ErrorCodes.InvalidProperty, name, "an ISO 8601 date or MM/dd/yyyy HH:mm:ss").ToResult(context);
            if (name == "startDate")
                start = parsed;
            else
                end = parsed;
        }

        var parsedFilter = ParseFilter(filter);
        if (!parsedFilter.IsSuccess)
            return parsedFilter.Refusal!.ToResult(context);
        var result = await queries.ListAsync(context.Caller(), new AuditPageRequest(start, end, parsedFilter.Value, size, continuationToken), context.RequestAborted);
        return result.Map(context, page =>
        {
            var query = context.Request.QueryString.Value ?? "";
            var next = page.ContinuationToken is null
                ? null
                : new Link($"/auditrecords{query}", "GET", [new LinkHeader("MS-ContinuationToken", page.ContinuationToken)]);
            var items = page.Items.Select(AuditRecordResource.From).ToList();
            return Results.Json(new Collection<AuditRecordResource>(items.Count, items, new CollectionLinks(new Link($"/auditrecords{query}"), next), page.ContinuationToken), Json.Options);
        });
    }

    /// <summary>Partner Center's filters: CompanyName (substring), CustomerId (equals), ResourceType (equals).</summary>
    private static Result<AuditFilter?> ParseFilter(string? filter)
    {
        var parsed = Filters.Parse<AuditFilterField>(filter, field => field == AuditFilterField.CompanyName ? "substring" : "equals");
        return !parsed.IsSuccess ? parsed.Refusal! : parsed.Value is { } f ? new AuditFilter(f.Field, f.Value) : (AuditFilter?)null;
    }
}
