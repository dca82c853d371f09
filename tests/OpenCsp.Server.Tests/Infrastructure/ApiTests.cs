namespace OpenCsp.Server.Tests.Infrastructure;

/// <summary>Base of HTTP tests whose body runs once on SQLite and once on PostgreSQL.</summary>
public abstract class ApiTests
{
    public static TheoryData<Db> Databases => new(Db.Sqlite, Db.Postgres);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
}
