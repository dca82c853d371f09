using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OpenCsp.Core;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Data;
using OpenCsp.Core.Demo;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;

/// <summary>
/// The billing benchmark: N subscriptions with three ledger lines each (3 N lines) in last month, spread over the demo
/// partners, and one billing run that closes the month. Reports lines/s, total time and peak memory beside a reference
/// measured in the same run: PostgreSQL's binary COPY of the same number of rows of the same width.
/// </summary>
internal static class BillingBench
{
    private const int LinesPerSubscription = 3;

    public static async Task<int> RunAsync(string connection, int subscriptions)
    {
        var lines = subscriptions * LinesPerSubscription;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:OpenCsp"] = connection,
            ["Billing:CloseAtPeriodEnd"] = "false",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddOpenCspCore().BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StartUp>().RunAsync(seedDemo: true, CancellationToken.None);

        var reference = await ReferenceCopyAsync(connection, lines);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference: PostgreSQL COPY of {lines} rows in {reference.TotalSeconds:0.0} s = {lines / reference.TotalSeconds:0} rows/s"));

        var period = await SeedLastMonthAsync(services, connection, lines);
        var (result, elapsed, before, peak) = await Measure.RunAsync(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<RunBilling>().RunAsync(period, null, preview: false, null, CancellationToken.None)).Value;
        });
        var billed = result.Invoices.Sum(i => i.LineCount);
        Measure.Report($"billing: {result.Invoices.Count} invoices, {billed} lines", billed, "lines", elapsed, before, peak,
            lines / reference.TotalSeconds, "billed lines/s ÷ copied rows/s", "subscriptions", subscriptions);
        return billed == lines ? 0 : 1;
    }

    /// <summary>Binary COPY of rows as wide as a ledger line: what PostgreSQL itself does with that much data.</summary>
    private static async Task<TimeSpan> ReferenceCopyAsync(string connection, int count)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await Pg.ExecuteAsync(db, "DROP TABLE IF EXISTS bench_reference; CREATE TABLE bench_reference (id uuid primary key, partner uuid, customer uuid, subscription uuid, description text, quantity int, net numeric, tax numeric, total numeric, currency text, posted timestamptz, invoice text)");
        var posted = new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);
        var watch = Stopwatch.StartNew();
        await using (var copy = await db.BeginBinaryImportAsync("COPY bench_reference FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(SeedDemoData.DirectPartnerId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await copy.WriteAsync("Microsoft 365 Business Basic × 3: period charge", NpgsqlDbType.Text);
                await copy.WriteAsync(3, NpgsqlDbType.Integer);
                await copy.WriteAsync(21.60m, NpgsqlDbType.Numeric);
                await copy.WriteAsync(0m, NpgsqlDbType.Numeric);
                await copy.WriteAsync(21.60m, NpgsqlDbType.Numeric);
                await copy.WriteAsync("USD", NpgsqlDbType.Text);
                await copy.WriteAsync(posted, NpgsqlDbType.TimestampTz);
                await copy.WriteNullAsync();
            }

            await copy.CompleteAsync();
        }

        watch.Stop();
        await Pg.ExecuteAsync(db, "DROP TABLE bench_reference");
        return watch.Elapsed;
    }

    /// <summary>One real purchase's charge as the template, then copies of it in SQL over the demo partners, all posted last month.</summary>
    private static async Task<BillingPeriod> SeedLastMonthAsync(ServiceProvider services, string connection, int count)
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
        var list = await Pg.ColumnsAsync(connectionToDb, "Ledger", "Id", "PartnerId");
        var partners = string.Join(", ", new[] { SeedDemoData.DirectPartnerId, SeedDemoData.ProviderId, SeedDemoData.ResellerId, SeedDemoData.OtherPartnerId }.Select(p => $"'{p}'::uuid"));
        var watch = Stopwatch.StartNew();
        await Pg.ExecuteAsync(connectionToDb, $"""
            UPDATE "Ledger" SET "PostedAt" = date_trunc('month', now()) - interval '10 days' WHERE "SubscriptionId" = '{template}';
            INSERT INTO "Ledger" ("Id", "PartnerId", {list})
              SELECT gen_random_uuid(), (ARRAY[{partners}])[g % 4 + 1], {list} FROM "Ledger", generate_series(1, {count - 1}) g WHERE "SubscriptionId" = '{template}';
            ANALYZE "Ledger";
            """);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {count} ledger lines last month in {watch.Elapsed.TotalSeconds:0.0} s"));
        var posted = await db.Ledger.Where(l => l.SubscriptionId == template).Select(l => l.PostedAt).FirstAsync();
        return BillingPeriod.Containing(posted, 1);
    }
}
