using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests.Pages;

/// <summary>Sign-in and the navigation every page shares.</summary>
public sealed class Shell(IPage page, Words words)
{
    public async Task SignInAsync(string email, string password = "Demo-Secret-1")
    {
        await page.GotoAsync("/");
        await page.GetByLabel(words.Email).FillAsync(email);
        await page.GetByLabel(words.Password).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = words.SignIn, Exact = true }).ClickAsync();
    }

    public async Task<CustomerPage> OpenCustomerAsync(string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = words.Customers, Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        return new CustomerPage(page, words);
    }
}

/// <summary>A customer's page: its subscriptions by name, "New subscription", "Add products" (CUS-4).</summary>
public sealed class CustomerPage(IPage page, Words words)
{
    public async Task<CatalogPage> NewSubscriptionAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = words.NewSubscription, Exact = true }).ClickAsync();
        return new CatalogPage(page, words);
    }

    /// <summary>Seed 002: "Add products" opens the catalog on its software tab.</summary>
    public async Task<CatalogPage> AddProductsAsync(SoftwareWords software)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = software.AddProducts, Exact = true }).ClickAsync();
        return new CatalogPage(page, words);
    }

    public async Task<SoftwarePage> OpenSoftwareAsync(SoftwareWords software)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = software.Software, Exact = true }).ClickAsync();
        return new SoftwarePage(page, words, software);
    }

    public ILocator SubscriptionsTable => page.GetByRole(AriaRole.Table, new() { Name = words.Subscriptions });

    public async Task<SubscriptionPage> OpenSubscriptionAsync(string name)
    {
        await SubscriptionsTable.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        return new SubscriptionPage(page, words);
    }
}

/// <summary>The catalog: tabs, filters and "Add to cart" with a number of licenses (CAT-1, ORD-1).</summary>
public sealed class CatalogPage(IPage page, Words words)
{
    public async Task ChooseBillingFrequencyAsync(string frequency)
    {
        await page.GetByRole(AriaRole.Group, new() { Name = words.BillingFrequency }).GetByLabel(frequency, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = words.ApplyFilters }).ClickAsync();
    }

    /// <summary>Picks an option of a filter list by the filter's label.</summary>
    public Task FilterAsync(string filter, string option) =>
        page.GetByLabel(filter, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = option });

    /// <summary>The row of a product (by its name) and term, e.g. "Microsoft 365 Business Basic", "1 Monat".</summary>
    public ILocator Row(string product, string term) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = product, Exact = true }) })
            .Filter(new() { HasText = term });

    public async Task AddToCartAsync(string product, string term, int licenses)
    {
        var row = Row(product, term).First;
        await row.GetByLabel(words.Quantity).FillAsync(licenses.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await row.GetByRole(AriaRole.Button, new() { Name = words.AddToCart }).ClickAsync();
    }

    /// <summary>The whole purchase when its steps are not what a test looks at: add to cart, review, place, Done.</summary>
    public async Task<CustomerPage> BuyAsync(string product, string term, int licenses)
    {
        await AddToCartAsync(product, term, licenses);
        var review = await ReviewAsync();
        await Expect(await review.PlaceAsync(words.PlaceOrder)).ToBeVisibleAsync();
        return await review.DoneAsync();
    }

    public async Task<ReviewPage> ReviewAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = words.ReviewOrder }).ClickAsync();
        return new ReviewPage(page, words);
    }
}

/// <summary>Review order, then Submit / Buy, then the confirmation with the license counts and "Done".</summary>
public sealed class ReviewPage(IPage page, Words words)
{
    public ILocator Quantity(string product) => page.GetByLabel($"{words.Quantity}: {product}");

    public async Task<ILocator> PlaceAsync(string button)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        return page.GetByRole(AriaRole.Dialog);
    }

    public async Task<CustomerPage> DoneAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = words.Done, Exact = true }).ClickAsync();
        return new CustomerPage(page, words);
    }
}

/// <summary>A subscription's edit page: quantity, add-ons, status with its confirmation, auto-renew, cancel.</summary>
public sealed class SubscriptionPage(IPage page, Words words)
{
    public ILocator StatusValue => page.GetByTestId("status");

    public ILocator QuantityValue => page.GetByTestId("quantity");

    public ILocator AutoRenewValue => page.GetByTestId("auto-renew");

