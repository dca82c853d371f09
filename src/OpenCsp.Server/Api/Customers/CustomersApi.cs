using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Customers;

/// <summary>/v1/customers (API.md B §5.1): list (seek-paged, filtered), create (idempotent by MS-RequestId), get, profiles.</summary>
public static class CustomersApi
{
    public static void MapCustomers(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/customers").WithTags("Customers");
        group.MapGet("", ListAsync).RequirePermission(Permission.ReadCustomers);
        group.MapPost("", CreateAsync).RequirePermission(Permission.ManageCustomers);
        group.MapGet("/{customerId}", GetAsync).RequirePermission(Permission.ReadCustomers);
        group.MapGet("/{customerId}/profiles/company", GetCompanyProfileAsync).RequirePermission(Permission.ReadCustomers);
        group.MapGet("/{customerId}/profiles/billing", GetBillingProfileAsync).RequirePermission(Permission.ReadCustomers);
        group.MapPut("/{customerId}/profiles/billing", UpdateBillingProfileAsync).RequirePermission(Permission.ManageCustomers);
    }


    private static async Task<IResult> ListAsync(
        HttpContext context, ListCustomers list, int? size, string? filter, string? seekOperation,
        [FromHeader(Name = "MS-ContinuationToken")] string? continuationToken)
    {
        var parsedFilter = ParseFilter(filter);
        if (!parsedFilter.IsSuccess)
            return parsedFilter.Refusal!.ToResult(context);
        var seekNext = seekOperation is null || seekOperation.Equals("next", StringComparison.OrdinalIgnoreCase);
        if (!seekNext && !seekOperation!.Equals("first", StringComparison.OrdinalIgnoreCase))
            return Refusal.Of(ErrorCodes.InvalidProperty, "seekOperation", "only Next and First are supported").ToResult(context);
        if (seekOperation is not null && seekNext && string.IsNullOrWhiteSpace(continuationToken))
            return Refusal.Of(ErrorCodes.InvalidContinuationToken).ToResult(context);

        var request = new CustomerPageRequest(size, parsedFilter.Value, seekNext ? continuationToken : null);
        var result = await list.RunAsync(context.Caller(), request, context.RequestAborted);
        return result.Map(context, page =>
        {
            var query = $"size={(size is > 0 ? Math.Min(size.Value, ListCustomers.MaxPageSize) : ListCustomers.DefaultPageSize)}"
                        + (filter is null ? "" : "&filter=" + Uri.EscapeDataString(filter));
            var next = page.ContinuationToken is null
                ? null
                : new Link($"/customers?{query}&seekOperation=Next", "GET", [new LinkHeader("MS-ContinuationToken", page.ContinuationToken)]);
            var items = page.Items.Select(c => CustomerResource.From(c, detail: false)).ToList();
            return Results.Json(
                new Collection<CustomerResource>(items.Count, items, new CollectionLinks(new Link($"/customers?{query}"), next), page.ContinuationToken),
                Json.Options);
        });
    }

    private static Result<CustomerFilter?> ParseFilter(string? filter)
    {
        var parsed = Filters.Parse<CustomerSearchField>(filter, _ => "starts_with");
        return !parsed.IsSuccess ? parsed.Refusal! : parsed.Value is { } f ? new CustomerFilter(f.Field, f.Value) : (CustomerFilter?)null;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, CreateCustomer create, CustomerInput input)
    {
        Guid? reseller = null;
        if (!string.IsNullOrWhiteSpace(input.AssociatedPartnerId))
        {
            if (!Guid.TryParse(input.AssociatedPartnerId, out var id))
                return Refusal.Of(ErrorCodes.InvalidProperty, "associatedPartnerId", "must be a partner id (GUID)").ToResult(context);
            reseller = id;
        }

        var result = await create.RunAsync(context.Caller(), new NewCustomer(
            input.CompanyProfile?.Domain,
            input.CompanyProfile?.CompanyName,
            input.BillingProfile?.ToProfile(),
            input.Segment ?? CustomerSegment.Commercial,
            reseller,
            input.CompanyProfile?.OrganizationRegistrationNumber), context.RequestAborted);
        return result.Map(context, c => Results.Json(CustomerResource.From(c, detail: true), Json.Options, statusCode: StatusCodes.Status201Created));
    }

    private static async Task<IResult> GetAsync(HttpContext context, GetCustomer get, string customerId) =>
        await WithCustomerAsync(context, get, customerId, c => CustomerResource.From(c, detail: true));

    private static async Task<IResult> GetCompanyProfileAsync(HttpContext context, GetCustomer get, string customerId) =>
        await WithCustomerAsync(context, get, customerId, CustomerResource.Company);

    private static async Task<IResult> GetBillingProfileAsync(HttpContext context, GetCustomer get, string customerId) =>
        await WithCustomerAsync(context, get, customerId, CustomerResource.Billing);

    private static async Task<IResult> UpdateBillingProfileAsync(
        HttpContext context, UpdateBillingProfile update, string customerId, BillingProfileInput input)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        var expected = Etags.Expected(context, id, input.Attributes?.Etag);
        var result = await update.RunAsync(context.Caller(), id, input.ToProfile(), expected, context.RequestAborted);
        return result.Map(context, c => Results.Json(CustomerResource.Billing(c), Json.Options));
    }

    private static async Task<IResult> WithCustomerAsync<T>(HttpContext context, GetCustomer get, string customerId, Func<Customer, T> shape)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        var result = await get.RunAsync(context.Caller(), id, context.RequestAborted);
        return result.Map(context, c => Results.Json(shape(c), Json.Options));
    }
}
