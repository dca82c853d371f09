using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Time;

/// <summary>
/// The product's clock. With <c>TestClock:Enabled=true</c> it runs ahead of the real clock by an offset that
/// only grows and is kept in the database, so renewals, deadlines and refund windows can be reached by moving
/// time forward and a restart keeps the moved time. Disabled, it is the real clock.
/// </summary>
public sealed class TestClock(TimeProvider realClock, bool enabled) : TimeProvider
{
    private long offsetTicks;

    public bool Enabled => enabled;

    public TimeSpan Offset => TimeSpan.FromTicks(Volatile.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => realClock.GetUtcNow().AddTicks(Volatile.Read(ref offsetTicks));

    // Elapsed-time measurement (timeouts, stopwatches) stays on the real clock.
    public override long GetTimestamp() => realClock.GetTimestamp();

    public override long TimestampFrequency => realClock.TimestampFrequency;

    /// <summary>Reads the persisted offset, so a restart (or a move made by the CLI) is seen.</summary>
    public async Task LoadAsync(OpenCspDbContext db, CancellationToken ct)
    {
        if (!enabled)
            return;
        var state = await db.ClockStates.AsNoTracking().SingleOrDefaultAsync(ct);
        Volatile.Write(ref offsetTicks, state?.OffsetTicks ?? 0);
    }

    /// <summary>Far enough for any test, and far enough from the end of the calendar for the dates computed from the clock (terms, windows) to stay in range.</summary>
    private static readonly DateTimeOffset Horizon = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Moves the clock forward by a duration or to a time (never back) and persists the new offset. A
    /// <paramref name="requestId"/> that moved the clock last moves it no further: "by" is relative, and a retry of a
    /// long advance arrives before the first has answered (and so before its response is kept for replay).
    /// </summary>
    public async Task<Result<DateTimeOffset>> AdvanceAsync(OpenCspDbContext db, IsoDuration? by, DateTimeOffset? to, CancellationToken ct, string? requestId = null)
    {
        if (!enabled)
            throw new InvalidOperationException("The test clock is not enabled.");
        var state = await db.ClockStates.SingleOrDefaultAsync(ct);
        var real = realClock.GetUtcNow();
        var now = real.AddTicks(Math.Max(state?.OffsetTicks ?? 0, Volatile.Read(ref offsetTicks)));
        if (requestId is not null && state?.LastRequestId == requestId)
            return now;
        var target = to ?? by?.AddTo(now) ?? now;
        if (target < now)
            return Refusal.Of(ErrorCodes.ClockCannotGoBack, target, now); // before anything is added for a later save to write
        if (target >= Horizon)
            return Refusal.Of(ErrorCodes.InvalidProperty, to is null ? "by" : "to", $"the test clock stops before {Iso.Format(Horizon)}");

        if (state is null)
            db.ClockStates.Add(state = new ClockState());
        state.OffsetTicks = (target - real).Ticks;
        state.LastRequestId = requestId;
        await db.SaveChangesAsync(ct);
        Volatile.Write(ref offsetTicks, state.OffsetTicks);
        return target;
    }
}
