using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Support;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Support;

public sealed record ContactResource(string? FirstName, string? LastName, string? Email, string? PhoneNumber, string? ContactId = null);

public sealed record OrganizationResource(string Id, string? Name = null);

public sealed record NoteResource(string CreatedByName, DateTimeOffset CreatedDate, string Text);

public sealed record FileLinkResource(string Id, string FileNameWithoutExtension, string FileExtension, long FileSize, string Comment, Link Location);

public sealed record RefundResource(string CustomerTenantIdOrDomain, string OrderOrSubscriptionId, string Reason, decimal Amount, string Currency);

/// <summary>Partner Center's ServiceRequest (API.md B §4.10), with the customer and the refund details it concerns (SR-1).</summary>
public sealed record ServiceRequestResource(
    string Id, string Title, string Description, ServiceRequestSeverity Severity, string SupportTopicId, string SupportTopicName, ServiceRequestStatus Status,
    OrganizationResource Organization, ContactResource PrimaryContact, ContactResource LastUpdatedBy, string? ProductName, string? ProductId,
    DateTimeOffset CreatedDate, DateTimeOffset LastModifiedDate, DateTimeOffset? LastClosedDate, IReadOnlyList<NoteResource> Notes,
    IReadOnlyList<FileLinkResource> FileLinks, string CountryCode, string? CustomerId, RefundResource? Refund, SelfLinks Links, ResourceAttributes Attributes)
{
    public static ServiceRequestResource From(ServiceRequest r, IEnumerable<ServiceRequestFile> files) => new(
        r.Id, r.Title, r.Description, r.Severity, r.SupportTopicId, r.SupportTopicName, r.Status,
        new OrganizationResource(r.PartnerId.ToString()),
        new ContactResource(r.PrimaryContact.FirstName, r.PrimaryContact.LastName, r.PrimaryContact.Email, r.PrimaryContact.PhoneNumber),
        new ContactResource(null, null, null, null, r.LastUpdatedBy), r.ProductName, r.ProductId,
        r.CreatedDate, r.LastModifiedDate, r.LastClosedDate,
        r.Notes.Select(n => new NoteResource(n.CreatedByName, n.CreatedDate, n.Text)).ToList(),
        files.Select(f => new FileLinkResource(f.Id.ToString(), Path.GetFileNameWithoutExtension(f.FileName), f.Extension, f.Size, f.Comment,
            new Link($"/servicerequests/{r.Id}/attachments/{f.Id}"))).ToList(),
        r.CountryCode, r.CustomerId?.ToString(),
        r.Refund is { } x ? new RefundResource(x.CustomerTenantIdOrDomain, x.OrderOrSubscriptionId, x.Reason, x.Amount, x.Currency) : null,
        new SelfLinks(new Link($"/servicerequests/{r.Id}")), new ResourceAttributes("ServiceRequest"));
}

public sealed record SupportTopicResource(string Id, string Name, string Description, ResourceAttributes Attributes);

public sealed record RefundBody(string? CustomerTenantIdOrDomain, string? OrderOrSubscriptionId, string? Reason, decimal? Amount, string? Currency);

public sealed record ServiceRequestBody(
    string? Title, string? Description, ServiceRequestSeverity? Severity, string? SupportTopicId, ContactResource? PrimaryContact,
    string? ProductName, string? ProductId, string? CountryCode, string? CustomerId, RefundBody? Refund);

public sealed record NoteBody(string? Text);

public sealed record ServiceRequestPatchBody(NoteBody? NewNote, ServiceRequestStatus? Status, ServiceRequestSeverity? Severity);

/// <summary>Support requests (SR-1; API.md B §4.10), their topics, and attachments (ours: multipart upload, download only as a file).</summary>
public static class ServiceRequestsApi
{
    public static void MapServiceRequests(this IEndpointRouteBuilder v1)
    {
        var partner = v1.MapGroup("/servicerequests").WithTags("Support");
        partner.MapGet("/supporttopics", Topics).RequirePermission(Permission.ManageSupportRequests);
        partner.MapGet("", ListAsync).RequirePermission(Permission.ManageSupportRequests);
        partner.MapPost("/{locale}", CreateAsync).RequirePermission(Permission.ManageSupportRequests);
        partner.MapGet("/{id}", GetAsync).RequirePermission(Permission.ManageSupportRequests);
        partner.MapPatch("/{id}", PatchAsync).RequirePermission(Permission.ManageSupportRequests);
        partner.MapPost("/{id}/attachments", AttachAsync).RequirePermission(Permission.ManageSupportRequests);
        partner.MapGet("/{id}/attachments/{fileId}", FileAsync).RequirePermission(Permission.ManageSupportRequests);

        var customer = v1.MapGroup("/customers/{customerId}/servicerequests").WithTags("Support");
        customer.MapGet("", ListForCustomerAsync).RequirePermission(Permission.ManageSupportRequests);
        customer.MapGet("/{id}", GetForCustomerAsync).RequirePermission(Permission.ManageSupportRequests);
        customer.MapPatch("/{id}", PatchForCustomerAsync).RequirePermission(Permission.ManageSupportRequests);
    }

