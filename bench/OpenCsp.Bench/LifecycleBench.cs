using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenCsp.Core;
using OpenCsp.Core.Data;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;

/// <summary>
/// The lifecycle benchmark: N subscriptions fall due at once on PostgreSQL and the due-work sweep renews them all
/// (each renewal writes the subscription, a ledger charge and an audit record). Reports items/s, total time and peak
/// memory beside a reference measured in the same run: PostgreSQL's own rate of inserting N rows of a similar width.
/// </summary>
internal static class LifecycleBench
{
    private const int Warmup = 50_000;
    private const int MaxWarmupRounds = 8;
    private const int SettledJit = 200;

    public static async Task<int> RunAsync(string connection, int count)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:OpenCsp"] = connection,
            ["Billing:CloseAtPeriodEnd"] = "false", // the sweep alone is measured here; bench/billing.sh measures billing
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddOpenCspCore().BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StartUp>().RunAsync(seedDemo: true, CancellationToken.None);

        var reference = await ReferenceInsertRateAsync(connection, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference: PostgreSQL inserts {count} rows in {reference.TotalSeconds:0.0} s = {count / reference.TotalSeconds:0} rows/s"));

        // A server's worker runs warm: sweeps of its own first, until a round compiles next to nothing, so that the
        // measured one is not partly tiered JIT compilation (on two cores the compiler's backlog lasts tens of seconds).
        var sweeps = Environment.ProcessorCount * 2;
        for (var round = 1; ; round++)
        {
            var compiledBefore = JitInfo.GetCompiledMethodCount();
            await SeedDueAsync(services, connection, Warmup);
            await services.GetRequiredService<DueWork>().RunUntilIdleAsync(CancellationToken.None, sweeps);
            var compiled = JitInfo.GetCompiledMethodCount() - compiledBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up round {round}: {compiled} methods compiled"));
            if (compiled < SettledJit || round == MaxWarmupRounds)
                break;
        }

        // The floor first: the same rows written by PostgreSQL alone, as many connections as sweeps; then its rows are
        // removed, so that the sweep starts from the same tables.
        var floorOrder = await SeedDueAsync(services, connection, count);
        var (floorCount, floorTime) = await FloorAsync(connection, sweeps);
        await RemoveFloorAsync(connection, floorOrder);

        await SeedDueAsync(services, connection, count);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (handled, elapsed, before, peak) = await Measure.RunAsync(async () =>
            (await services.GetRequiredService<DueWork>().RunUntilIdleAsync(CancellationToken.None, sweeps)).Handled);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Measure.Report($"lifecycle: {sweeps} parallel sweeps, {handled} renewals", handled, "items", elapsed, before, peak,
            count / reference.TotalSeconds, "renewals/s ÷ inserted rows/s", "renewals", count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the process's own CPU in the sweep: {cpu.TotalSeconds:0.0} s = {cpu.TotalMicroseconds / handled:0} µs per renewal"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor: bench/lifecycle-floor.sql renews {floorCount} with no application in {floorTime.TotalSeconds:0.0} s = {floorCount / floorTime.TotalSeconds:0} renewals/s; the sweep takes {elapsed / floorTime:0.00} × the floor"));
        return handled == count && floorCount == count ? 0 : 1;
    }

    private static async Task RemoveFloorAsync(string connection, Guid order)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await Pg.ExecuteAsync(db, $"""
            DELETE FROM "Ledger" WHERE "Id" >= 'ffff0000-0000-0000-0000-000000000000';
            DELETE FROM "AuditRecords" WHERE "Id" >= 'ffff0000-0000-0000-0000-000000000000';
            DELETE FROM "Subscriptions" WHERE "OrderId" = '{order}';
            """);
        foreach (var table in new[] { "Ledger", "AuditRecords", "Subscriptions" })
            await Pg.ExecuteAsync(db, $"VACUUM ANALYZE \"{table}\""); // one statement each: VACUUM refuses a batch
    }

