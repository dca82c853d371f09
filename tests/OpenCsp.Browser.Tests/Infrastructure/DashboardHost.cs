using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenCsp.Core;

namespace OpenCsp.Browser.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel (a free loopback port) with a fresh SQLite database, the demo data and the test clock,
/// for Chromium to browse. The real clock behind the test clock is fixed, so dates on the pages are exact.
/// </summary>
public sealed class DashboardHost : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string file = Path.Combine(Path.GetTempPath(), $"opencsp-browser-{Guid.NewGuid():N}.db");

    private DashboardHost()
    {
    }

    public string BaseUrl { get; private set; } = "";

    public static DashboardHost Launch()
    {
        var host = new DashboardHost();
        host.UseKestrel(0);
        host.StartServer();
        host.BaseUrl = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:OpenCsp", $"Data Source={file}");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("TestClock:Enabled", "true");
        builder.UseSetting("Lifecycle:Worker", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
        builder.ConfigureServices(s => s.AddKeyedSingleton<TimeProvider>(CoreServices.RealClockKey, new FakeTimeProvider(Start)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            File.Delete(f);
    }
}
