using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Tests.Infrastructure;

/// <summary>
/// Core's services on a private in-memory SQLite database, migrated, with a fake real clock: rule tests run the
/// real use cases and read the real tables, and time moves only when a test moves it.
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    private readonly SqliteConnection keepAlive;
    private readonly ServiceProvider services;

    private CoreHost(SqliteConnection keepAlive, ServiceProvider services, FakeTimeProvider clock)
    {
        this.keepAlive = keepAlive;
        this.services = services;
        RealClock = clock;
    }

    public static readonly DateTimeOffset Start = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider RealClock { get; }

    public static async Task<CoreHost> StartAsync(bool testClock = true, bool seedDemo = false)
    {
        var connection = $"Data Source=file:core-{Guid.NewGuid():N}?mode=memory&cache=shared";
        var keepAlive = new SqliteConnection(connection);
        await keepAlive.OpenAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:OpenCsp"] = connection,
            ["TestClock:Enabled"] = testClock.ToString(),
        }).Build();
        var clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddOpenCspCore()
            .AddKeyedSingleton<TimeProvider>(CoreServices.RealClockKey, clock)
            .BuildServiceProvider();
        var host = new CoreHost(keepAlive, services, clock);
        await host.RunAsync<StartUp>(s => s.RunAsync(seedDemo, CancellationToken.None));
        return host;
    }

    /// <summary>Runs one use case in its own scope, as one request would.</summary>
    public async Task<TResult> RunAsync<TUseCase, TResult>(Func<TUseCase, Task<TResult>> run)
        where TUseCase : notnull
    {
        await using var scope = services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    public async Task RunAsync<TUseCase>(Func<TUseCase, Task> run)
        where TUseCase : notnull
    {
        await using var scope = services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    /// <summary>A partner of the given kind, and a caller for it with the given roles.</summary>
    public async Task<Caller> PartnerAsync(PartnerKind kind = PartnerKind.DirectBill, Guid? provider = null, Role roles = Role.AdminAgent)
    {
        var partner = await RunAsync<CreatePartner, OpenCsp.Core.Common.Result<Partner>>(p => p.RunAsync(new NewPartner($"Partner {Guid.NewGuid():N}", kind, provider), CancellationToken.None));
        return new Caller(partner.Value.Id, kind, roles, "test");
    }

    public static BillingProfile Profile(string company = "Company", string country = "US") => new()
    {
        FirstName = "Ada",
        LastName = "Lovelace",
        Email = "ada@example.com",
        Culture = "",
        Language = "",
        CompanyName = company,
        Address = new Address { Country = country, City = "London", AddressLine1 = "1 Street", PostalCode = "N1" },
    };

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await keepAlive.DisposeAsync();
    }
}
