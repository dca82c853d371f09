using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Common;
using Spectre.Console;

namespace OpenCsp.Cli;

/// <summary>Billing from the command line: close a period into invoices, list them, write a reconciliation file.</summary>
public static class BillingCommands
{
    public static Command Billing(IAnsiConsole console)
    {
        var period = new Option<string>("--period") { Required = true, Description = "The billing period by the month it starts in, e.g. 2027-01" };
        var preview = new Option<bool>("--preview") { Description = "Show the invoices without writing them" };
        var partnerFilter = new Option<Guid?>("--partner") { Description = "Only this partner (default: every partner)" };
        var run = new Command("run", "Close a billing period: one invoice per partner and currency (BILL-1, BILL-2); safe to run again") { period, preview, partnerFilter };
        run.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var billing = scope.ServiceProvider.GetRequiredService<RunBilling>();
            if (billing.ParsePeriod(parse.GetValue(period)) is not { } closing)
                return CliApp.Fail(console, ErrorText.Describe(Refusal.Of(ErrorCodes.InvalidBillingPeriod, parse.GetValue(period) ?? ""), CultureInfo.GetCultureInfo("en-US")));
            Result<BillingRunResult> result = default;
            await console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Billing {closing.Name}");
                result = await billing.RunAsync(closing, parse.GetValue(partnerFilter), parse.GetValue(preview),
                    new Progress<(int Done, int Total)>(p => (task.MaxValue, task.Value) = (Math.Max(p.Total, 1), p.Done)), ct);
                task.Value = task.MaxValue;
            });
            return CliApp.Report(console, result, done =>
            {
                if (done.Preview)
                    console.MarkupLine("[yellow]Preview: nothing was written.[/]");
                console.Write(Table(done.Invoices));
                if (done.AlreadyClosed > 0)
                    console.WriteLine($"{done.AlreadyClosed} invoice(s) of {done.Period.Name} were already there.");
            });
        });

        var partner = new Option<Guid>("--partner") { Required = true, Description = "The partner whose invoices to list" };
        var list = new Command("invoices", "List a partner's invoices") { partner };
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            if (await CliApp.OperatorOfPartnerAsync(scope, parse.GetValue(partner), ct) is not { } caller)
                return CliApp.Fail(console, $"no partner {parse.GetValue(partner)}");
            console.Write(Table(await scope.ServiceProvider.GetRequiredService<InvoiceQueries>().ListAsync(caller, ct)));
            return 0;
        });

        var invoiceId = new Option<string>("--invoice") { Required = true, Description = "The invoice id" };
        var output = new Option<FileInfo>("--out") { Required = true, Description = "Where to write the CSV" };
        var csv = new Command("csv", "Write an invoice's reconciliation file (one row per line item)") { partner, invoiceId, output };
        csv.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            if (await CliApp.OperatorOfPartnerAsync(scope, parse.GetValue(partner), ct) is not { } caller)
                return CliApp.Fail(console, $"no partner {parse.GetValue(partner)}");
            var queries = scope.ServiceProvider.GetRequiredService<InvoiceQueries>();
            var invoice = await queries.GetAsync(caller, parse.GetValue(invoiceId)!, ct);
            if (!invoice.IsSuccess)
                return CliApp.Report(console, invoice, _ => { });
            await using (var writer = new StreamWriter(parse.GetValue(output)!.FullName))
                await ReconciliationFile.WriteAsync(invoice.Value, queries.AllLinesAsync(caller, invoice.Value.Id, ct), writer, ct);
            console.WriteLine($"Wrote {invoice.Value.LineCount} lines to {parse.GetValue(output)!.FullName}");
            return 0;
        });
        return new Command("billing", "Billing periods and invoices") { run, list, csv };
    }

    private static Table Table(IEnumerable<Invoice> invoices)
    {
        var table = new Table().AddColumns("Invoice", "Partner", "Period", "Lines", "Subtotal", "Tax", "Total");
        foreach (var i in invoices)
        {
            table.AddRow(i.Id, i.PartnerId.ToString(), i.PeriodStart.ToString("yyyy-MM", CultureInfo.InvariantCulture), i.LineCount.ToString(CultureInfo.InvariantCulture),
                Amount(i.Subtotal, i.Currency), Amount(i.Tax, i.Currency), Amount(i.Total, i.Currency));
        }

        return table;
    }

    private static string Amount(decimal value, string currency) => string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {currency}");
}
