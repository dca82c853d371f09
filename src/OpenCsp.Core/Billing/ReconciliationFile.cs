using System.Globalization;
using CsvHelper;

namespace OpenCsp.Core.Billing;

/// <summary>An invoice's reconciliation file: one CSV row per line item, columns as README.md documents them.</summary>
public static class ReconciliationFile
{
    public static async Task WriteAsync(Invoice invoice, IAsyncEnumerable<InvoiceLine> lines, TextWriter writer, CancellationToken ct)
    {
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        string[] header = ["InvoiceNumber", "PartnerId", "CustomerId", "CustomerName", "CustomerDomainName", "CustomerCountry", "OrderId", "SubscriptionId",
            "ChargeType", "Description", "UnitPrice", "Quantity", "Subtotal", "TaxTotal", "TotalForCustomer", "Currency", "ChargeStartDate", "ChargeEndDate", "PostedDate"];
        foreach (var name in header)
            csv.WriteField(name);
        await csv.NextRecordAsync();
        await foreach (var line in lines.WithCancellation(ct))
        {
            var l = line.Entry;
            object[] row = [invoice.Id, l.PartnerId, l.CustomerId, line.CustomerName, line.CustomerDomain, line.CustomerCountry, l.OrderId?.ToString() ?? "",
                l.SubscriptionId?.ToString() ?? "", ChargeType(l.Kind), l.Description, Amount(l.UnitPrice), l.Quantity, Amount(l.NetAmount), Amount(l.TaxAmount),
                Amount(l.TotalAmount), l.Currency, Date(l.PeriodStart), Date(l.PeriodEnd), Date(l.PostedAt)];
            foreach (var field in row)
                csv.WriteField(field);
            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }

    /// <summary>Partner Center's charge types: new, cycle charges, and refunds (credits).</summary>
    public static string ChargeType(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Charge => "new",
        LedgerEntryKind.ProratedCharge => "addQuantity",
        _ => "cancelImmediate",
    };

    private static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
