using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Demo;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Core.Time;

namespace OpenCsp.Core;

public static class CoreServices
{
    /// <summary>The real clock behind <see cref="TestClock"/>; tests replace this keyed service with a fake.</summary>
    public const string RealClockKey = "real-clock";

    /// <summary>Everything the server, the CLI and the tests share: the database, the clock and the use cases.</summary>
    public static IServiceCollection AddOpenCspCore(this IServiceCollection services)
    {
        // Settings are read when first needed, so a host (or a test) may still add configuration after this call.
        services.AddSingleton(sp => DatabaseSettings.From(sp.GetRequiredService<IConfiguration>()));
        // Pooled: a request leases a context instead of building one and its options (a tenth of a checkout's CPU). The
        // pool resets what a use case changes on a leased context (its change tracker, savepoints off in its transaction).
        services.AddDbContextPool<OpenCspDbContext>((sp, o) =>
        {
            sp.GetRequiredService<DatabaseSettings>().Apply(o);
            // Interceptors registered by a host (auditing, tests that inject faults) join every context; they are singletons.
            o.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });

        services.AddKeyedSingleton(RealClockKey, TimeProvider.System);
        services.AddSingleton(sp => new TestClock(
            sp.GetRequiredKeyedService<TimeProvider>(RealClockKey),
            sp.GetRequiredService<IConfiguration>().GetValue("TestClock:Enabled", false)));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<TestClock>());

        services.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<OpenCspDbContext>());
        services.AddScoped<IPasswordHasher<PartnerUser>, PasswordHasher<PartnerUser>>();

        services.AddScoped<CreatePartner>();
        services.AddScoped<CreatePartnerUser>();
        services.AddScoped<CheckPartnerUser>();
        services.AddScoped<CreateApiClient>();
        services.AddScoped<CreateCustomer>();
        services.AddScoped<ListCustomers>();
        services.AddScoped<GetCustomer>();
        services.AddScoped<UpdateBillingProfile>();
        services.AddScoped<ImportCatalog>();
        services.AddScoped<BrowseCatalog>();
        services.AddSingleton<CatalogCache>();
        services.AddScoped<OrderLineRules>();
        services.AddScoped<PlaceOrder>();
        services.AddScoped<Carts>();
        services.AddScoped<OrderQueries>();
        services.AddScoped<LedgerQueries>();
        services.AddScoped<RunBilling>();
        services.AddScoped<InvoiceQueries>();
        services.AddScoped<UpdateSubscription>();
        services.AddScoped<SubscriptionQueries>();
        services.AddScoped<TransitionSubscription>();
        services.AddScoped<Activity.AuditQueries>();
        services.AddScoped<CancelOrder>();
        services.AddScoped<Support.SupportRequests>();
        services.AddScoped<Software.SoftwarePurchases>();
        services.AddScoped<Software.LoadSoftwareMedia>();
        services.AddSingleton<Software.SoftwareSecrets>();
        // Software keys and link tokens (SW-4..6): one key ring in the database for every server and the CLI.
        services.AddDataProtection().SetApplicationName("OpenCsp").PersistKeysToDbContext<OpenCspDbContext>();
        services.AddSingleton<DueWork>();
        services.AddScoped<AdvanceTestClock>();
        services.AddScoped<SeedDemoData>();
        services.AddScoped<StartUp>();
        return services;
    }
}

/// <summary>What every process does before it serves: apply migrations, load the test clock, seed the demo when asked.</summary>
public sealed class StartUp(OpenCspDbContext db, TestClock clock, ImportCatalog catalog, SeedDemoData demo, Software.SoftwareSecrets secrets, IConfiguration configuration)
{
    public async Task RunAsync(bool seedDemo, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        await ClaimInstanceAsync(ct);
        await clock.LoadAsync(db, ct);
        await catalog.LoadBlockedMarketsAsync(ct);
        secrets.EnsureKeyRing();
        if (seedDemo)
            await demo.RunAsync(ct);
    }

    /// <summary>CAT-9: a database serves one cloud instance (<c>Instance:Name</c>); instances share no data.</summary>
    private async Task ClaimInstanceAsync(CancellationToken ct)
    {
        var wanted = configuration["Instance:Name"] ?? InstanceInfo.Names[0];
        var name = InstanceInfo.Names.FirstOrDefault(n => n.Equals(wanted, StringComparison.OrdinalIgnoreCase))
                   ?? throw new InvalidOperationException($"Instance:Name must be one of {string.Join(", ", InstanceInfo.Names)}, not '{wanted}'.");
        var claimed = await db.Instance.AsNoTracking().SingleOrDefaultAsync(ct);
        if (claimed is null)
        {
            db.Instance.Add(new InstanceInfo { Name = name });
            await db.SaveChangesAsync(ct);
        }
        else if (claimed.Name != name)
        {
            throw new InvalidOperationException(
                $"This database belongs to the {claimed.Name} instance; this server is configured as {name} (Instance:Name). Instances share no data: use another database.");
        }
    }
}