    private static IResult Topics()
    {
        var items = SupportTopics.All.Select(t => new SupportTopicResource(t.Id, t.Name, t.Description, new ResourceAttributes("SupportTopic"))).ToList();
        return Results.Json(new Collection<SupportTopicResource>(items.Count, items, new CollectionLinks(new Link("/servicerequests/supporttopics"))), Json.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SupportRequests support, string locale, ServiceRequestBody body)
    {
        if (!IsLocale(locale))
            return Refusal.Of(ErrorCodes.InvalidProperty, "locale", "an agent locale such as en-US").ToResult(context);
        Guid? customerId = null;
        if (!string.IsNullOrWhiteSpace(body.CustomerId))
        {
            if (!Ids.TryCustomer(body.CustomerId, out var c, out var bad))
                return bad.ToResult(context);
            customerId = c;
        }

        var contact = body.PrimaryContact;
        var refund = body.Refund;
        var result = await support.CreateAsync(context.Caller(), locale, new NewServiceRequest(
            body.Title, body.Description, body.Severity, body.SupportTopicId,
            contact is null ? null : new ContactInput(contact.FirstName, contact.LastName, contact.Email, contact.PhoneNumber),
            body.ProductName, body.ProductId, body.CountryCode, customerId,
            refund is null ? null : new RefundInput(refund.CustomerTenantIdOrDomain, refund.OrderOrSubscriptionId, refund.Reason, refund.Amount, refund.Currency)),
            context.RequestAborted);
        return result.Map(context, r => Results.Json(ServiceRequestResource.From(r, []), Json.Options, statusCode: StatusCodes.Status201Created));
    }

    private static Task<IResult> ListAsync(HttpContext context, SupportRequests support, [FromQuery] string? status, [FromQuery] string? filter,
        [FromQuery] int? offset, [FromQuery] int? size) =>
        ListCoreAsync(context, support, null, status, filter, offset, size);

    private static async Task<IResult> ListForCustomerAsync(HttpContext context, SupportRequests support, string customerId, [FromQuery] string? status, [FromQuery] string? filter,
        [FromQuery] int? offset, [FromQuery] int? size)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        return await ListCoreAsync(context, support, id, status, filter, offset, size);
    }

    private enum FilterField
    {
        Status,
    }

    /// <summary>
    /// The SDK searches by Status, as <c>?filter={"Field":"Status","Value":"open","Operator":"equals"}</c> or <c>?status=</c>,
    /// and pages by index (<c>offset</c>, <c>size</c>).
    /// </summary>
    private static async Task<IResult> ListCoreAsync(HttpContext context, SupportRequests support, Guid? customerId, string? status, string? filter, int? offset, int? size)
    {
        if (IndexPaging.Check(size, offset) is { } badPage)
            return badPage.ToResult(context);
        var parsedFilter = Filters.Parse<FilterField>(filter, _ => "equals");
        if (!parsedFilter.IsSuccess)
            return parsedFilter.Refusal!.ToResult(context);
        if (parsedFilter.Value is { } byStatus)
            status = byStatus.Value;

        var parsedStatus = EnumValues.Parse<ServiceRequestStatus>(status, "status");
        if (!parsedStatus.IsSuccess)
            return parsedStatus.Refusal!.ToResult(context);
        var (skip, take) = (offset ?? 0, size ?? int.MaxValue);
        var result = await support.PageAsync(context.Caller(), customerId, parsedStatus.Value, skip, take, context.RequestAborted);
        if (!result.IsSuccess)
            return result.Refusal!.ToResult(context);
        var (requests, total) = result.Value;
        var files = await support.FilesAsync(requests.Select(r => r.Id).ToList(), context.RequestAborted);
        var items = requests.Select(r => ServiceRequestResource.From(r, files[r.Id])).ToList();
        var self = customerId is { } c ? $"/customers/{c}/servicerequests" : "/servicerequests";
        var query = parsedStatus.Value is { } wanted ? $"status={Json.EnumName(wanted)}&" : "";
        return Results.Json(new Collection<ServiceRequestResource>(total, items,
            new CollectionLinks(new Link(self), IndexPaging.Next($"{self}?{query}", skip, items.Count, take, total))), Json.Options);
    }

