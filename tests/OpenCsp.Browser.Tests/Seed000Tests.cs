using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using OpenCsp.Core.Subscriptions;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>
/// Seed 000 (German) and seed 004 (Traditional Chinese): create a subscription with a billing frequency, open it by
/// its name, add add-on licenses, change the quantity, suspend it and read the data-deletion date under Suspended.
/// </summary>
public abstract class CreateAndSuspendFlow(Chromium chromium) : BrowserTest(chromium)
{
    protected abstract Words Words { get; }

    protected override string Locale => Words.Locale;

    protected async Task RunAsync(string screenshots)
    {
        var words = Words;
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        await AssertAccessibleAsync();

        // 1. Customers → a customer; 2. New subscription; 3. the billing frequency; 4. the product.
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");
        await ScreenshotAsync(screenshots + "customer");
        var catalog = await customer.NewSubscriptionAsync();
        await catalog.ChooseBillingFrequencyAsync(words.Monthly);
        await AssertAccessibleAsync();
        await ScreenshotAsync(screenshots + "catalog");
        await catalog.AddToCartAsync("Microsoft 365 Business Basic", words.OneMonth, 5);

        // 5. Review the subscription with its number of licenses, then place the order.
        var review = await catalog.ReviewAsync();
        await Expect(review.Quantity("Microsoft 365 Business Basic")).ToHaveValueAsync("5");
        await AssertAccessibleAsync();
        var confirmation = await review.PlaceAsync(words.PlaceOrder);
        await Expect(confirmation.GetByTestId("confirmed-quantity")).ToHaveTextAsync("5");
        customer = await review.DoneAsync();

        // 6. Open it by its name (CUS-4); add-on licenses on its edit page (ADD-1).
        var subscription = await customer.OpenSubscriptionAsync("Microsoft 365 Business Basic");
        await Expect(subscription.StatusValue).ToHaveTextAsync(words.Active);
        await subscription.BuyAddOnAsync("Microsoft Teams Phone Standard", 3);
        await Expect(subscription.AddOnsTable.GetByRole(AriaRole.Row).Filter(new() { HasText = "Microsoft Teams Phone Standard" }).GetByRole(AriaRole.Cell).Nth(1))
            .ToHaveTextAsync("3");

        // 7. Change the number of licenses, then suspend, answering the confirmation (SUB-6).
        await subscription.ChangeQuantityAsync(8);
        await Expect(subscription.QuantityValue).ToHaveTextAsync("8");

        // CUS-2: the customer does not manage its own licenses; the partner's user did it on its behalf, and the
        // activity log says so.
        var changes = await InDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(a => a.CustomerName == "Contoso Ltd" && a.OperationType == "update_subscription").Select(a => a.UserPrincipalName).ToListAsync(Ct));
        Assert.Equal(["admin-agent@demo.opencsp.test"], changes.Distinct());
        await AssertAccessibleAsync();
        await ScreenshotAsync(screenshots + "subscription");
        await subscription.ChangeStatusAsync(words.Suspended);
        await Expect(subscription.StatusValue).ToHaveTextAsync(words.Suspended);

        // SUB-4, NCE-13: the date under Suspended is when the data will be deleted, the date the API shows. SUB-4 alone
        // would give 120 days from today (Contoso's account is 400 days older than its first charge), but this monthly
        // new-commerce term ends first: disabled then, deleted 90 days later.
        var termEnd = await InDbAsync(db => db.Subscriptions.AsNoTracking()
            .Where(s => s.OfferName == "Microsoft 365 Business Basic" && s.Status == SubscriptionStatus.Suspended
                && db.Customers.Any(c => c.Id == s.CustomerId && c.Domain == "contoso.onmicrosoft.com"))
            .Select(s => s.TermEnd).SingleAsync(Ct));
        Assert.True(termEnd < DashboardHost.Start.AddDays(120));
        var deletion = termEnd.AddDays(90).UtcDateTime.ToString("d", System.Globalization.CultureInfo.GetCultureInfo(words.Locale[..2] == "zh" ? "zh-TW" : words.Locale[..2]));
        await Expect(subscription.DeletionDate).ToContainTextAsync($"{words.DataDeletedOn} {deletion}");
        await AssertAccessibleAsync();
        await ScreenshotAsync(screenshots + "subscription-suspended");
    }
}

public sealed class Seed000Tests(Chromium chromium) : CreateAndSuspendFlow(chromium)
{
    protected override Words Words => Words.German;

    [Fact]
    public Task CreateOpenAddOnsQuantitySuspend_OnTheCustomersBehalf_InGerman_CUS2_CUS4_SUB1_SUB4_SUB6_ADD1_NCE13() => RunAsync("de-");
}

public sealed class Seed004Tests(Chromium chromium) : CreateAndSuspendFlow(chromium)
{
    protected override Words Words => Words.Chinese;

    [Fact]
    public Task CreateOpenAddOnsQuantitySuspend_OnTheCustomersBehalf_InTraditionalChinese_CUS2_CUS4_SUB1_SUB4_SUB6_ADD1_NCE13() => RunAsync("zh-");
}
