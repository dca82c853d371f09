using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>Signing in and out, the language switcher, and partner isolation in the dashboard.</summary>
public sealed class AccessTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task SignedOut_RootShowsSignIn_AWrongPasswordIsRefused_SignOutEndsTheSession()
    {
        await Page.GotoAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        await ScreenshotAsync("sign-in");

        var shell = new Shell(Page, Words.English);
        await shell.SignInAsync("admin-agent@demo.opencsp.test", "not-the-password");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The e-mail or password is not correct.");

        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Customers" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Page.GotoAsync("/customers");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheLanguageSwitcher_RemembersTheChoice()
    {
        await new Shell(Page, Words.English).SignInAsync("admin-agent@demo.opencsp.test");
        await Page.GetByLabel("Language").SelectOptionAsync(new SelectOptionValue { Label = "Deutsch" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change language" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Kunden" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Contoso Ltd" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Neues Abonnement" })).ToBeVisibleAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "de");
    }

    [Fact]
    public async Task AnotherPartnersCustomer_IsNotFound_AndNotListed()
    {
        var contoso = await InDbAsync(db => db.Customers.Where(c => c.CompanyName == "Contoso Ltd").Select(c => c.Id).SingleAsync(Ct));

        await new Shell(Page, Words.English).SignInAsync("admin-agent@other.opencsp.test");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Litware Inc" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Contoso Ltd" })).ToHaveCountAsync(0);

        var response = await Page.GotoAsync($"/customers/{contoso}");
        Assert.Equal(404, response!.Status);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        Assert.Equal(404, (await Page.GotoAsync($"/customers/{contoso}/catalog"))!.Status);
        await Expect(Page.GetByText("Contoso Ltd")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheCustomerList_SortsByCompanyName_BothWays_AndKeepsTheSearch()
    {
        var shell = new Shell(Page, Words.English);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        await Page.GotoAsync("/customers");
        var names = Page.GetByRole(AriaRole.Table, new() { Name = "Customers" }).Locator("tbody tr td:first-child");
        var ascending = await names.AllInnerTextsAsync();
        Assert.Equal(ascending.Order(StringComparer.OrdinalIgnoreCase), ascending);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Company name" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Company name" })).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(ascending.Reverse(), await names.AllInnerTextsAsync());

        await Page.GetByRole(AriaRole.Searchbox).FillAsync("L");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        Assert.Equal(ascending.Where(n => n.StartsWith('L')).Reverse(), await names.AllInnerTextsAsync());
        await AssertAccessibleAsync();
    }
}
