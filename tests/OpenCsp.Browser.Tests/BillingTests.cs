using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>The Billing area: invoices, the chart per month and customer, an invoice's lines, its CSV, its print view.</summary>
public sealed class BillingTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task BillingAdmin_ReadsTheInvoice_ItsLines_AndItsReconciliationFile_BILL1()
    {
        var words = Words.English;
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");
        await (await customer.NewSubscriptionAsync()).BuyAsync("Microsoft 365 Business Basic", words.OneMonth, 4);

        // The billing area is for billing and global admins (ROLE-1), not admin agents.
        Assert.Equal(403, (await Page.GotoAsync("/billing"))!.Status);

        // A month later March is over: advancing the clock closed it into an invoice (the run due at the period end).
        await Page.GotoAsync("/customers");
        await Page.GetByLabel("Advance by").SelectOptionAsync(new SelectOptionValue { Label = "30 days" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Advance", Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("clock-now")).ToContainTextAsync("4/1/2026");
        var invoice = await InDbAsync(db => db.Invoices.AsNoTracking().SingleAsync(i => i.LineCount > 0 && i.Currency == "USD", Ct));
        var total = invoice.Total.ToString("N2", CultureInfo.GetCultureInfo("en-US")) + " USD";
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await shell.SignInAsync("billing-admin@demo.opencsp.test");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Billing", Exact = true }).ClickAsync();

        var invoices = Page.GetByRole(AriaRole.Table, new() { Name = "Invoices" });
        await Expect(invoices.GetByRole(AriaRole.Row).Filter(new() { HasText = invoice.Id })).ToContainTextAsync(total);
        // The chart (Chart.js) is drawn, and the same numbers stand in the table beside it.
        await Expect(Page.Locator("#billed-chart")).ToBeVisibleAsync();
        // Chart.js is a deferred script: the canvas can be on screen before it has run, so wait for the chart itself.
        await Page.WaitForFunctionAsync("() => !!window.Chart && !!Chart.getChart('billed-chart')");
        var perMonth = Page.GetByRole(AriaRole.Table, new() { Name = "Billed per month by customer" });
        await Expect(perMonth.GetByRole(AriaRole.Columnheader, new() { Name = "March 2026 · USD" })).ToBeVisibleAsync();
        await Expect(perMonth.GetByRole(AriaRole.Row).Filter(new() { HasText = "Contoso Ltd" })).ToContainTextAsync(total);
        await AssertAccessibleAsync();
        await ScreenshotAsync("en-billing");

        await invoices.GetByRole(AriaRole.Link, new() { Name = invoice.Id }).ClickAsync();
        await Expect(Page.GetByTestId("invoice-total")).ToHaveTextAsync(total);
        var line = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Microsoft 365 Business Basic" });
        await Expect(line).ToContainTextAsync("Contoso Ltd");
        await Expect(line).ToContainTextAsync("3/2/2026 – 4/1/2026");
        await AssertAccessibleAsync();

        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Button, new() { Name = "Download reconciliation file (CSV)" }).ClickAsync());
        Assert.Equal($"{invoice.Id}-reconciliation.csv", download.SuggestedFilename);
        var rows = await File.ReadAllLinesAsync(await download.PathAsync(), Ct);
        Assert.StartsWith("InvoiceNumber,", rows[0], StringComparison.Ordinal);
        Assert.Equal(invoice.LineCount, rows.Length - 1);
        Assert.Contains(rows, r => r.Contains("Contoso Ltd", StringComparison.Ordinal) && r.Contains("Microsoft 365 Business Basic", StringComparison.Ordinal));

        // Printing hides the navigation and keeps the invoice.
        await Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("invoice-total")).ToBeVisibleAsync();
    }
}
