using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>
/// Seed 000 (German): create a subscription with a billing frequency, open it by its name, add add-on licenses,
/// change the quantity, suspend it and read the data-deletion date under "Ausgesetzt".
/// </summary>
public sealed class Seed000Tests(Chromium chromium) : BrowserTest(chromium)
{
    protected override string Locale => "de-DE";

    [Fact]
    public async Task CreateOpenAddOnsQuantitySuspend_InGerman_CUS4_SUB4_SUB6_ADD1()
    {
        var words = Words.German;
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        await AssertAccessibleAsync();

        // 1. Kunden → a customer; 2. Neues Abonnement; 3. the billing frequency; 4. the product.
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");
        await ScreenshotAsync("customer");
        var catalog = await customer.NewSubscriptionAsync();
        await catalog.ChooseBillingFrequencyAsync(words.Monthly);
        await AssertAccessibleAsync();
        await ScreenshotAsync("catalog");
        await catalog.AddToCartAsync("Microsoft 365 Business Basic", words.OneMonth, 5);

        // 5. Review, enter the number of licenses, Übermitteln.
        var review = await catalog.ReviewAsync();
        await Expect(review.Quantity("Microsoft 365 Business Basic")).ToHaveValueAsync("5");
        await AssertAccessibleAsync();
        var confirmation = await review.PlaceAsync(words.Submit);
        await Expect(confirmation.GetByTestId("confirmed-quantity")).ToHaveTextAsync("5");
        customer = await review.DoneAsync();

        // 6. Open it by its name; add-on licenses on its edit page.
        await Expect(customer.SubscriptionsTable.GetByRole(AriaRole.Link, new() { Name = "Microsoft 365 Business Basic" })).ToBeVisibleAsync();
        var subscription = await customer.OpenSubscriptionAsync("Microsoft 365 Business Basic");
        await Expect(subscription.StatusValue).ToHaveTextAsync(words.Active);
        await subscription.BuyAddOnAsync("Microsoft Teams Phone Standard", 3);
        await Expect(subscription.AddOnsTable.GetByRole(AriaRole.Row).Filter(new() { HasText = "Microsoft Teams Phone Standard" })).ToContainTextAsync("3");

        // 7. Change the number of licenses, then suspend (with the confirmation SUB-6 asks for).
        await subscription.ChangeQuantityAsync(8);
        await Expect(subscription.QuantityValue).ToHaveTextAsync("8");
        await AssertAccessibleAsync();
        await ScreenshotAsync("subscription");
        await subscription.ChangeStatusAsync(words.Suspended);
        await Expect(subscription.StatusValue).ToHaveTextAsync(words.Suspended);

        // SUB-4: the date under "Ausgesetzt": 90 days + the days from account opening to the first billing period, at most
        // 120 — Contoso's account is older than the first charge by far, so 120 days from today.
        var deletion = DashboardHost.Start.AddDays(120).UtcDateTime.ToString("d", System.Globalization.CultureInfo.GetCultureInfo("de"));
        await Expect(subscription.DeletionDate).ToContainTextAsync($"{words.DataDeletedOn} {deletion}");
        await ScreenshotAsync("subscription-suspended");
    }
}
