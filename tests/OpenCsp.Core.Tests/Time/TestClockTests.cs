using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Tests.Infrastructure;
using OpenCsp.Core.Time;

namespace OpenCsp.Core.Tests.Time;

public sealed class TestClockTests
{
    private static Task<Result<DateTimeOffset>> AdvanceAsync(CoreHost host, string? by, DateTimeOffset? to = null) =>
        host.RunAsync<OpenCspDbContext, Result<DateTimeOffset>>(db =>
            host.Get<TestClock>().AdvanceAsync(db, by is null ? null : Iso.ParseDuration(by), to, CancellationToken.None));

    [Fact]
    public async Task Advance_MovesTheProductClock_WhileRealTimeKeepsRunning()
    {
        await using var host = await CoreHost.StartAsync();
        var clock = host.Get<TimeProvider>();
        Assert.Equal(CoreHost.Start, clock.GetUtcNow());

        Assert.Equal(CoreHost.Start.AddMonths(1), (await AdvanceAsync(host, "P1M")).Value); // 31 March + 1 month = 30 April
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 12, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        host.RealClock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 12, 1, 30, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Fact]
    public async Task AnAdvanceRetriedWithItsRequestId_MovesTheClockOnce()
    {
        await using var host = await CoreHost.StartAsync();
        Task<Result<DateTimeOffset>> Advance(string? requestId) => host.RunAsync<OpenCspDbContext, Result<DateTimeOffset>>(db =>
            host.Get<TestClock>().AdvanceAsync(db, Iso.ParseDuration("P31D"), null, CancellationToken.None, requestId));

        Assert.Equal(CoreHost.Start.AddDays(31), (await Advance("retried")).Value);
        Assert.Equal(CoreHost.Start.AddDays(31), (await Advance("retried")).Value); // the retry: no second month
        Assert.Equal(CoreHost.Start.AddDays(62), (await Advance("another")).Value);
        Assert.Equal(CoreHost.Start.AddDays(93), (await Advance(null)).Value); // the CLI and the dashboard send none
        Assert.Equal(CoreHost.Start.AddDays(124), (await Advance(null)).Value);
    }

    [Fact]
    public async Task Advance_NeverGoesBack()
    {
        await using var host = await CoreHost.StartAsync();
        await AdvanceAsync(host, "P10D");
        var back = await AdvanceAsync(host, null, CoreHost.Start.AddDays(5));
        Assert.Equal(ErrorCodes.ClockCannotGoBack, back.Refusal!.Error);
        Assert.Equal(CoreHost.Start.AddDays(10), host.Get<TimeProvider>().GetUtcNow());
    }

    [Fact]
    public async Task MovedTime_IsPersisted_AndLoadedByAnotherClock()
    {
        await using var host = await CoreHost.StartAsync();
        await AdvanceAsync(host, "P31D");

        var another = new TestClock(host.RealClock, enabled: true);
        await host.RunAsync<OpenCspDbContext>(db => another.LoadAsync(db, CancellationToken.None));

        Assert.Equal(CoreHost.Start.AddDays(31), another.GetUtcNow());
    }

    [Fact]
    public async Task DisabledClock_IsTheRealClock_AndIgnoresAPersistedOffset()
    {
        await using var host = await CoreHost.StartAsync();
        await AdvanceAsync(host, "P31D");
        var disabled = new TestClock(host.RealClock, enabled: false);
        await host.RunAsync<OpenCspDbContext>(db => disabled.LoadAsync(db, CancellationToken.None));
        Assert.Equal(CoreHost.Start, disabled.GetUtcNow());
    }
}