    private static Task<IResult> GetAsync(HttpContext context, SupportRequests support, string id) => GetCoreAsync(context, support, id, null);

    private static async Task<IResult> GetForCustomerAsync(HttpContext context, SupportRequests support, string customerId, string id)
    {
        if (!Ids.TryCustomer(customerId, out var c, out var bad))
            return bad.ToResult(context);
        return await GetCoreAsync(context, support, id, c);
    }

    private static async Task<IResult> GetCoreAsync(HttpContext context, SupportRequests support, string id, Guid? customerId)
    {
        var result = await support.GetAsync(context.Caller(), id, customerId, context.RequestAborted);
        if (!result.IsSuccess)
            return result.Refusal!.ToResult(context);
        var files = await support.FilesAsync([id], context.RequestAborted);
        return Results.Json(ServiceRequestResource.From(result.Value, files[id]), Json.Options);
    }

    private static Task<IResult> PatchAsync(HttpContext context, SupportRequests support, string id, ServiceRequestPatchBody body) =>
        PatchCoreAsync(context, support, id, null, body);

    private static async Task<IResult> PatchForCustomerAsync(HttpContext context, SupportRequests support, string customerId, string id, ServiceRequestPatchBody body)
    {
        if (!Ids.TryCustomer(customerId, out var c, out var bad))
            return bad.ToResult(context);
        return await PatchCoreAsync(context, support, id, c, body);
    }

    private static async Task<IResult> PatchCoreAsync(HttpContext context, SupportRequests support, string id, Guid? customerId, ServiceRequestPatchBody body)
    {
        var result = await support.UpdateAsync(context.Caller(), id, customerId, new ServiceRequestChange(body.NewNote?.Text, body.Status, body.Severity), context.RequestAborted);
        if (!result.IsSuccess)
            return result.Refusal!.ToResult(context);
        var files = await support.FilesAsync([id], context.RequestAborted);
        return Results.Json(ServiceRequestResource.From(result.Value, files[id]), Json.Options);
    }

    /// <summary>POST multipart/form-data with <c>file</c> and an optional <c>comment</c>.</summary>
    private static async Task<IResult> AttachAsync(HttpContext context, SupportRequests support, string id)
    {
        if (!context.Request.HasFormContentType)
            return Refusal.Of(ErrorCodes.UnsupportedMediaType).ToResult(context);
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return Refusal.Of(ErrorCodes.InvalidRequestInput, "the body is not well-formed multipart/form-data (is its boundary missing?)").ToResult(context);
        }

        if (form.Files.GetFile("file") is not { } upload)
            return Refusal.Of(ErrorCodes.InvalidProperty, "file", "a file in the form field 'file'").ToResult(context);
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, context.RequestAborted);
        var result = await support.AttachAsync(context.Caller(), id, new NewAttachment(upload.FileName, form["comment"].ToString(), buffer.ToArray()), context.RequestAborted);
        return result.Map(context, f => Results.Json(
            new FileLinkResource(f.Id.ToString(), Path.GetFileNameWithoutExtension(f.FileName), f.Extension, f.Size, f.Comment, new Link($"/servicerequests/{id}/attachments/{f.Id}")),
            Json.Options, statusCode: StatusCodes.Status201Created));
    }

    /// <summary>Always a download, never rendered: whatever was uploaded cannot run in the browser of whoever opens it.</summary>
    private static async Task<IResult> FileAsync(HttpContext context, SupportRequests support, string id, string fileId)
    {
        if (!Guid.TryParse(fileId, out var file))
            return Refusal.Of(ErrorCodes.ServiceRequestNotFound, $"{id}/{fileId}").ToResult(context);
        var result = await support.FileAsync(context.Caller(), id, file, context.RequestAborted);
        if (!result.IsSuccess)
            return result.Refusal!.ToResult(context);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.File(result.Value.Content, "application/octet-stream", result.Value.FileName);
    }

    private static bool IsLocale(string locale)
    {
        try
        {
            return locale.Length is >= 2 and <= 10 && !CultureInfo.GetCultureInfo(locale, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
