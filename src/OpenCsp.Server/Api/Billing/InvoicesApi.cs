using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Api.Pipeline;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Billing;

public sealed record InvoiceDetailResource(string InvoiceLineItemType, string BillingProvider, SelfLinks Links, ResourceAttributes Attributes);

/// <summary>Partner Center's Invoice (API.md B §4.11).</summary>
public sealed record InvoiceResource(
    string Id, DateTimeOffset InvoiceDate, DateTimeOffset BillingPeriodStartDate, DateTimeOffset BillingPeriodEndDate, decimal TotalCharges,
    decimal PaidAmount, string CurrencyCode, string CurrencySymbol, IReadOnlyList<InvoiceDetailResource> InvoiceDetails, string DocumentType,
    string InvoiceType, decimal Subtotal, decimal TaxTotal, int LineItemCount, SelfLinks Links, ResourceAttributes Attributes)
{
    public static InvoiceResource From(Invoice i) => new(
        i.Id, i.InvoiceDate, i.PeriodStart, i.LastDay, i.Total, 0, i.Currency, Symbol(i.Currency),
        [new InvoiceDetailResource("billing_line_items", "one_time", new SelfLinks(new Link($"/invoices/{i.Id}/lineitems?provider=onetime&invoicelineitemtype=billinglineitems")),
            new ResourceAttributes("InvoiceDetail"))],
        "Invoice", "recurring", i.Subtotal, i.Tax, i.LineCount, new SelfLinks(new Link($"/invoices/{i.Id}")), new ResourceAttributes("Invoice"));

    private static readonly Lazy<Dictionary<string, string>> Symbols = new(() => CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => new RegionInfo(c.Name)).DistinctBy(r => r.ISOCurrencySymbol).ToDictionary(r => r.ISOCurrencySymbol, r => r.CurrencySymbol));

    private static string Symbol(string currency) => Symbols.Value.GetValueOrDefault(currency, currency);
}

/// <summary>Partner Center's OneTimeInvoiceLineItem, the shape of new-commerce billing lines.</summary>
public sealed record InvoiceLineItemResource(
    string PartnerId, string CustomerId, string CustomerName, string CustomerDomainName, string CustomerCountry, string? InvoiceNumber, string? OrderId,
    string? SubscriptionId, string ChargeType, string SubscriptionDescription, decimal UnitPrice, int Quantity, decimal Subtotal, decimal TaxTotal,
    decimal TotalForCustomer, string Currency, DateTimeOffset ChargeStartDate, DateTimeOffset ChargeEndDate, DateTimeOffset PostedDate,
    string InvoiceLineItemType, string BillingProvider, ResourceAttributes Attributes)
{
    public static InvoiceLineItemResource From(InvoiceLine line)
    {
        var l = line.Entry;
        return new(l.PartnerId.ToString(), l.CustomerId.ToString(), line.CustomerName, line.CustomerDomain, line.CustomerCountry, l.InvoiceId, l.OrderId?.ToString(),
            l.SubscriptionId?.ToString(), ReconciliationFile.ChargeType(l.Kind), l.Description, l.UnitPrice, l.Quantity, l.NetAmount, l.TaxAmount, l.TotalAmount,
            l.Currency, l.PeriodStart, l.PeriodEnd, l.PostedAt, "billing_line_items", "one_time", new ResourceAttributes("OneTimeInvoiceLineItem"));
    }
}

public sealed record BillingRunBody(string? Period, bool? Preview);

public sealed record BillingRunResource(string Period, IReadOnlyList<InvoiceResource> Invoices, int AlreadyClosed, bool Preview, ResourceAttributes Attributes);

/// <summary>Invoices (API.md B §4.11), their line items and reconciliation files, the unbilled lines, and closing a period (ours).</summary>
public static class InvoicesApi
{
    public static void MapInvoices(this IEndpointRouteBuilder v1)
    {
        var invoices = v1.MapGroup("/invoices").WithTags("Billing");
        invoices.MapGet("", ListAsync).RequirePermission(Permission.ManageInvoices);
        invoices.MapGet("/unbilled/lineitems", UnbilledAsync).RequirePermission(Permission.ManageInvoices);
        invoices.MapGet("/{id}", GetAsync).RequirePermission(Permission.ManageInvoices);
        invoices.MapGet("/{id}/lineitems", LinesAsync).RequirePermission(Permission.ManageInvoices);
        invoices.MapGet("/{id}/reconciliation.csv", CsvAsync).RequirePermission(Permission.ManageInvoices);
        v1.MapPost("/billingruns", RunAsync).WithTags("Billing").RequirePermission(Permission.ManageInvoices)
            .WithMetadata(Idempotency.OwnTransactions.Instance);
    }

