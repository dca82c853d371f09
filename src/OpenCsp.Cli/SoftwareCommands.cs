using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Software;
using Spectre.Console;

namespace OpenCsp.Cli;

/// <summary>A customer's Software page from the command line (SW-3, SW-8..13): the same use cases as the API.</summary>
public static class SoftwareCommands
{
    public static Command Software(IAnsiConsole console)
    {
        var customer = new Option<Guid>("--customer") { Required = true, Description = "The customer id" };
        var list = new Command("list", "List the software bought for a customer: status, order, key (masked), days left to cancel") { customer };
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var customerId = parse.GetValue(customer);
            var result = await scope.ServiceProvider.GetRequiredService<SoftwarePurchases>().ListAsync(await CliApp.OperatorOfCustomerAsync(scope, customerId, ct), customerId, ct);
            return CliApp.Report(console, result, purchases =>
            {
                var table = new Table().AddColumns("Purchase", "Product", "Qty", "Status", "Order", "Bought (UTC)", "Key", "Cancel");
                foreach (var p in purchases)
                {
                    var cancel = p.CancelRefusal is null
                        ? $"{p.DaysLeftToCancel} days left"
                        : ErrorText.Describe(p.CancelRefusal, CultureInfo.GetCultureInfo("en-US"));
                    table.AddRow(p.Subscription.Id.ToString(), Markup.Escape(p.Subscription.OfferName), p.Subscription.Quantity.ToString(CultureInfo.InvariantCulture),
                        p.Status, p.Subscription.OrderId?.ToString() ?? "", Iso.Format(p.Subscription.CreatedAt), p.MaskedKey ?? "", Markup.Escape(cancel));
                }

                console.Write(table);
            });
        });

        var order = new Option<Guid>("--order") { Required = true, Description = "The order id to cancel (SW-10)" };
        var preview = new Option<bool>("--preview") { Description = "Show the credit it would give, change nothing" };
        var cancel = new Command("cancel", "Cancel a software purchase by its order id: confirmed now, applied after the policy's delay (SW-12)") { customer, order, preview };
        cancel.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var customerId = parse.GetValue(customer);
            var result = await scope.ServiceProvider.GetRequiredService<CancelOrder>()
                .RunAsync(await CliApp.OperatorOfCustomerAsync(scope, customerId, ct), customerId, parse.GetValue(order), null, parse.GetValue(preview), ct);
            return CliApp.Report(console, result, done =>
            {
                console.WriteLine(done.Preview
                    ? $"Preview: nothing was changed. The cancellation would apply at {Iso.Format(done.AppliesAt)}."
                    : $"Cancellation confirmed; it applies at {Iso.Format(done.AppliesAt)} (pending until then).");
                foreach (var credit in done.Credits)
                    console.WriteLine($"Credit: {credit.TotalAmount:0.00} {credit.Currency} ({credit.Description})");
            });
        });
        return new Command("software", "Software purchases: list and cancel") { list, cancel };
    }
}
