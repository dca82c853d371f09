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

    /// <summary>Moves the clock forward by a duration or to a time (never back) and persists the new offset.</summary>
    public async Task<Result<DateTimeOffset>> AdvanceAsync(OpenCspDbContext db, IsoDuration? by, DateTimeOffset? to, CancellationToken ct)
    {
        if (!enabled)
            throw new InvalidOperationException("The test clock is not enabled.");
        var state = await db.ClockStates.SingleOrDefaultAsync(ct);
        if (state is null)
        {
            state = new ClockState();
            db.ClockStates.Add(state);
        }

        var real = realClock.GetUtcNow();
        var now = real.AddTicks(Math.Max(state.OffsetTicks, Volatile.Read(ref offsetTicks)));
        var target = to ?? by?.AddTo(now) ?? now;
        if (target < now)
            return Refusal.Of(ErrorCodes.ClockCannotGoBack, target, now);

        state.OffsetTicks = (target - real).Ticks;
        await db.SaveChangesAsync(ct);
        Volatile.Write(ref offsetTicks, state.OffsetTicks);
        return target;
    }
}
