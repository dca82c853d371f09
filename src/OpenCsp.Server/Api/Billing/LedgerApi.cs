using OpenCsp.Core.Billing;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Billing;

public sealed record LedgerEntryResource(
    string Id, string? SubscriptionId, string? OrderId, LedgerEntryKind Kind, string Description, int Quantity, decimal UnitPrice,
    decimal NetAmount, decimal TaxAmount, decimal TotalAmount, string CurrencyCode, DateTimeOffset PeriodStartDate,
    DateTimeOffset PeriodEndDate, DateTimeOffset PostedDate, string PolicySet, ResourceAttributes Attributes)
{
    public static LedgerEntryResource From(LedgerEntry l) => new(
        l.Id.ToString(), l.SubscriptionId?.ToString(), l.OrderId?.ToString(), l.Kind, l.Description, l.Quantity, l.UnitPrice,
        l.NetAmount, l.TaxAmount, l.TotalAmount, l.Currency, l.PeriodStart, l.PeriodEnd, l.PostedAt, l.PolicySet,
        new ResourceAttributes("LedgerEntry"));
}

/// <summary>
/// OpenCsp's ledger (no Partner Center equivalent; its invoices come from it): GET /v1/customers/{id}/ledger lists the
/// charges, prorated charges and credits a customer's purchases wrote.
/// </summary>
public static class LedgerApi
{
    public static void MapLedger(this IEndpointRouteBuilder v1) =>
        v1.MapGet("/customers/{customerId}/ledger", ListAsync).WithTags("Billing").RequirePermission(Permission.ReadBilling);

    private static async Task<IResult> ListAsync(HttpContext context, LedgerQueries ledger, string customerId)
    {
        if (!Ids.TryCustomer(customerId, out var id, out var bad))
            return bad.ToResult(context);
        var result = await ledger.ForCustomerAsync(context.Caller(), id, context.RequestAborted);
        return result.Map(context, lines =>
        {
            var items = lines.Select(LedgerEntryResource.From).ToList();
            return Results.Json(new Collection<LedgerEntryResource>(items.Count, items, new CollectionLinks(new Link($"/customers/{id}/ledger"))), Json.Options);
        });
    }
}
