using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenCsp.Core;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Demo;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Time;
using Spectre.Console;

namespace OpenCsp.Cli;

/// <summary>
/// The <c>opencsp</c> operator tool. It calls Core's use cases directly, on the database the server uses: the
/// same settings (appsettings.json in the working directory, environment variables such as
/// <c>Database__Provider</c> and <c>ConnectionStrings__OpenCsp</c>), or --database / --connection.
/// </summary>
public static class CliApp
{
    private static readonly Option<string?> DatabaseOption = new("--database") { Description = "Sqlite or Postgres (default: as configured, else Sqlite)", Recursive = true };
    private static readonly Option<string?> ConnectionOption = new("--connection") { Description = "The connection string (default: as configured, else opencsp.db)", Recursive = true };

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console)
    {
        var root = new RootCommand("opencsp: operate an OpenCsp installation (database, partners, users, API clients, test clock)")
        {
            DatabaseOption,
            ConnectionOption,
            Migrate(console),
            Demo(console),
            Partners(console),
            Users(console),
            Clients(console),
            Clock(console),
            CatalogCommands.Catalog(console),
            CatalogCommands.Orders(console),
            SubscriptionCommands.Subscriptions(console),
            SubscriptionCommands.Lifecycle(console),
            ActivityCommands.Activity(console),
            SoftwareCommands.Software(console),
            BillingCommands.Billing(console),
        };
        var parse = root.Parse(args);
        return await parse.InvokeAsync();
    }

    private static Command Migrate(IAnsiConsole console)
    {
        var command = new Command("migrate", "Apply the database migrations (the server also does this at start-up)");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StartUp>().RunAsync(seedDemo: false, ct);
            console.MarkupLine("[green]Database is up to date.[/]");
            return 0;
        });
        return command;
    }

    private static Command Demo(IAnsiConsole console)
    {
        var seed = new Command("seed", "Seed the demo partners, users, API clients and customers into an empty database");
        seed.SetAction(async (parse, ct) =>
        {
            await using var scope = await MigratedScopeAsync(parse, ct);
            var seeded = await scope.ServiceProvider.GetRequiredService<SeedDemoData>().RunAsync(ct);
            console.MarkupLine(seeded
                ? $"[green]Demo data seeded.[/] Every demo secret is [bold]{SeedDemoData.Secret}[/]."
                : "[yellow]The database already has partners; nothing seeded.[/]");
            return 0;
        });
        return new Command("demo", "Demo data") { seed };
    }

    private static Command Partners(IAnsiConsole console)
    {
        var name = new Option<string>("--name") { Required = true, Description = "The partner's name" };
        var kind = new Option<string>("--kind") { Required = true, Description = "direct-bill, indirect-provider or indirect-reseller" };
        var provider = new Option<Guid?>("--provider") { Description = "The indirect provider of an indirect reseller" };
        var create = new Command("create", "Register a partner") { name, kind, provider };
        create.SetAction(async (parse, ct) =>
        {
            if (ParseKind(parse.GetValue(kind)!) is not { } partnerKind)
                return Fail(console, "--kind must be direct-bill, indirect-provider or indirect-reseller");
            await using var scope = await MigratedScopeAsync(parse, ct);
            var result = await scope.ServiceProvider.GetRequiredService<CreatePartner>()
                .RunAsync(new NewPartner(parse.GetValue(name)!, partnerKind, parse.GetValue(provider)), ct);
            return Report(console, result, p => console.MarkupLineInterpolated($"Partner [bold]{p.Name}[/] created: id [bold]{p.Id}[/], MPN id {p.MpnId}"));
        });

        var list = new Command("list", "List the partners");
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = await MigratedScopeAsync(parse, ct);
            var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
            var table = new Table().AddColumns(new TableColumn("Id").NoWrap(), new TableColumn("Name"), new TableColumn("Kind").NoWrap(), new TableColumn("Provider").NoWrap(), new TableColumn("MPN id"));
            foreach (var p in db.Partners.OrderBy(p => p.Name).ToList())
                table.AddRow(p.Id.ToString(), Markup.Escape(p.Name), Naming.Kebab(p.Kind.ToString()), p.ProviderId?.ToString() ?? "", p.MpnId);
            console.Write(table);
            return 0;
        });
        return new Command("partners", "Partners: direct-bill, indirect providers and their resellers") { create, list };
    }

    private static Command Users(IAnsiConsole console)
    {
        var partner = new Option<Guid>("--partner") { Required = true, Description = "The partner id" };
        var email = new Option<string>("--email") { Required = true, Description = "The user's e-mail (sign-in name)" };
        var roles = RolesOption();
        var displayName = new Option<string?>("--name") { Description = "Display name" };
        var password = new Option<string?>("--password") { Description = "Password (default: a generated one, shown once)" };
        var create = new Command("create", "Add a dashboard user with roles") { partner, email, roles, displayName, password };
        create.SetAction(async (parse, ct) =>
        {
            if (ParseRoles(parse.GetValue(roles)!) is not { } held)
                return Fail(console, $"--roles takes a comma-separated list of: {string.Join(", ", Core.Partners.Roles.Each.Select(Core.Partners.Roles.ToKebab))}");
            var secret = parse.GetValue(password) ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
            await using var scope = await MigratedScopeAsync(parse, ct);
            var result = await scope.ServiceProvider.GetRequiredService<CreatePartnerUser>()
                .RunAsync(new NewPartnerUser(parse.GetValue(partner), parse.GetValue(email)!, parse.GetValue(displayName) ?? "", held, secret), ct);
            return Report(console, result, u =>
            {
                console.MarkupLineInterpolated($"User [bold]{u.Email}[/] created with roles {RoleList(u.Roles)}.");
                if (parse.GetValue(password) is null)
                    console.MarkupLineInterpolated($"Password (shown once): [bold]{secret}[/]");
            });
        });
        return new Command("users", "Dashboard users of a partner") { create };
    }

    private static Command Clients(IAnsiConsole console)
    {
        var partner = new Option<Guid>("--partner") { Required = true, Description = "The partner id" };
        var roles = RolesOption();
        var clientId = new Option<string?>("--client-id") { Description = "The client id (default: a new GUID)" };
        var displayName = new Option<string?>("--name") { Description = "Display name" };
        var create = new Command("create", "Register an API client; prints its id and secret once") { partner, roles, clientId, displayName };
        create.SetAction(async (parse, ct) =>
        {
            if (ParseRoles(parse.GetValue(roles)!) is not { } held)
                return Fail(console, $"--roles takes a comma-separated list of: {string.Join(", ", Core.Partners.Roles.Each.Select(Core.Partners.Roles.ToKebab))}");
            await using var scope = await MigratedScopeAsync(parse, ct);
            var result = await scope.ServiceProvider.GetRequiredService<CreateApiClient>()
                .RunAsync(new NewApiClient(parse.GetValue(partner), held, parse.GetValue(clientId), parse.GetValue(displayName)), ct);
            return Report(console, result, c =>
            {
                console.MarkupLineInterpolated($"client_id:     [bold]{c.Client.ClientId}[/]");
                console.MarkupLineInterpolated($"client_secret: [bold]{c.Secret}[/]  (shown once; only its hash is kept)");
                console.MarkupLineInterpolated($"roles:         {RoleList(c.Client.Roles)}");
            });
        });
        return new Command("clients", "API clients (OAuth 2.0 client credentials)") { create };
    }

    private static Command Clock(IAnsiConsole console)
    {
        var show = new Command("show", "Show the test clock's time");
        show.SetAction(async (parse, ct) =>
        {
            await using var scope = await MigratedScopeAsync(parse, ct);
            console.WriteLine(Iso.Format(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow()));
            return 0;
        });

        var by = new Option<string?>("--by") { Description = "An ISO-8601 duration, e.g. P31D or PT12H" };
        var to = new Option<string?>("--to") { Description = "A UTC time, e.g. 2027-01-01T00:00:00Z" };
        var advance = new Command("advance", "Move the test clock forward (never back) and run what falls due") { by, to };
        advance.SetAction(async (parse, ct) =>
        {
            var byText = parse.GetValue(by);
            var toText = parse.GetValue(to);
            if ((byText is null) == (toText is null))
                return Fail(console, "give exactly one of --by or --to");
            IsoDuration? duration = null;
            DateTimeOffset? target = null;
            if (byText is not null && (duration = Iso.ParseDuration(byText)) is null)
                return Fail(console, $"'{byText}' is not an ISO-8601 duration such as P31D");
            if (toText is not null)
            {
                if (!DateTimeOffset.TryParse(toText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                    return Fail(console, $"'{toText}' is not a date and time");
                target = parsed;
            }

            await using var scope = await MigratedScopeAsync(parse, ct);
            var result = await scope.ServiceProvider.GetRequiredService<AdvanceTestClock>().RunAsync(duration, target, ct);
            return Report(console, result, done =>
            {
                console.WriteLine(Iso.Format(done.Now));
                if (done.Handled > 0)
                    console.WriteLine($"Handled {done.Handled} due events.");
            });
        });
        return new Command("clock", "The test clock (a server sees it with TestClock:Enabled=true)") { show, advance };
    }

    private static Option<string> RolesOption() => new("--roles")
    {
        Required = true,
        Description = "Comma-separated roles: " + string.Join(", ", Core.Partners.Roles.Each.Select(Core.Partners.Roles.ToKebab)),
    };

    internal static ServiceProvider Services(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?> { ["TestClock:Enabled"] = "true" };
        if (parse.GetValue(DatabaseOption) is { } provider)
            overrides["Database:Provider"] = provider;
        if (parse.GetValue(ConnectionOption) is { } connection)
            overrides["ConnectionStrings:OpenCsp"] = connection;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddOpenCspCore()
            .BuildServiceProvider();
    }

    internal static async Task<AsyncServiceScope> MigratedScopeAsync(ParseResult parse, CancellationToken ct)
    {
        var services = Services(parse);
        var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StartUp>().RunAsync(seedDemo: false, ct);
        return scope;
    }

    /// <summary>The CLI acts as an operator (global admin) of a partner; null when there is no such partner.</summary>
    internal static async Task<Caller?> OperatorOfPartnerAsync(AsyncServiceScope scope, Guid partnerId, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        var kind = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => (PartnerKind?)p.Kind).SingleOrDefaultAsync(ct);
        return kind is null ? null : new Caller(partnerId, kind.Value, Role.GlobalAdmin, "opencsp-cli");
    }

    /// <summary>An operator of the customer's partner of record; for an unknown customer, one that sees nothing (the use case then refuses).</summary>
    internal static async Task<Caller> OperatorOfCustomerAsync(AsyncServiceScope scope, Guid customerId, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
        var owner = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.PartnerId).SingleOrDefaultAsync(ct);
        return await OperatorOfPartnerAsync(scope, owner, ct) ?? new Caller(owner, PartnerKind.DirectBill, Role.GlobalAdmin, "opencsp-cli");
    }

    internal static int Report<T>(IAnsiConsole console, Result<T> result, Action<T> success)
    {
        if (!result.IsSuccess)
            return Fail(console, ErrorText.Describe(result.Refusal!, CultureInfo.GetCultureInfo("en-US")));
        success(result.Value);
        return 0;
    }

    internal static int Fail(IAnsiConsole console, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return 2;
    }

    private static PartnerKind? ParseKind(string text) =>
        Enum.TryParse<PartnerKind>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;

    private static Role? ParseRoles(string text)
    {
        var held = Role.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Core.Partners.Roles.FromKebab(part) is not { } role)
                return null;
            held |= role;
        }

        return held == Role.None ? null : held;
    }

    private static string RoleList(Role roles) => string.Join(", ", Core.Partners.Roles.Split(roles).Select(Core.Partners.Roles.ToKebab));
}
