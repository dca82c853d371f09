using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(OpenCsp.Browser.Tests.Infrastructure.Chromium))]

namespace OpenCsp.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (apt-get install chromium; Playwright cannot download browsers here), started once for the run.
/// OPENCSP_CHROMIUM overrides the path.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OPENCSP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}
