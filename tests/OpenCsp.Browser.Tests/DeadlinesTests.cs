using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>The deadlines radar: what closes or happens soon, and how the test clock bar moves it.</summary>
public sealed class DeadlinesTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task TheRadar_ListsRenewalAndRefundWindow_AndTheClockBarMovesThem_NCE1()
    {
        var words = Words.English;
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");
        await (await customer.NewSubscriptionAsync()).BuyAsync("Microsoft 365 Business Basic", words.OneMonth, 4);

        // Bought on 2 March 09:00 for a month: it renews on 2 April 00:00 (30 days 15 hours away).
        await Page.GetByRole(AriaRole.Link, new() { Name = "Deadlines", Exact = true }).ClickAsync();
        var rows = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Microsoft 365 Business Basic" });
        await Expect(rows.Filter(new() { HasText = "Cancellation window closes" })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { HasText = "Renewal" })).ToHaveCountAsync(0); // beyond the default 30 days
        await Page.GetByLabel("Coming up within").SelectOptionAsync("90");
        await Page.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        await Expect(rows.Filter(new() { HasText = "Renewal" })).ToContainTextAsync("30 days");
        var window = rows.Filter(new() { HasText = "Cancellation window closes" });
        await Expect(window).ToContainTextAsync("30 days"); // NCE-1 under the seed policy: 30 days from the purchase
        await Expect(window.GetByRole(AriaRole.Link, new() { Name = "Contoso Ltd" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();

        // A week later (clock bar, which leaves the user signed in): both are 7 days closer.
        await Page.GetByLabel("Advance by").SelectOptionAsync(new SelectOptionValue { Label = "7 days" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Advance", Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("clock-now")).ToContainTextAsync("3/9/2026");
        await Expect(rows.Filter(new() { HasText = "Renewal" })).ToContainTextAsync("23 days");
        await Expect(rows.Filter(new() { HasText = "Cancellation window closes" })).ToContainTextAsync("23 days");

        // A value that does not bind is a 400 naming the field, not a default.
        var response = await Page.GotoAsync("/deadlines?days=soon");
        Assert.Equal(400, response!.Status);
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'days'");
        await AssertAccessibleAsync();
        // A number that is not one of the horizons offered, too.
        Assert.Equal(400, (await Page.GotoAsync("/deadlines?days=17"))!.Status);
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'days'");
    }
}
