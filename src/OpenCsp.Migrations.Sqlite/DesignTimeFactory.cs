using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenCsp.Core.Data;

namespace OpenCsp.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for Sqlite (scripts/add-migration.sh); no connection is opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OpenCspDbContext>
{
    public OpenCspDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OpenCspDbContext>();
        new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=design.db").Apply(options);
        return new OpenCspDbContext(options.Options);
    }
}
