using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Data;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Time;
using OpenIddict.Abstractions;
using Spectre.Console;

namespace OpenCsp.Cli.Tests;

/// <summary>The opencsp tool against a real SQLite file, as an operator would use it.</summary>
public sealed partial class CliTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"opencsp-cli-{Guid.NewGuid():N}.db");

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var code = await CliApp.RunAsync([.. args, "--database", "Sqlite", "--connection", $"Data Source={file}"], console);
        return (code, output.ToString());
    }

    private OpenCspDbContext Db()
    {
        var options = new DbContextOptionsBuilder<OpenCspDbContext>();
        new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}").Apply(options);
        return new OpenCspDbContext(options.Options);
    }

    [Fact]
    public async Task MigrateThenDemoSeed_CreatesTheDemoPartnersAndClients_Once()
    {
        Assert.Equal(0, (await RunAsync("migrate")).Code);
        var (code, output) = await RunAsync("demo", "seed");
        Assert.Equal(0, code);
        Assert.Contains("Demo data seeded", output);
        Assert.Contains("already has partners", (await RunAsync("demo", "seed")).Output);

        await using var db = Db();
        Assert.Equal(4, await db.Partners.CountAsync(TestContext.Current.CancellationToken));
        var clients = await db.ApiClients.Select(c => c.ClientId).ToListAsync(TestContext.Current.CancellationToken);
        foreach (var role in Roles.Each)
            Assert.Contains("demo-" + Roles.ToKebab(role), clients);
        Assert.Contains("demo-other-admin-agent", clients);
        Assert.Contains("demo-reseller-admin-agent", clients);
    }

    [GeneratedRegex(@"client_id:\s+(\S+)")]
    private static partial Regex ClientId();

    [GeneratedRegex(@"client_secret:\s+(\S+)")]
    private static partial Regex ClientSecret();

    [GeneratedRegex(@"id ([0-9a-f-]{36})")]
    private static partial Regex PartnerId();

    [Fact]
    public async Task ClientsCreate_PrintsIdAndSecretOnce_AndKeepsOnlyAHash()
    {
        var partner = await RunAsync("partners", "create", "--name", "Acme Cloud", "--kind", "direct-bill");
        Assert.Equal(0, partner.Code);
        var partnerId = PartnerId().Match(partner.Output).Groups[1].Value;

        var (code, output) = await RunAsync("clients", "create", "--partner", partnerId, "--roles", "admin-agent,billing-admin");
        Assert.True(code == 0, partner.Output + output);
        var clientId = ClientId().Match(output).Groups[1].Value;
        var secret = ClientSecret().Match(output).Groups[1].Value;

        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<OpenCspDbContext>(o => new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}").Apply(o));
        services.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<OpenCspDbContext>());
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        var row = await db.ApiClients.SingleAsync(c => c.ClientId == clientId, TestContext.Current.CancellationToken);
        Assert.Equal(Role.AdminAgent | Role.BillingAdmin, row.Roles);
        Assert.Equal(Guid.Parse(partnerId), row.PartnerId);

        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(clientId, TestContext.Current.CancellationToken);
        Assert.NotNull(application);
        Assert.True(await applications.ValidateClientSecretAsync(application, secret, TestContext.Current.CancellationToken));
        Assert.False(await applications.ValidateClientSecretAsync(application, "wrong", TestContext.Current.CancellationToken));
        var stored = await db.Database.SqlQueryRaw<string>("SELECT ClientSecret AS Value FROM OpenIddictApplications WHERE ClientId = {0}", clientId)
            .SingleAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(secret, stored);
    }

    [Fact]
    public async Task UsersCreate_NeedsKnownRoles_AndAPartner()
    {
        var unknownRole = await RunAsync("users", "create", "--partner", Guid.NewGuid().ToString(), "--email", "a@b.example", "--roles", "root");
        Assert.Equal(2, unknownRole.Code);
        Assert.Contains("--roles takes", unknownRole.Output);

        var noPartner = await RunAsync("users", "create", "--partner", Guid.NewGuid().ToString(), "--email", "a@b.example", "--roles", "sales-agent");
        Assert.Equal(2, noPartner.Code);
        Assert.Contains("was not found", noPartner.Output);

        var partnerId = PartnerId().Match((await RunAsync("partners", "create", "--name", "Users Inc", "--kind", "indirect-provider")).Output).Groups[1].Value;
        var created = await RunAsync("users", "create", "--partner", partnerId, "--email", "Agent@Users.example", "--roles", "sales-agent", "--password", "long-enough-1");
        Assert.Equal(0, created.Code);
        await using var db = Db();
        var user = await db.PartnerUsers.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("agent@users.example", user.Email);
        Assert.DoesNotContain("long-enough-1", user.PasswordHash);
    }

    [Fact]
    public async Task ClockAdvance_MovesThePersistedClock_AndRefusesToGoBack()
    {
        var before = DateTimeOffset.Parse((await RunAsync("clock", "show")).Output.Trim(), CultureInfo.InvariantCulture);
        var (code, output) = await RunAsync("clock", "advance", "--by", "P31D");
        Assert.Equal(0, code);
        var after = DateTimeOffset.Parse(output.Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(after - before, TimeSpan.FromDays(31), TimeSpan.FromDays(31).Add(TimeSpan.FromMinutes(1)));
        var shown = DateTimeOffset.Parse((await RunAsync("clock", "show")).Output.Trim(), CultureInfo.InvariantCulture);
        Assert.True(shown >= after);

        var back = await RunAsync("clock", "advance", "--to", "2020-01-01T00:00:00Z");
        Assert.Equal(2, back.Code);
        Assert.Contains("only moves forward", back.Output);
        Assert.Equal(2, (await RunAsync("clock", "advance", "--by", "soon")).Code);
    }

    [Fact]
    public async Task CatalogImport_LoadsAPriceList_AndCatalogListShowsIt()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "price-list.csv");
        var (code, output) = await RunAsync("catalog", "import", sample);
        Assert.True(code == 0, output);
        Assert.Contains("Imported 7 rows", output);
        var list = await RunAsync("catalog", "list", "--country", "DE");
        Assert.Contains("Tailwind Helpdesk", list.Output);
        Assert.Contains("18.00 EUR", list.Output);

        var bad = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(bad, [File.ReadLines(sample).First(), File.ReadLines(sample).Skip(1).First().Replace(",US,", ",USA,", StringComparison.Ordinal)], TestContext.Current.CancellationToken);
        var refused = await RunAsync("catalog", "import", bad);
        File.Delete(bad);
        Assert.Equal(2, refused.Code);
        Assert.Contains("line 2:", refused.Output);
        Assert.Contains("nothing was imported", refused.Output);
    }

    /// <summary>Seeds the demo and buys for Contoso through the real use case: by default 4 monthly Business Basic seats.</summary>
    private async Task<(Guid Customer, Order Order)> BuyForContosoAsync(string productId = "CFQ7TTC0LH18", BillingCycle cycle = BillingCycle.Monthly, string term = "P1M")
    {
        await RunAsync("demo", "seed");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:OpenCsp"] = $"Data Source={file}",
            ["TestClock:Enabled"] = "true",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddLogging().AddOpenCspCore().BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        await services.GetRequiredService<TestClock>().LoadAsync(db, TestContext.Current.CancellationToken);
        var customer = await db.Customers.SingleAsync(c => c.Domain.StartsWith("contoso"), TestContext.Current.CancellationToken);
        var availability = await db.Availabilities.FirstAsync(a => a.ProductId == productId && a.SkuId == "0001" && a.Country == "US", TestContext.Current.CancellationToken);
        var caller = new Caller(customer.PartnerId, PartnerKind.DirectBill, Role.AdminAgent, "test");
        var order = await scope.ServiceProvider.GetRequiredService<PlaceOrder>().RunAsync(caller, customer.Id,
            [new OrderLineInput(0, availability.CatalogItemId, 4, cycle, term, "Front office")], TestContext.Current.CancellationToken);
        Assert.True(order.IsSuccess);
        return (customer.Id, order.Value);
    }

    [Fact]
    public async Task OrdersList_ShowsACustomersOrders()
    {
        var (customer, order) = await BuyForContosoAsync();
        var (code, output) = await RunAsync("orders", "list", "--customer", customer.ToString());
        Assert.Equal(0, code);
        Assert.Contains(order.Id.ToString(), output);
        Assert.Contains("Front office", output);
        Assert.Contains("28.80 USD", output); // 4 × 7.20
        var unknown = await RunAsync("orders", "list", "--customer", Guid.NewGuid().ToString());
        Assert.Equal(2, unknown.Code);
    }

    [Fact]
    public async Task Subscriptions_CanBePreviewedChangedSuspended_AndTheClockRunsWhatFallsDue_SUB4()
    {
        var (customer, order) = await BuyForContosoAsync();
        var id = order.Lines[0].SubscriptionId!.Value.ToString();
        string[] target = ["--customer", customer.ToString(), "--subscription", id];

        var preview = await RunAsync(["subscriptions", "update", .. target, "--quantity", "6", "--preview"]);
        Assert.Equal(0, preview.Code);
        Assert.Contains("Preview: nothing was changed.", preview.Output);
        Assert.Matches(@"(?m)^\s*Charge: 14\.40 USD", preview.Output); // two seats for the whole first month, bought the same day
        await using (var db = Db())
            Assert.Equal(4, (await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == Guid.Parse(id), TestContext.Current.CancellationToken)).Quantity);

        Assert.Equal(0, (await RunAsync(["subscriptions", "update", .. target, "--status", "suspended", "--reason", "nonpayment"])).Code);
        var activity = await RunAsync("activity", "--partner", order.PartnerId.ToString(), "--csv");
        Assert.Equal(0, activity.Code);
        Assert.StartsWith("OperationDate,UserPrincipalName,OperationType,ResourceType,ResourceId,CustomerName,OperationStatus", activity.Output, StringComparison.Ordinal);
        Assert.Contains($"opencsp-cli,update_subscription,subscription,{id},Contoso Ltd,succeeded", activity.Output); // the suspension
        var refused = await RunAsync(["subscriptions", "update", .. target, "--quantity", "6"]);
        Assert.Equal(2, refused.Code);
        Assert.Contains("suspended", refused.Output);

        var advanced = await RunAsync("clock", "advance", "--by", "P121D");
        Assert.Equal(0, advanced.Code);
        Assert.Contains("Handled", advanced.Output);
        var listed = await RunAsync("subscriptions", "list", "--customer", customer.ToString());
        Assert.Matches($"{id}.*deleted", listed.Output);
        Assert.Contains("Handled 0 due events.", (await RunAsync("lifecycle", "run")).Output);

        var later = await RunAsync("activity", "--partner", order.PartnerId.ToString(), "--csv");
        Assert.Contains($"opencsp-lifecycle,update_subscription,subscription,{id}", later.Output); // the deletion, by the due work
    }

    [Fact]
    public async Task Software_IsListedWithItsDaysLeft_AndCancelledByOrder_PendingUntilTheDelayPasses_SW3_SW12()
    {
        var (customer, order) = await BuyForContosoAsync("DG7GMGF0D5RK", BillingCycle.OneTime, "");
        var listed = await RunAsync("software", "list", "--customer", customer.ToString());
        Assert.Equal(0, listed.Code);
        Assert.Matches("active.*60 days left", listed.Output);

        var preview = await RunAsync("software", "cancel", "--customer", customer.ToString(), "--order", order.Id.ToString(), "--preview");
        Assert.True(preview.Output.Contains("Credit: -4276.00 USD", StringComparison.Ordinal), preview.Output); // 4 × 1,069.00 back in full
        var cancelled = await RunAsync("software", "cancel", "--customer", customer.ToString(), "--order", order.Id.ToString());
        Assert.Contains("pending until then", cancelled.Output);
        Assert.Contains("cancellation_pending", (await RunAsync("software", "list", "--customer", customer.ToString())).Output);
        var again = await RunAsync("software", "cancel", "--customer", customer.ToString(), "--order", order.Id.ToString());
        Assert.Equal(2, again.Code);

        Assert.Equal(0, (await RunAsync("clock", "advance", "--by", "PT15M")).Code);
        var applied = (await RunAsync("software", "list", "--customer", customer.ToString())).Output;
        Assert.DoesNotContain("cancellation_pending", applied);
        Assert.Matches(@"│\s*cancelled\s*│", applied); // the status cell, not the refusal text in the Cancel column
    }

    [Fact]
    public async Task BillingRun_ClosesAPeriodIntoAnInvoice_OnceOnly_AndWritesItsReconciliationFile_BILL1()
    {
        var (_, order) = await BuyForContosoAsync();
        var early = await RunAsync("billing", "run", "--period", DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        Assert.Equal(2, early.Code); // the current period has not ended
        Assert.Equal(0, (await RunAsync("clock", "advance", "--by", "P32D")).Code);
        var period = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var run = await RunAsync("billing", "run", "--period", period);
        Assert.Equal(0, run.Code);
        Assert.Contains("28.80 USD", run.Output); // 4 × 7.20
        Assert.Contains("already there", (await RunAsync("billing", "run", "--period", period)).Output);

        var listed = await RunAsync("billing", "invoices", "--partner", order.PartnerId.ToString());
        var invoice = InvoiceId().Match(listed.Output).Value;
        var csv = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv");
        Assert.Equal(0, (await RunAsync("billing", "csv", "--partner", order.PartnerId.ToString(), "--invoice", invoice, "--out", csv)).Code);
        var rows = await File.ReadAllLinesAsync(csv, TestContext.Current.CancellationToken);
        File.Delete(csv);
        Assert.StartsWith("InvoiceNumber,PartnerId,CustomerId", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith(invoice, StringComparison.Ordinal) && r.Contains(",28.80,", StringComparison.Ordinal));
    }

    [GeneratedRegex("OC[0-9]{12}")]
    private static partial Regex InvoiceId();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "OpenCsp.slnx")))
            dir = dir.Parent;
        return dir.FullName;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }
}
