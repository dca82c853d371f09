using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>
/// Seed 003 (Dutch): add an ISV SaaS subscription with the Publisher / Billing type / Category filters, add it to the
/// cart, review and buy; turn auto-renew off; cancel it with "Ja, annuleren" after seeing the refund. Then schedule a
/// change in "Vernieuwingen beheren", upgrade part of the licenses, add add-on licenses and suspend.
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

    [Fact]
    public async Task ManageRenewals_PartialUpgrade_AddOns_Suspend_InDutch_SUB1_NCE5_NCE9_NCE10_NCE11_ADD5()
    {
        const string standard = "Microsoft 365 Business Standard", premium = "Microsoft 365 Business Premium";
        var words = Words.Dutch;
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");
        customer = await (await customer.NewSubscriptionAsync()).BuyAsync(standard, words.OneMonth, 10);
        await customer.OpenSubscriptionAsync(standard);

        // NCE-5/6: "Vernieuwingen beheren" shows Huidig beside Wijzigen in; 8 licenses for a year from the renewal.
        var renewals = Page.Locator("details.renewals");
        await renewals.GetByText("Vernieuwingen beheren", new() { Exact = true }).ClickAsync();
        var table = renewals.GetByRole(AriaRole.Table);
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Huidig" })).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Wijzigen in" })).ToBeVisibleAsync();
        await renewals.GetByLabel("Termijn").SelectOptionAsync(new SelectOptionValue { Label = "1 jaar" });
        await renewals.GetByLabel(words.Quantity).FillAsync("8");
        await renewals.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("gaat in bij verlenging op 02-04-2026");
        await Expect(Page.GetByTestId("scheduled-change")).ToBeVisibleAsync();
        await Expect(renewals.GetByLabel(words.Quantity)).ToHaveValueAsync("8");
        await Expect(renewals.GetByLabel("Termijn")).ToHaveValueAsync("P1Y");
        await Expect(renewals.GetByRole(AriaRole.Row).Filter(new() { HasText = "Aantal licenties" })).ToContainTextAsync("10");
        await AssertAccessibleAsync();
        await ScreenshotAsync("nl-manage-renewals");

        // NCE-9: moving to another SKU at renewal says the licenses must be reassigned by hand.
        await renewals.GetByLabel("Product", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = premium });
        await renewals.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("handmatig opnieuw toe");

        // NCE-11: a partial upgrade of 3 of the 10 licenses into a new subscription, which ends with its source; the
        // mid-term upgrade removes the scheduled change (NCE-10).
        var upgrade = Page.GetByRole(AriaRole.Region, new() { Name = "Upgraden", Exact = true });
        await upgrade.GetByLabel("Upgraden naar").SelectOptionAsync(new SelectOptionValue { Label = premium });
        await upgrade.GetByLabel(words.Quantity).FillAsync("3");
        await upgrade.GetByLabel("Abonnement", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Nieuw abonnement" });
        await upgrade.GetByRole(AriaRole.Button, new() { Name = "Upgraden", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"3 licenties zijn verplaatst naar {premium}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(premium);
        await Expect(Page.GetByTestId("quantity")).ToHaveTextAsync("3");
        await AssertAccessibleAsync();

        var (source, target) = await InDbAsync(async db =>
        {
            var all = await db.Subscriptions.AsNoTracking().Where(x => x.OfferName == standard || x.OfferName == premium).ToListAsync(Ct);
            return (all.Single(x => x.OfferName == standard), all.Single(x => x.OfferName == premium));
        });
        Assert.Equal((7, (object?)null), (source.Quantity, (object?)source.ScheduledChange));
        Assert.Equal(source.TermEnd, target.TermEnd);
        await Page.GoBackAsync();
        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("quantity")).ToHaveTextAsync("7");
        await Expect(Page.GetByTestId("scheduled-change")).ToHaveCountAsync(0);

        // Invoegtoepassingen on what is left, then Onderbroken after the confirmation: the add-on goes with its base (ADD-5).
        var subscription = new SubscriptionPage(Page, words);
        await subscription.BuyAddOnAsync("Microsoft Teams Phone Standard", 2);
        var addOn = subscription.AddOnsTable.GetByRole(AriaRole.Row).Filter(new() { HasText = "Microsoft Teams Phone Standard" });
        await Expect(addOn.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("2");
        await subscription.ChangeStatusAsync(words.Suspended);
        await Expect(subscription.StatusValue).ToHaveTextAsync(words.Suspended);
        await Expect(addOn.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync(words.Suspended);
        await AssertAccessibleAsync();
    }
}
