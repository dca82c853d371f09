using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCsp.Core.Data;

namespace OpenCsp.Browser.Tests.Infrastructure;

/// <summary>
/// A test with its own server and database and a browser page in the seed's language (Accept-Language). Every page a
/// test visits can be checked with axe-core; screenshots for the README go to docs/screenshots when asked.
/// </summary>
public abstract class BrowserTest(Chromium chromium) : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected DashboardHost Host { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    private IBrowserContext context = null!;

    /// <summary>The browser's language: en-US, de-DE, nl-NL or zh-TW.</summary>
    protected virtual string Locale => "en-US";

    public async ValueTask InitializeAsync()
    {
        Host = DashboardHost.Launch();
        context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl,
            Locale = Locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = Locale },
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // Generous: scripts/test.sh runs the other test assemblies on the same two cores at the same time.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        Page = await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // A failed test leaves its last page behind (picture and HTML) to see what the browser saw.
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "failures");
            Directory.CreateDirectory(folder);
            var name = TestContext.Current.Test?.TestDisplayName.Split('(')[0] ?? "test";
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(folder, name + ".html"), await Page.ContentAsync(), CancellationToken.None);
        }

        await context.DisposeAsync();
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Lets the page write and the test read the clipboard ("Copy link").</summary>
    protected Task GrantClipboardAsync() => context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Host.BaseUrl.TrimEnd('/') });

    /// <summary>Reads the test's database directly, for what a page does not show (the activity log's actor).</summary>
    protected async Task<T> InDbAsync<T>(Func<OpenCspDbContext, Task<T>> query)
    {
        using var scope = Host.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<OpenCspDbContext>());
    }

    /// <summary>axe-core on the current page: no serious or critical violation.</summary>
    protected async Task AssertAccessibleAsync()
    {
        await Page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxePath });
        var result = await Page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { resultTypes: ['violations'] }); " +
            "return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', ')); }");
        var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"{Page.Url}: {string.Join("\n", violations)}");
    }

    /// <summary>Saves a screenshot for the README when OPENCSP_SCREENSHOTS names a folder.</summary>
    protected async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("OPENCSP_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    private static string AxePath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "OpenCsp.Browser.Tests", "node_modules", "axe-core", "axe.min.js");
                if (File.Exists(candidate))
                    return candidate;
            }

            throw new FileNotFoundException("axe-core is missing: run `npm ci` in tests/OpenCsp.Browser.Tests (scripts/test.sh does).");
        }
    }
}
