using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Time;

public sealed record ClockAdvanced(DateTimeOffset Now, int Handled);

/// <summary>
/// Moves the test clock forward (by a duration or to a time) and runs, in time order, everything that fell due
/// before answering (API.md A3), then the billing runs of the periods that ended — for the API, the CLI and the
/// dashboard's clock bar alike.
/// </summary>
public sealed class AdvanceTestClock(TestClock clock, OpenCspDbContext db, DueWork work)
{
    public async Task<Result<ClockAdvanced>> RunAsync(IsoDuration? by, DateTimeOffset? to, CancellationToken ct, string? requestId = null)
    {
        var moved = await clock.AdvanceAsync(db, by, to, ct, requestId);
        if (!moved.IsSuccess)
            return moved.Refusal!;
        var done = await work.RunUntilIdleAsync(ct);
        return new ClockAdvanced(clock.GetUtcNow(), done.Handled);
    }
}
