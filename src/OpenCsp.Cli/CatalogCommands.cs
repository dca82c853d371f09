using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using Spectre.Console;

namespace OpenCsp.Cli;

/// <summary>`opencsp catalog import|list` and `opencsp orders list`: the catalog and order use cases, run by an operator.</summary>
internal static class CatalogCommands
{
    public static Command Catalog(IAnsiConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "A price list CSV (columns in the README)" };
        var import = new Command("import", "Add or update products, SKUs, availabilities and prices from a CSV; nothing is imported if any row is bad") { file };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                return CliApp.Fail(console, $"{path.FullName} does not exist");
            var total = Math.Max(1, File.ReadLines(path.FullName).Count() - 1);
            PriceList.Parsed parsed = null!;
            await console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Reading {path.Name}", maxValue: total);
                using var reader = path.OpenText();
                parsed = PriceList.Parse(reader, read => task.Value = read);
                task.Value = total;
                await Task.CompletedTask;
            });
            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors)
                    console.MarkupLineInterpolated($"[red]line {error.Line}:[/] {error.Message}");
                return CliApp.Fail(console, $"{parsed.Errors.Count} problem(s) in {path.Name}; nothing was imported");
            }

            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var summary = await scope.ServiceProvider.GetRequiredService<ImportCatalog>().RunAsync(parsed.Rows!, ct, priceListOnly: true);
            console.MarkupLineInterpolated($"[green]Imported[/] {parsed.RowCount} rows: {summary.Products} products, {summary.Skus} SKUs, {summary.Availabilities} availabilities.");
            return 0;
        });

        var country = new Option<string>("--country") { Required = true, Description = "The market, e.g. US" };
        var view = new Option<string?>("--view") { Description = "online-services, software or azure-reservations" };
        var partner = new Option<Guid?>("--partner") { Description = "List as this partner sees it (offers it may sell, CAT-5)" };
        var list = new Command("list", "List the catalog of a market") { country, view, partner };
        list.SetAction(async (parse, ct) =>
        {
            TargetView? targetView = null;
            if (parse.GetValue(view) is { } viewText)
            {
                if (!Enum.TryParse<TargetView>(viewText.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var v))
                    return CliApp.Fail(console, "--view is online-services, software or azure-reservations");
                targetView = v;
            }

            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var caller = new Caller(parse.GetValue(partner) ?? Guid.Empty, PartnerKind.DirectBill, Role.GlobalAdmin, "opencsp-cli");
            var result = await scope.ServiceProvider.GetRequiredService<BrowseCatalog>().RunAsync(caller, new CatalogQuery(parse.GetValue(country), targetView), ct);
            return CliApp.Report(console, result, page =>
            {
                var table = new Table().AddColumns(new TableColumn("Catalog item").NoWrap(), new TableColumn("Product / SKU"), new TableColumn("Terms and prices").NoWrap());
                foreach (var offer in page.Products.SelectMany(p => p.Skus.Select(s => (p.Product, s))))
                {
                    var a = offer.s.Availability!;
                    var terms = string.Join("\n", a.Terms.Select(t => $"{(t.Duration.Length > 0 ? t.Duration : "once")} {Naming.Kebab(t.BillingCycle.ToString())}: {t.UnitPrice:0.00} {a.Currency}"));
                    table.AddRow(Markup.Escape(a.CatalogItemId), Markup.Escape($"{offer.Product.Title}\n{offer.s.Sku.Title}"), Markup.Escape(terms));
                }

                console.Write(table);
            });
        });
        return new Command("catalog", "The catalog and price lists") { import, list };
    }

    public static Command Orders(IAnsiConsole console)
    {
        var customer = new Option<Guid>("--customer") { Required = true, Description = "The customer id" };
        var list = new Command("list", "List a customer's orders with their lines and first charges") { customer };
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var customerId = parse.GetValue(customer);
            var result = await scope.ServiceProvider.GetRequiredService<OrderQueries>().OrdersAsync(await CliApp.OperatorOfCustomerAsync(scope, customerId, ct), customerId, ct);
            return CliApp.Report(console, result, orders =>
            {
                var table = new Table().AddColumns("Order", "Created (UTC)", "Line", "Offer", "Qty", "First charge");
                foreach (var order in orders)
                {
                    foreach (var line in order.Lines)
                        table.AddRow(order.Id.ToString(), Iso.Format(order.CreatedAt), line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            Markup.Escape(line.FriendlyName), line.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            $"{line.FirstCharge:0.00} {order.Currency}");
                }

                console.Write(table);
            });
        });
        return new Command("orders", "Orders") { list };
    }
}
