using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenCsp.Core.Data;

namespace OpenCsp.Server.Tests.Infrastructure;

public enum Db
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh database per test app: a temp SQLite file, or a PostgreSQL database copied from a template migrated once
/// per test run. PostgreSQL comes from OPENCSP_TEST_POSTGRES (scripts/test.sh starts a throwaway cluster); without
/// it the PostgreSQL half is skipped, unless OPENCSP_REQUIRE_POSTGRES=1 (as in scripts/test.sh) makes that a failure.
/// </summary>
public static class TestDatabases
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? template;

    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("OPENCSP_TEST_POSTGRES");

    public static async Task<DatabaseSettings> CreateAsync(Db db)
    {
        if (db == Db.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"opencsp-test-{Guid.NewGuid():N}.db");
            return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}");
        }

        var admin = PostgresAdmin;
        if (admin is null)
        {
            if (Environment.GetEnvironmentVariable("OPENCSP_REQUIRE_POSTGRES") == "1")
                Assert.Fail("OPENCSP_TEST_POSTGRES is not set but OPENCSP_REQUIRE_POSTGRES=1.");
            Assert.Skip("PostgreSQL is not configured (set OPENCSP_TEST_POSTGRES, or run scripts/test.sh).");
        }

        var templateName = await TemplateAsync(admin);
        var name = $"opencsp_t_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE {templateName}");
        return new DatabaseSettings(DatabaseProvider.Postgres, Connection(admin, name, pooling: true));
    }

    private static async Task<string> TemplateAsync(string admin)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (template is not null)
                return template;
            var name = $"opencsp_tpl_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
            await ExecuteAsync(admin, $"CREATE DATABASE {name}");
            var options = new DbContextOptionsBuilder<OpenCspDbContext>();
            new DatabaseSettings(DatabaseProvider.Postgres, Connection(admin, name, pooling: false)).Apply(options);
            await using (var context = new OpenCspDbContext(options.Options))
                await context.Database.MigrateAsync();
            return template = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static string Connection(string admin, string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = pooling, MaxPoolSize = 20 }.ConnectionString;

    private static async Task ExecuteAsync(string admin, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static void Release(DatabaseSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            using var connection = new NpgsqlConnection(settings.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = settings.ConnectionString["Data Source=".Length..];
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                File.Delete(f);
        }
    }
}
