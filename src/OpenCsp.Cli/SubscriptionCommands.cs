using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Subscriptions;
using Spectre.Console;

namespace OpenCsp.Cli;

/// <summary>Subscriptions and their lifecycle from the command line: the same use cases as PATCH subscription and the due-work sweep.</summary>
public static class SubscriptionCommands
{
    public static Command Subscriptions(IAnsiConsole console)
    {
        var customer = new Option<Guid>("--customer") { Required = true, Description = "The customer id" };
        var list = new Command("list", "List a customer's subscriptions") { customer };
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var customerId = parse.GetValue(customer);
            var result = await scope.ServiceProvider.GetRequiredService<OrderQueries>().SubscriptionsAsync(await CliApp.OperatorOfCustomerAsync(scope, customerId, ct), customerId, null, ct);
            return CliApp.Report(console, result, subscriptions => console.Write(Table(subscriptions)));
        });

        var subscription = new Option<Guid>("--subscription") { Required = true, Description = "The subscription id" };
        var quantity = new Option<int?>("--quantity") { Description = "New number of licenses (SUB-1, NCE-12)" };
        var status = new Option<string?>("--status") { Description = "active (reactivate), suspended, or deleted (cancel)" };
        var reason = new Option<string?>("--reason") { Description = "Why it is suspended: customer_request, nonpayment or fraud (SUB-2)" };
        var autoRenew = new Option<bool?>("--auto-renew") { Description = "Turn auto-renew on or off (NCE-4)" };
        var name = new Option<string?>("--friendly-name") { Description = "A nickname" };
        var nextSku = new Option<string?>("--schedule-sku") { Description = "Manage renewals: the product:sku of the next term (NCE-5..7)" };
        var nextTerm = new Option<string?>("--schedule-term") { Description = "The next term's duration, e.g. P1Y" };
        var nextCycle = new Option<string?>("--schedule-cycle") { Description = "The next term's billing cycle: monthly or annual" };
        var nextQuantity = new Option<int?>("--schedule-quantity") { Description = "The next term's licenses" };
        var clear = new Option<bool>("--clear-schedule") { Description = "Delete the scheduled change" };
        var preview = new Option<bool>("--preview") { Description = "Show what would happen, change nothing" };
        var update = new Command("update", "Change a subscription: quantity, status, auto-renew, nickname, scheduled change")
        {
            customer, subscription, quantity, status, reason, autoRenew, name, nextSku, nextTerm, nextCycle, nextQuantity, clear, preview,
        };
        update.SetAction(async (parse, ct) =>
        {
            var parsedStatus = EnumValues.Parse<SubscriptionStatus>(parse.GetValue(status), "--status");
            var parsedReason = EnumValues.Parse<SuspensionReason>(parse.GetValue(reason), "--reason");
            var parsedCycle = EnumValues.Parse<BillingCycle>(parse.GetValue(nextCycle), "--schedule-cycle");
            if ((parsedStatus.Refusal ?? parsedReason.Refusal ?? parsedCycle.Refusal) is { } bad)
                return CliApp.Fail(console, ErrorText.Describe(bad, CultureInfo.GetCultureInfo("en-US")));
            var sku = parse.GetValue(nextSku)?.Split(':');
            var scheduling = sku is not null || parse.GetValue(nextTerm) is not null || parsedCycle.Value is not null || parse.GetValue(nextQuantity) is not null;
            var patch = new SubscriptionPatch(
                parse.GetValue(quantity), parsedStatus.Value, parsedReason.Value, parse.GetValue(autoRenew), parse.GetValue(name),
                SetSchedule: scheduling || parse.GetValue(clear),
                Schedule: scheduling ? new ScheduledChangeInput(sku?[0], sku?.ElementAtOrDefault(1), null, parse.GetValue(nextTerm), parsedCycle.Value, parse.GetValue(nextQuantity) ?? 0) : null);

            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var customerId = parse.GetValue(customer);
            var result = await scope.ServiceProvider.GetRequiredService<UpdateSubscription>()
                .RunAsync(await CliApp.OperatorOfCustomerAsync(scope, customerId, ct), customerId, parse.GetValue(subscription), patch, parse.GetValue(preview), ct);
            return CliApp.Report(console, result, done =>
            {
                if (done.Preview)
                    console.MarkupLine("[yellow]Preview: nothing was changed.[/]");
                console.Write(Table([done.Subscription, .. done.AlsoChanged]));
                foreach (var line in done.Ledger)
                    console.WriteLine($"{line.Kind}: {line.TotalAmount:0.00} {line.Currency} ({line.Description})");
            });
        });

        var within = new Option<string>("--within") { Description = "How far ahead, an ISO-8601 duration", DefaultValueFactory = _ => "P30D" };
        var partner = new Option<Guid>("--partner") { Required = true, Description = "The partner whose customers to look at" };
        var deadlines = new Command("deadlines", "What closes or happens soon: refund windows, renewals, conversions, deletions") { partner, within };
        deadlines.SetAction(async (parse, ct) =>
        {
            if (Iso.ParseDuration(parse.GetValue(within)!) is not { IsZero: false } span)
                return CliApp.Fail(console, $"'{parse.GetValue(within)}' is not an ISO-8601 duration such as P30D");
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var partnerId = parse.GetValue(partner);
            if (await CliApp.OperatorOfPartnerAsync(scope, partnerId, ct) is not { } caller)
                return CliApp.Fail(console, $"no partner {partnerId}");
            var result = await scope.ServiceProvider.GetRequiredService<SubscriptionQueries>().DeadlinesAsync(caller, span, null, ct);
            return CliApp.Report(console, result, found =>
            {
                var table = new Table().AddColumns("When (UTC)", "What", "Subscription", "Customer");
                foreach (var d in found)
                    table.AddRow(Iso.Format(d.At), d.Kind, Markup.Escape(d.Subject), d.CustomerId.ToString());
                console.Write(table);
            });
        });
        return new Command("subscriptions", "Subscriptions and their lifecycle") { list, update, deadlines };
    }

    public static Command Lifecycle(IAnsiConsole console)
    {
        var run = new Command("run", "Run one sweep of due work now: billing periods, renewals, trial conversions, expiry steps, data deletion");
        run.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var done = await scope.ServiceProvider.GetRequiredService<DueWork>().RunUntilIdleAsync(ct);
            console.WriteLine($"Handled {done.Handled} due events.");
            foreach (var closed in done.Closed)
                console.WriteLine($"Closed billing period {closed.Period.Name}: {closed.Invoices.Count - closed.AlreadyClosed} invoices.");
            return 0;
        });
        return new Command("lifecycle", "The subscription lifecycle's due work") { run };
    }

    private static Table Table(IEnumerable<Subscription> subscriptions)
    {
        var table = new Table().AddColumns("Subscription", "Offer", "Qty", "Status", "Auto-renew", "Term ends (UTC)", "Next");
        foreach (var s in subscriptions)
        {
            var next = SubscriptionLifecycle.NextEvent(s) is { } due ? $"{Naming.Kebab(due.Event.ToString())} {Iso.Format(due.At)}" : "";
            table.AddRow(s.Id.ToString(), Markup.Escape(s.FriendlyName), s.Quantity.ToString(CultureInfo.InvariantCulture), s.Status.ToString().ToLowerInvariant(),
                s.AutoRenewEnabled ? "on" : "off", s.TermEnd > s.TermStart ? Iso.Format(s.TermEnd) : "", next);
        }

        return table;
    }
}
