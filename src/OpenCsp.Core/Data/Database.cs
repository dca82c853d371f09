using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace OpenCsp.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database to use: <c>Database:Provider</c> (Sqlite | Postgres) and <c>ConnectionStrings:OpenCsp</c>.
/// SQLite is the embedded default, a file opencsp.db in the working directory.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=opencsp.db";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerText)
            ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var p) || TryAlias(providerText, out p)
                ? p
                : throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        var connection = configuration.GetConnectionString("OpenCsp");
        if (string.IsNullOrWhiteSpace(connection))
        {
            connection = provider == DatabaseProvider.Sqlite
                ? DefaultSqlite
                : throw new InvalidOperationException("ConnectionStrings:OpenCsp is required for PostgreSQL.");
        }

        return new DatabaseSettings(provider, connection);
    }

    private static bool TryAlias(string text, out DatabaseProvider provider)
    {
        provider = DatabaseProvider.Postgres;
        return text.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || text.Equals("Npgsql", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The connection string with Npgsql's settings for a server that keeps no session state on a connection, unless it
    /// sets them itself: <c>No Reset On Close</c> (a pooled connection need not send DISCARD ALL each time a query
    /// returns it) and <c>Max Auto Prepare</c> (the statements used most are prepared once per connection, so
    /// PostgreSQL does not parse and plan them on every request).
    /// </summary>
    private string PostgresConnectionString
    {
        get
        {
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString }.Keys.Cast<string>()
                .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            if (!given.Contains("NORESETONCLOSE"))
                builder.NoResetOnClose = true;
            if (!given.Contains("MAXAUTOPREPARE"))
                builder.MaxAutoPrepare = 64;
            return builder.ConnectionString;
        }
    }

    /// <summary>Points a DbContext at the chosen database, with its own migrations assembly.</summary>
    public void Apply(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Sqlite)
            options.UseSqlite(ConnectionString, o => o.MigrationsAssembly("OpenCsp.Migrations.Sqlite"));
        else
            options.UseNpgsql(PostgresConnectionString, o => o.MigrationsAssembly("OpenCsp.Migrations.Postgres"));
        options.UseOpenIddict();
    }
}
