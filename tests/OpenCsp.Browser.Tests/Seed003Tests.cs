using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>
/// Seed 003 (Dutch): add an ISV SaaS subscription with the Publisher / Billing type / Category filters, add it to the
/// cart, review and buy; turn auto-renew off; cancel it with "Ja, annuleren" after seeing the refund.
/// </summary>
public sealed class Seed003Tests(Chromium chromium) : BrowserTest(chromium)
{
    protected override string Locale => "nl-NL";

    [Fact]
    public async Task FilterBuyIsvSaas_AutoRenewOff_CancelWithYesCancel_InDutch_CAT1_ORD1_ISV6_NCE1()
    {
        var words = Words.Dutch;
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");
        var catalog = await customer.NewSubscriptionAsync();

        // CAT-1: Uitgever (ISV), Factureringstype, Categorie narrow the Onlineservices tab. Usage alone shows the metered
        // ISV offers (one not transactable here, with its reason) and no license-based one.
        await catalog.FilterAsync("Uitgever", "Partner (ISV)");
        await catalog.FilterAsync("Factureringstype", "Gebruik");
        await Page.GetByRole(AriaRole.Button, new() { Name = words.ApplyFilters }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Rowheader, new() { Name = "Adatum Containers" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Rowheader, new() { Name = "Contoso Sign Standard" })).ToHaveCountAsync(0);
        await catalog.FilterAsync("Factureringstype", "Licentie");
        await catalog.FilterAsync("Categorie", "Kleine bedrijven");
        await Page.GetByRole(AriaRole.Button, new() { Name = words.ApplyFilters }).ClickAsync();
        await Expect(catalog.Row("Contoso Sign Standard", words.OneMonth)).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Rowheader, new() { Name = "Microsoft 365 Business Basic" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Rowheader, new() { Name = "Northwind Analytics Pro" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync();

        await catalog.AddToCartAsync("Contoso Sign Standard", words.OneMonth, 10);
        var review = await catalog.ReviewAsync();
        var confirmation = await review.PlaceAsync(words.PlaceOrder);
        await Expect(confirmation.GetByTestId("confirmed-quantity")).ToHaveTextAsync("10");
        customer = await review.DoneAsync();

        var subscription = await customer.OpenSubscriptionAsync("Contoso Sign Standard");
        await subscription.SetAutoRenewAsync(false);
        await Expect(subscription.AutoRenewValue).ToHaveTextAsync("Uit");
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Switch, new() { Name = words.AutoRenew })).Not.ToBeCheckedAsync();

        // ISV-6 / NCE-1: cancelling asks first and shows the refund (bought today: everything back), then "Ja, annuleren".
        var dialog = await subscription.StartCancelAsync();
        await Expect(dialog).ToContainTextAsync("120,00 USD");
        await AssertAccessibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = words.YesCancel, Exact = true }).ClickAsync();
        await Expect(subscription.StatusValue).ToHaveTextAsync("Verwijderd");
    }
}
