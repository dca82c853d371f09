using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenCsp.Core;
using OpenCsp.Core.Data;

namespace OpenCsp.Server.Tests.Infrastructure;

/// <summary>
/// The real server (Program) on a fresh database with the demo data, the test clock on, and a fake real clock
/// behind it so times are exact. Settings can be overridden per test.
/// </summary>
public sealed class OpenCspApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> settings;
    private readonly ConcurrentDictionary<string, string> tokens = new();

    private Action<IServiceCollection>? configureServices;

    private OpenCspApp(DatabaseSettings database, Dictionary<string, string?> settings, FakeTimeProvider realClock)
    {
        Database = database;
        RealClock = realClock;
        this.settings = settings;
    }

    public DatabaseSettings Database { get; }

    /// <summary>Leaves the database in place at dispose, for a test that restarts the server on it.</summary>
    public bool KeepDatabase { get; set; }

    /// <summary>The "real" clock behind the test clock; tests move it to simulate the passing of wall time.</summary>
    public FakeTimeProvider RealClock { get; }

    public static async Task<OpenCspApp> StartAsync(
        Db db, Dictionary<string, string?>? overrides = null, DatabaseSettings? reuse = null, Action<IServiceCollection>? configureServices = null)
    {
        var database = reuse ?? await TestDatabases.CreateAsync(db);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:OpenCsp"] = database.ConnectionString,
            ["Demo:Seed"] = "true",
            ["TestClock:Enabled"] = "true",
            // Due work runs when a test advances the clock; a test of the background worker turns it on.
            ["Lifecycle:Worker"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
        };
        foreach (var (key, value) in overrides ?? [])
            settings[key] = value;
        var app = new OpenCspApp(database, settings, new FakeTimeProvider(Start)) { configureServices = configureServices };
        _ = app.Server; // start now, so start-up failures surface here
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(s =>
        {
            s.AddKeyedSingleton<TimeProvider>(CoreServices.RealClockKey, RealClock);
            configureServices?.Invoke(s);
        });
    }

    /// <summary>An HTTP client signed in as a demo API client (demo secret), e.g. "demo-admin-agent".</summary>
    public async Task<HttpClient> ClientForAsync(string clientId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(clientId));
        return client;
    }

    public async Task<string> TokenAsync(string clientId, string secret = "demo-secret")
    {
        if (tokens.TryGetValue(clientId + secret, out var cached))
            return cached;
        using var anonymous = CreateClient();
        var response = await anonymous.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"token for {clientId}: {(int)response.StatusCode} {body}");
        return tokens[clientId + secret] = body.GetProperty("access_token").GetString()!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!KeepDatabase)
            TestDatabases.Release(Database);
    }
}
