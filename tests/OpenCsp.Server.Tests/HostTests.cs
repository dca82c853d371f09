using System.Net;
using OpenCsp.Server.Tests.Infrastructure;

namespace OpenCsp.Server.Tests;

/// <summary>Health, readiness and the API description.</summary>
public sealed class HostTests : ApiTests
{
    [Theory, MemberData(nameof(Databases))]
    public async Task Health_Readiness_OpenApi_AndDocs_AreServed(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = app.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz", Ct));
        Assert.Equal("Ready", await client.GetStringAsync("/readyz", Ct));

        var document = await (await client.GetAsync("/openapi/v1.json", Ct)).AssertOkAsync();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/customers", out _));
        Assert.True(paths.TryGetProperty("/v1/customers/{customerId}/profiles/billing", out _));
        Assert.Contains("|2055|400|", document.GetProperty("info").GetProperty("description").GetString());

        var docs = await client.GetAsync("/docs/", Ct);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("OpenCsp API", await docs.Content.ReadAsStringAsync(Ct));
    }
}
