using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenCsp.Core.Data;

namespace OpenCsp.Migrations.Postgres;

/// <summary>Lets `dotnet ef` build the model for Postgres (scripts/add-migration.sh); no connection is opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OpenCspDbContext>
{
    public OpenCspDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OpenCspDbContext>();
        new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=opencsp_design").Apply(options);
        return new OpenCspDbContext(options.Options);
    }
}