    /// <summary>GET /invoices[?size=&amp;offset=]: all of them, or a page by index as the SDK's Invoices.ByIndexes asks.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, InvoiceQueries queries, [FromQuery] int? size, [FromQuery] int? offset)
    {
        if (IndexPaging.Check(size, offset) is { } bad)
            return bad.ToResult(context);
        var (take, skip) = (size ?? int.MaxValue, offset ?? 0);
        var (invoices, total) = await queries.PageAsync(context.Caller(), skip, take, context.RequestAborted);
        var items = invoices.Select(InvoiceResource.From).ToList();
        return Results.Json(new Collection<InvoiceResource>(total, items,
            new CollectionLinks(new Link("/invoices"), IndexPaging.Next("/invoices?", skip, items.Count, take, total))), Json.Options);
    }

    private static async Task<IResult> GetAsync(HttpContext context, InvoiceQueries queries, string id)
    {
        var result = await queries.GetAsync(context.Caller(), id, context.RequestAborted);
        return result.Map(context, i => Results.Json(InvoiceResource.From(i), Json.Options));
    }

    private static async Task<IResult> LinesAsync(HttpContext context, InvoiceQueries queries, string id, [FromQuery] string? provider,
        [FromQuery] string? invoiceLineItemType, [FromQuery] int? size, [FromQuery] int? offset)
    {
        if (ProviderRefusal(provider, invoiceLineItemType) is { } bad)
            return bad.ToResult(context);
        var invoice = await queries.GetAsync(context.Caller(), id, context.RequestAborted);
        if (!invoice.IsSuccess)
            return invoice.Refusal!.ToResult(context);
        return await PageAsync(context, queries, id, size, offset, $"/invoices/{id}/lineitems?provider=onetime&invoicelineitemtype=billinglineitems");
    }

    private static Task<IResult> UnbilledAsync(HttpContext context, InvoiceQueries queries, [FromQuery] string? provider, [FromQuery] string? invoiceLineItemType,
        [FromQuery] int? size, [FromQuery] int? offset) =>
        ProviderRefusal(provider, invoiceLineItemType) is { } bad
            ? Task.FromResult(bad.ToResult(context))
            : PageAsync(context, queries, null, size, offset, "/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems");

    private static async Task<IResult> PageAsync(HttpContext context, InvoiceQueries queries, string? id, int? size, int? offset, string self)
    {
        var (take, skip) = (Math.Clamp(size ?? 200, 1, 2000), Math.Max(offset ?? 0, 0));
        var (lines, total) = await queries.LinesAsync(context.Caller(), id, skip, take, context.RequestAborted);
        var items = lines.Select(InvoiceLineItemResource.From).ToList();
        var next = skip + items.Count < total ? new Link($"{self}&size={take}&offset={skip + items.Count}") : null;
        return Results.Json(new Collection<InvoiceLineItemResource>(total, items, new CollectionLinks(new Link(self), next)), Json.Options);
    }

    /// <summary>Every billing line is new commerce's one-time provider here; the SDK's other providers have none yet.</summary>
    private static Refusal? ProviderRefusal(string? provider, string? type)
    {
        if (provider is not null && !provider.Equals("onetime", StringComparison.OrdinalIgnoreCase) && !provider.Equals("one_time", StringComparison.OrdinalIgnoreCase))
            return Refusal.Of(ErrorCodes.InvalidProperty, "provider", "onetime");
        return type is not null && !type.Equals("billinglineitems", StringComparison.OrdinalIgnoreCase) && !type.Equals("billing_line_items", StringComparison.OrdinalIgnoreCase)
            ? Refusal.Of(ErrorCodes.InvalidProperty, "invoicelineitemtype", "billinglineitems")
            : null;
    }

    private static async Task<IResult> CsvAsync(HttpContext context, InvoiceQueries queries, string id)
    {
        var caller = context.Caller();
        var invoice = await queries.GetAsync(caller, id, context.RequestAborted);
        if (!invoice.IsSuccess)
            return invoice.Refusal!.ToResult(context);
        return Results.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream);
            await ReconciliationFile.WriteAsync(invoice.Value, queries.AllLinesAsync(caller, id, context.RequestAborted), writer, context.RequestAborted);
        }, "text/csv; charset=utf-8", $"{id}-reconciliation.csv");
    }

    /// <summary>Closes a billing period for the caller's partner: POST {"period": "2027-01"[, "preview": true]}.</summary>
    private static async Task<IResult> RunAsync(HttpContext context, RunBilling billing, BillingRunBody body)
    {
        if (billing.ParsePeriod(body.Period) is not { } period)
            return Refusal.Of(ErrorCodes.InvalidBillingPeriod, body.Period ?? "").ToResult(context);
        var result = await billing.RunAsync(period, context.Caller().PartnerId, body.Preview == true, null, context.RequestAborted);
        return result.Map(context, r => Results.Json(new BillingRunResource(r.Period.Name, r.Invoices.Select(InvoiceResource.From).ToList(), r.AlreadyClosed, r.Preview,
            new ResourceAttributes("BillingRun")), Json.Options));
    }
}
