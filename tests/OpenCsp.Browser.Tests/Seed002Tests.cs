using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OpenCsp.Browser.Tests.Infrastructure;
using OpenCsp.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OpenCsp.Browser.Tests;

/// <summary>
/// Seed 002 (German): buy software with "Produkte hinzufügen", see it on the Software page, get its key and download,
/// copy the link, cancel the purchase by its order id, and read who accessed the key in the activity log. A sales agent
/// sees the Software page without the keys button.
/// </summary>
public sealed class Seed002Tests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Product = "Windows Server 2022 Standard - 16 Core License Pack";

    protected override string Locale => "de-DE";

    [Fact]
    public async Task BuySoftware_GetKeysAndDownload_CancelByOrderId_ReadActivityLog_InGerman_SW1_SW5_SW7_SW10()
    {
        var (words, software) = (Words.German, SoftwareWords.German);
        await GrantClipboardAsync();
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");

        // "Produkte hinzufügen" → the software tab of the catalog → Warenkorb → Übermitteln (seed 002, steps 1-3).
        var catalog = await customer.AddProductsAsync(software);
        await catalog.AddToCartAsync(Product, software.Perpetual, 2);
        var review = await catalog.ReviewAsync();
        var confirmation = await review.PlaceAsync(words.PlaceOrder);
        await Expect(confirmation.GetByTestId("confirmed-quantity")).ToHaveTextAsync("2");
        customer = await review.DoneAsync();

        // SW-1 / SW-5: the Software list; expand the product, choose Version, Sprache, Dateityp/Betriebssystem, Übermitteln.
        var page = await customer.OpenSoftwareAsync(software);
        var product = await page.ExpandAsync(Product);
        await page.ChooseAsync(product, "Windows Server 2022", "de-DE", "ISO (64-bit)");
        product = page.Product(Product);
        await Expect(product.GetByTestId("chosen-file")).ToHaveTextAsync("Windows Server 2022 · de-DE · ISO (64-bit)");
        await AssertAccessibleAsync();

        // "Schlüssel und Downloads abrufen": the key, "Herunterladen" starts the download, "Link kopieren" copies the link.
        await page.GetKeysButton(product).ClickAsync();
        product = page.Product(Product);
        await Expect(product.GetByTestId("activation-key")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^([A-Z0-9]{5}-){4}[A-Z0-9]{5}$"));
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            product.GetByRole(AriaRole.Button, new() { Name = software.Download, Exact = true }).ClickAsync());
        Assert.EndsWith(".iso", download.SuggestedFilename, StringComparison.OrdinalIgnoreCase);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(await download.PathAsync(), Ct)));
        Assert.Equal(await InDbAsync(db => db.SoftwareFiles.Where(f => f.FileName == download.SuggestedFilename).Select(f => f.Sha256).SingleAsync(Ct)), sha);
        await product.GetByRole(AriaRole.Button, new() { Name = software.CopyLink, Exact = true }).ClickAsync();
        await Expect(product.GetByTestId("copy-status")).ToHaveTextAsync(software.LinkCopied);
        var copied = await Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Matches("/downloads/[^/]+$", copied);
        Assert.Equal(copied, await product.GetByLabel("Downloadlink").InputValueAsync());
        await AssertAccessibleAsync();
        await ScreenshotAsync("de-software");

        // SW-10: "Einkauf stornieren" → the dialog's Bestellnummer dropdown, the days left under it, then Übermitteln.
        var orderId = (await InDbAsync(db => db.Subscriptions.Where(s => s.OfferName == Product).Select(s => s.OrderId!.Value).SingleAsync(Ct))).ToString();
        var dialog = await page.StartCancelAsync(product, orderId);
        await Expect(dialog.GetByTestId("cancel-info")).ToContainTextAsync("Noch 60 Tage zum Stornieren (bis 01.05.2026).");
        await AssertAccessibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = orderId })).ToContainTextAsync("ist bestätigt");
        await Expect(page.Product(Product).GetByTestId("software-status")).ToHaveTextAsync("Stornierung ausstehend");
        await Expect(page.GetKeysButton(page.Product(Product))).ToHaveCountAsync(0);

        // SW-7: a global admin reads in the activity log, for a date range, who got the key.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" }).ClickAsync();
        await shell.SignInAsync("global-admin@demo.opencsp.test");
        await Page.GetByRole(AriaRole.Link, new() { Name = software.ActivityLog, Exact = true }).ClickAsync();
        await Page.GetByLabel(software.From, new() { Exact = true }).FillAsync("2026-03-01");
        await Page.GetByLabel(software.To, new() { Exact = true }).FillAsync("2026-03-02");
        await Page.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        var keyRow = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Softwareschlüssel abgerufen" });
        await Expect(keyRow).ToHaveCountAsync(1);
        await Expect(keyRow).ToContainTextAsync("admin-agent@demo.opencsp.test");
        await Expect(keyRow).ToContainTextAsync("Contoso Ltd");
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Downloadlink ausgegeben" })).ToHaveCountAsync(1);
        await AssertAccessibleAsync();

        // A range before the purchase shows none of it.
        await Page.GetByLabel(software.From, new() { Exact = true }).FillAsync("2026-02-01");
        await Page.GetByLabel(software.To, new() { Exact = true }).FillAsync("2026-02-28");
        await Page.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Softwareschlüssel abgerufen" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SalesAgent_SeesSoftwareWithoutTheKeysButton_SW4()
    {
        var (words, software) = (Words.German, SoftwareWords.German);
        var shell = new Shell(Page, words);
        await shell.SignInAsync("sales-agent@demo.opencsp.test");
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");
        customer = await (await customer.AddProductsAsync(software)).BuyAsync(Product, software.Perpetual, 1);

        var page = await customer.OpenSoftwareAsync(software);
        var product = await page.ExpandAsync(Product);
        await page.ChooseAsync(product, "Windows Server 2022", "en-US", "ISO (64-bit)");
        product = page.Product(Product);
        await Expect(product.GetByTestId("chosen-file")).ToBeVisibleAsync();
        await Expect(page.GetKeysButton(product)).ToHaveCountAsync(0);
        await Expect(product).ToContainTextAsync("Sie müssen ein Administrator-Agent sein");
        await Expect(product.GetByRole(AriaRole.Button, new() { Name = software.CancelPurchase })).ToHaveCountAsync(0);
        await AssertAccessibleAsync();

        // Nor does the server give keys to a sales agent who posts the form anyway (SW-4), and the attempt is logged.
        var purchaseId = await InDbAsync(db => db.Subscriptions.Where(s => s.OfferName == Product).Select(s => s.Id).SingleAsync(Ct));
        var token = await Page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var response = await Page.APIRequest.PostAsync($"{Page.Url.Split('?')[0]}?handler=Keys&purchaseId={purchaseId}",
            new() { Form = Page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token), MaxRedirects = 0 });
        Assert.Equal(403, response.Status);
        Assert.DoesNotContain("activation-key", await response.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurchaseOnlyCancellableBySupport_LinksToTheRefundRequestForm_InGerman_SW9_SR1()
    {
        const string esu = "Windows 7 Extended Security Updates 2020";
        var (words, software) = (Words.German, SoftwareWords.German);
        var shell = new Shell(Page, words);
        await shell.SignInAsync("admin-agent@demo.opencsp.test");
        var customer = await shell.OpenCustomerAsync("Contoso Ltd");
        customer = await (await customer.AddProductsAsync(software)).BuyAsync(esu, software.Perpetual, 10);

        // SW-9: Windows 7 ESU is cancelled through a support request; the dialog says so and links the form.
        var page = await customer.OpenSoftwareAsync(software);
        var product = await page.ExpandAsync(esu);
        var orderId = (await InDbAsync(db => db.Subscriptions.Where(s => s.OfferName == esu).Select(s => s.OrderId!.Value).SingleAsync(Ct))).ToString();
        var dialog = await page.StartCancelAsync(product, orderId);
        await dialog.GetByRole(AriaRole.Link, new() { Name = "Kundensupport-Anfrage" }).ClickAsync();

        // The form opens on "CSP Purchase/Refund im Auftrag von Kunden" with the customer's domain and the order id.
        await Expect(Page.GetByLabel("Problemtyp")).ToHaveValueAsync("32444671");
        await Expect(Page.GetByLabel("Mandanten-GUID oder Domänenname des Kunden")).ToHaveValueAsync("contoso.onmicrosoft.com");
        await Expect(Page.GetByLabel("Auftrags- oder Abonnement-ID")).ToHaveValueAsync(orderId);
        await Page.GetByLabel("Auswirkung").SelectOptionAsync(new SelectOptionValue { Label = "Mittel" });
        await Page.GetByLabel("Titel", new() { Exact = true }).FillAsync("Windows 7 ESU stornieren");
        await Page.GetByLabel("Beschreibung").FillAsync("Der Kunde hat die Lizenzen irrtümlich bestellt.");
        await Page.GetByLabel("Grund für Rückerstattung").FillAsync("Irrtümlich bestellt");
        await Page.GetByLabel("Angeforderter Betrag").FillAsync("12.50");
        await Page.GetByLabel("Vorname").FillAsync("Alex");
        await Page.GetByLabel("Nachname").FillAsync("Demo");
        await Page.GetByLabel("Telefonnummer").FillAsync("+49 89 123456");
        await Page.GetByLabel("Dateien hinzufügen").SetInputFilesAsync(new FilePayload { Name = "bestellung.txt", MimeType = "text/plain", Buffer = "Bestellung"u8.ToArray() });
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("wurde gesendet");
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Windows 7 ESU stornieren" })).ToContainTextAsync("CSP Purchase/Refund im Auftrag von Kunden");
        var filed = await InDbAsync(db => db.ServiceRequests.AsNoTracking().Include(r => r.Refund).SingleAsync(Ct));
        Assert.Equal((orderId, 12.50m, "de"), (filed.Refund!.OrderOrSubscriptionId, filed.Refund.Amount, filed.Locale));
        Assert.Equal(["bestellung.txt"], await InDbAsync(db => db.ServiceRequestFiles.Select(f => f.FileName).ToListAsync(Ct)));
        await AssertAccessibleAsync();
    }
}