    private static async Task<(int Renewed, TimeSpan Elapsed)> FloorAsync(string connection, int connections)
    {
        await using (var setup = new NpgsqlConnection(connection))
        {
            await setup.OpenAsync();
            await Pg.ExecuteAsync(setup, """
                CREATE SEQUENCE IF NOT EXISTS bench_floor_ids CACHE 1000;
                CREATE OR REPLACE FUNCTION bench_floor_id() RETURNS uuid LANGUAGE sql
                AS $$ SELECT ('ffff' || lpad(to_hex(nextval('bench_floor_ids')), 28, '0'))::uuid $$;
                """);
        }

        var sql = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "lifecycle-floor.sql"));
        var watch = Stopwatch.StartNew();
        var renewed = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var batch = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
            var total = 0;
            for (int rows; (rows = await batch.ExecuteNonQueryAsync()) > 0;)
                total += rows;
            return total;
        }));
        return (renewed.Sum(), watch.Elapsed);
    }

    private static async Task<TimeSpan> ReferenceInsertRateAsync(string connection, int count)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await Pg.ExecuteAsync(db, "DROP TABLE IF EXISTS bench_reference; CREATE TABLE bench_reference (id uuid primary key, customer uuid, name text, quantity int, price numeric, due timestamptz, status text, data jsonb)");
        var watch = Stopwatch.StartNew();
        await Pg.ExecuteAsync(db, $"INSERT INTO bench_reference SELECT gen_random_uuid(), gen_random_uuid(), 'Microsoft 365 Business Basic', g % 300, 7.20, now(), 'active', '[]' FROM generate_series(1, {count}) g");
        watch.Stop();
        await Pg.ExecuteAsync(db, "DROP TABLE bench_reference");
        return watch.Elapsed;
    }

    /// <summary>One real purchase as the template, then copies of it in SQL, all due a minute ago; returns the order.</summary>
    private static async Task<Guid> SeedDueAsync(ServiceProvider services, string connection, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        var customer = await db.Customers.SingleAsync(c => c.Domain == "contoso.onmicrosoft.com");
        var availability = await db.Availabilities.SingleAsync(a => a.ProductId == "CFQ7TTC0LH18" && a.SkuId == "0001" && a.Country == "US");
        var order = await scope.ServiceProvider.GetRequiredService<PlaceOrder>().RunAsync(new Caller(customer.PartnerId, PartnerKind.DirectBill, Role.AdminAgent, "bench"),
            customer.Id, [new OrderLineInput(0, availability.CatalogItemId, 3, OpenCsp.Core.Catalog.BillingCycle.Monthly, "P1M")], CancellationToken.None);
        var template = order.Value.Lines[0].SubscriptionId!.Value;

        await using var connectionToDb = new NpgsqlConnection(connection);
        await connectionToDb.OpenAsync();
        var list = await Pg.ColumnsAsync(connectionToDb, "Subscriptions", "Id");
        var watch = Stopwatch.StartNew();
        await Pg.ExecuteAsync(connectionToDb, $"""
            UPDATE "Subscriptions" SET "TermEnd" = now() - interval '1 minute', "BilledThrough" = now() - interval '1 minute', "NextDueAt" = now() - interval '1 minute' WHERE "Id" = '{template}';
            INSERT INTO "Subscriptions" ("Id", {list}) SELECT gen_random_uuid(), {list} FROM "Subscriptions", generate_series(1, {count - 1}) WHERE "Id" = '{template}';
            """);
        // A million rows inserted at once would have autovacuum visit them during the measured sweep; in a real database
        // they were written over months and vacuumed long ago. The sweep's own writes are still vacuumed while it runs.
        await Pg.ExecuteAsync(connectionToDb, "VACUUM ANALYZE \"Subscriptions\"");
        await Pg.ExecuteAsync(connectionToDb, "CHECKPOINT"); // each measured run starts without the seeding's dirty pages
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {count} due subscriptions in {watch.Elapsed.TotalSeconds:0.0} s"));
        return order.Value.Id;
    }
}