    public ILocator StatusSection => page.GetByRole(AriaRole.Region, new() { Name = words.Status, Exact = true });

    public async Task ChangeQuantityAsync(int licenses)
    {
        var details = page.Locator("details").Filter(new() { Has = page.Locator("summary", new() { HasTextString = words.ChangeQuantity }) });
        await details.Locator("summary").ClickAsync();
        await details.GetByRole(AriaRole.Spinbutton, new() { Name = words.Quantity, Exact = true }).FillAsync(licenses.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await details.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
    }

    public async Task BuyAddOnAsync(string addOn, int licenses)
    {
        var section = page.GetByRole(AriaRole.Region, new() { Name = words.AddOns, Exact = true });
        var row = section.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = addOn, Exact = true }) });
        await row.GetByLabel(words.Quantity).FillAsync(licenses.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await row.GetByRole(AriaRole.Button, new() { Name = words.Buy, Exact = true }).ClickAsync();
    }

    public ILocator AddOnsTable => page.GetByRole(AriaRole.Region, new() { Name = words.AddOns, Exact = true }).GetByRole(AriaRole.Table).First;

    /// <summary>SUB-6: choose the status, submit, and answer the confirmation.</summary>
    public async Task ChangeStatusAsync(string status)
    {
        await StatusSection.GetByLabel(status, new() { Exact = true }).CheckAsync();
        await StatusSection.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        var confirm = StatusSection.GetByRole(AriaRole.Alertdialog);
        await Expect(confirm).ToBeVisibleAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = words.ConfirmStatus, Exact = true }).ClickAsync();
    }

    public async Task SetAutoRenewAsync(bool on)
    {
        var section = page.GetByRole(AriaRole.Region, new() { Name = words.AutoRenew, Exact = true });
        await section.GetByRole(AriaRole.Switch, new() { Name = words.AutoRenew }).SetCheckedAsync(on);
        await section.GetByRole(AriaRole.Button, new() { Name = words.Save, Exact = true }).ClickAsync();
    }

    /// <summary>Cancel: the dialog that shows the refund and asks for the final "Yes, cancel".</summary>
    public async Task<ILocator> StartCancelAsync()
    {
        var section = page.GetByRole(AriaRole.Region, new() { Name = words.Cancel, Exact = true });
        await section.GetByRole(AriaRole.Button, new() { Name = words.Cancel, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Region, new() { Name = words.Cancel, Exact = true }).GetByRole(AriaRole.Alertdialog);
        await Expect(dialog).ToBeVisibleAsync();
        return dialog;
    }

    /// <summary>The date under "Suspended" (SUB-4).</summary>
    public ILocator DeletionDate => StatusSection.GetByTestId("deletion-date");
}

/// <summary>
/// A customer's Software page (seed 002): expand a product, choose version / language / file type, Submit, "Get keys and
/// downloads", then Download or Copy link; "Cancel purchase" with the order-id dropdown.
/// </summary>
public sealed class SoftwarePage(IPage page, Words words, SoftwareWords software)
{
    public ILocator Product(string name) => page.Locator("details").Filter(new() { Has = page.Locator("summary", new() { HasText = name }) });

    public async Task<ILocator> ExpandAsync(string name)
    {
        var product = Product(name);
        await product.Locator("summary").ClickAsync();
        return product;
    }

    public async Task ChooseAsync(ILocator product, string version, string language, string fileType)
    {
        await product.GetByLabel(software.Version, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = version });
        await product.GetByLabel(software.Language, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = language });
        await product.GetByLabel(software.FileType, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = fileType });
        await product.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
    }

    public ILocator GetKeysButton(ILocator product) => product.GetByRole(AriaRole.Button, new() { Name = software.GetKeys, Exact = true });

    /// <summary>Opens the cancel dialog from a product, picks the order by its id and shows what cancelling it would do.</summary>
    public async Task<ILocator> StartCancelAsync(ILocator product, string orderId)
    {
        await product.GetByRole(AriaRole.Button, new() { Name = software.CancelPurchase, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Region, new() { Name = software.CancelPurchase });
        await dialog.GetByLabel(software.OrderId, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = orderId });
        await dialog.GetByRole(AriaRole.Button, new() { Name = software.CheckOrder, Exact = true }).ClickAsync();
        return page.GetByRole(AriaRole.Region, new() { Name = software.CancelPurchase });
    }
}
