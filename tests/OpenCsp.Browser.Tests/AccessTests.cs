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
}
