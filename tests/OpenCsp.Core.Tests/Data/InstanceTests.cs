using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Data;
using OpenCsp.Core.Tests.Infrastructure;
using OpenCsp.Core.Time;

namespace OpenCsp.Core.Tests.Data;

/// <summary>CAT-9: a deployment names its cloud instance; instances share no data.</summary>
public sealed class InstanceTests
{
    private static Task StartAsAsync(CoreHost host, string? instance) =>
        host.RunAsync<OpenCspDbContext>(db =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Instance:Name"] = instance }).Build();
            return new StartUp(db, host.Get<TestClock>(), new ImportCatalog(db), null!, host.Get<Core.Software.SoftwareSecrets>(), configuration).RunAsync(seedDemo: false, CancellationToken.None);
        });

    [Fact]
    public async Task ADatabase_ServesTheInstanceThatClaimedIt_AndRefusesAnother_CAT9()
    {
        await using var host = await CoreHost.StartAsync(); // claims the default instance, Partner Center
        Assert.Equal("PartnerCenter", await host.RunAsync<OpenCspDbContext, string>(db => db.Instance.Select(i => i.Name).SingleAsync()));

        await StartAsAsync(host, "partnercenter"); // the same instance starts again
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsAsync(host, "PartnerCenterGermany"));
        Assert.Contains("belongs to the PartnerCenter instance", other.Message);
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsAsync(host, "Mars"));
        Assert.Contains("must be one of", unknown.Message);
    }
}
