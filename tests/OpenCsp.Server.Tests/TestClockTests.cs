using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Data;
using OpenCsp.Server.Tests.Infrastructure;
using static OpenCsp.Server.Tests.Infrastructure.Shop;

namespace OpenCsp.Server.Tests;

/// <summary>The test clock of API.md A3.</summary>
public sealed class TestClockTests : ApiTests
{
    [Theory, MemberData(nameof(Databases))]
    public async Task Advance_ByP31D_MovesTheClock_AndSurvivesARestart(Db db)
    {
        DateTimeOffset moved;
        var app = await OpenCspApp.StartAsync(db);
        await using (app)
        {
            var client = await app.ClientForAsync("demo-admin-agent");
            var now = await (await client.GetAsync("/v1/testclock", Ct)).AssertOkAsync();
            Assert.Equal(OpenCspApp.Start, now.GetProperty("now").GetDateTimeOffset());

            var advanced = await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { by = "P31D" }), Ct)).AssertOkAsync();
            moved = advanced.GetProperty("now").GetDateTimeOffset();
            Assert.Equal(OpenCspApp.Start.AddDays(31), moved);
            var read = await (await client.GetAsync("/v1/testclock", Ct)).AssertOkAsync();
            Assert.Equal(moved, read.GetProperty("now").GetDateTimeOffset());

            // The moved clock is the product's clock: a customer created now is opened at the moved time.
            var customer = await (await client.PostAsync("/v1/customers", Http.JsonBody(Http.NewCustomer("clocked")), Ct)).AssertOkAsync(HttpStatusCode.Created);
            Assert.Equal(moved, customer.GetProperty("accountOpenedDate").GetDateTimeOffset());
            app.KeepDatabase = true;
        }

        await using var restarted = await OpenCspApp.StartAsync(db, reuse: app.Database);
        var again = await restarted.ClientForAsync("demo-admin-agent");
        var afterRestart = await (await again.GetAsync("/v1/testclock", Ct)).AssertOkAsync();
        Assert.Equal(moved, afterRestart.GetProperty("now").GetDateTimeOffset());
    }

    /// <summary>
    /// The Partner Center SDK sends MS-RequestId with every call. The advance (the due-work sweep) and a billing run
    /// commit their own transactions, so they are recorded after they run instead of inside the request's transaction,
    /// where on SQLite they would wait on its single writer: they run, and a retry replays the answer.
    /// </summary>
    [Theory, MemberData(nameof(Databases))]
    public async Task AdvanceAndBillingRun_WithAnMsRequestId_Run_AndARetryReplaysTheAnswer(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OpenCspDbContext>();
            var contoso = await context.Customers.SingleAsync(c => c.Domain == "contoso.onmicrosoft.com", Ct);
            context.Subscriptions.Add(DueWorkTests.Due(contoso.PartnerId, contoso.Id, OpenCspApp.Start.AddDays(-10)));
            await context.SaveChangesAsync(Ct);
        }

        var billing = await app.ClientForAsync("demo-billing-admin");

        async Task<HttpResponseMessage> PostAsync(string path, object body, string requestId)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Http.JsonBody(body) };
            request.Headers.Add("MS-RequestId", requestId);
            return await (path.Contains("billing", StringComparison.Ordinal) ? billing : client).SendAsync(request, Ct);
        }

        var first = await (await PostAsync("/v1/testclock/advance", new { by = "P31D" }, "advance-1")).AssertOkAsync();
        Assert.Equal(OpenCspApp.Start.AddDays(31), first.GetProperty("now").GetDateTimeOffset());
        Assert.True(first.GetProperty("handled").GetInt32() > 0); // the subscription's renewal ran inside the advance

        var retried = await PostAsync("/v1/testclock/advance", new { by = "P31D" }, "advance-1");
        Assert.Equal("true", retried.Headers.GetValues("MS-Idempotent-Replay").Single());
        Assert.Equal(first.GetRawText(), (await retried.AssertOkAsync()).GetRawText()); // the first answer, handled count included
        var now = await (await client.GetAsync("/v1/testclock", Ct)).AssertOkAsync();
        Assert.Equal(OpenCspApp.Start.AddDays(31), now.GetProperty("now").GetDateTimeOffset()); // moved once
        // A retry that arrives while the first still sweeps finds no answer kept yet: the clock itself knows the request.
        await InDbAsync(app, d => d.IdempotencyRecords.Where(r => r.RequestId == "advance-1").ExecuteDeleteAsync(Ct));
        var early = await (await PostAsync("/v1/testclock/advance", new { by = "P31D" }, "advance-1")).AssertOkAsync();
        Assert.Equal(OpenCspApp.Start.AddDays(31), early.GetProperty("now").GetDateTimeOffset());

        var period = OpenCspApp.Start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var run = await (await PostAsync("/v1/billingruns", new { period }, "run-1")).AssertOkAsync();
        var replayed = await PostAsync("/v1/billingruns", new { period }, "run-1");
        Assert.Equal("true", replayed.Headers.GetValues("MS-Idempotent-Replay").Single());
        Assert.Equal(run.GetRawText(), (await replayed.AssertOkAsync()).GetRawText());
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Advance_To_MovesForward_ButNeverBack(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var client = await app.ClientForAsync("demo-admin-agent");
        var target = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var advanced = await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { to = "2027-01-01T00:00:00Z" }), Ct)).AssertOkAsync();
        Assert.Equal(target, advanced.GetProperty("now").GetDateTimeOffset());

        // Real time passing keeps the clock running from the moved time.
        app.RealClock.Advance(TimeSpan.FromMinutes(5));
        var later = await (await client.GetAsync("/v1/testclock", Ct)).AssertOkAsync();
        Assert.Equal(target.AddMinutes(5), later.GetProperty("now").GetDateTimeOffset());

        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { to = "2026-12-01T00:00:00Z" }), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 950040);
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { by = "31 days" }), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 950041);
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { }), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        // Near the end of the calendar, or longer than any rule needs: refused, not an overflow.
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { to = "9999-12-31T00:00:00Z" }), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { by = "P99999999999D" }), Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 950041);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task TestClock_WhenNotEnabled_IsNotThere(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db, new() { ["TestClock:Enabled"] = "false" });
        var client = await app.ClientForAsync("demo-admin-agent");
        await (await client.GetAsync("/v1/testclock", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 1000);
        await (await client.PostAsync("/v1/testclock/advance", Http.JsonBody(new { by = "P31D" }), Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 1000);
    }
}
