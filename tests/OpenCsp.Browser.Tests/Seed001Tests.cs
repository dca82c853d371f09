using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>
/// Seed 001 (German): view a customer's subscriptions (one bought directly: view only), add a subscription and confirm
/// its license count, change the number of licenses, and change the status between active and suspended.
/// </summary>
public sealed class Seed001Tests(Chromium chromium) : BrowserTest(chromium)
{
    protected override string Locale => "de-DE";

    [Fact]
    public async Task AddSubscription_ChangeLicenses_SuspendAndReactivate_InGerman_CUS3_ORD1_SUB6()
    {
        var words = Words.German;
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");

        // CUS-3: a subscription the customer bought directly is listed, and opens view-only.
        const string direct = "Microsoft 365 E5 (bought from Microsoft)";
        await Expect(customer.SubscriptionsTable.GetByRole(AriaRole.Row).Filter(new() { HasText = direct }))
            .ToContainTextAsync("Direkt oder über einen anderen Partner erworben: nur Anzeige.");
        var viewOnly = await customer.OpenSubscriptionAsync(direct);
        await Expect(Page.GetByRole(AriaRole.Note)).ToContainTextAsync("Sie können es anzeigen, aber nicht verwalten.");
        await Expect(Page.GetByText(words.ChangeQuantity, new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(viewOnly.StatusSection).ToHaveCountAsync(0);
        await Page.GoBackAsync();

        // Add a new subscription: the offer, the number of licenses, Übermitteln, the confirmation's count, Fertig —
        // back on the customer's page the subscription is listed.
        var catalog = await customer.NewSubscriptionAsync();
        await catalog.AddToCartAsync("Microsoft 365 Business Basic", words.OneMonth, 12);
        var review = await catalog.ReviewAsync();
        await Expect(review.Quantity("Microsoft 365 Business Basic")).ToHaveValueAsync("12");
        var confirmation = await review.PlaceAsync(words.PlaceOrder);
        await Expect(confirmation.GetByTestId("confirmed-quantity")).ToHaveTextAsync("12");
        customer = await review.DoneAsync();
        var row = customer.SubscriptionsTable.GetByRole(AriaRole.Row).Filter(new() { HasText = "Microsoft 365 Business Basic" });
        await Expect(row).ToContainTextAsync(words.Active);
        await Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("12");

        // "Anzahl ändern": the new number of licenses, then submit.
        var subscription = await customer.OpenSubscriptionAsync("Microsoft 365 Business Basic");
        await subscription.ChangeQuantityAsync(15);
        await Expect(subscription.QuantityValue).ToHaveTextAsync("15");
        // The form posted without a number (past the browser's own check) is refused, not reported as a change to 0.
        var token = await Page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var empty = await Page.APIRequest.PostAsync($"{Page.Url.Split('?')[0]}?handler=Quantity",
            new() { Form = Page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("quantity", ""), MaxRedirects = 0 });
        Assert.Equal(400, empty.Status);
        Assert.Contains("class=\"notice error\" role=\"alert\"", await empty.TextAsync(), StringComparison.Ordinal);
        await Page.ReloadAsync();
        await Expect(subscription.QuantityValue).ToHaveTextAsync("15");

        // SUB-6: the status from active to suspended and back, each after its confirmation.
        await subscription.ChangeStatusAsync(words.Suspended);
        await Expect(subscription.StatusValue).ToHaveTextAsync(words.Suspended);
        await Expect(subscription.DeletionDate).ToBeVisibleAsync();
        await subscription.ChangeStatusAsync(words.Active);
        await Expect(subscription.StatusValue).ToHaveTextAsync(words.Active);
        await Expect(subscription.DeletionDate).ToHaveCountAsync(0);
        await Expect(subscription.QuantityValue).ToHaveTextAsync("15");
        await AssertAccessibleAsync();
    }
}
