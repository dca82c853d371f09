using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Server.Lifecycle;

/// <summary>
/// Sweeps the due work (<see cref="DueWork"/>: due events, then the billing periods that ended), every <c>Lifecycle:PollInterval</c> (30 s by default) while the server
/// runs, with <c>Lifecycle:Parallelism</c> sweeps side by side on PostgreSQL; <c>Lifecycle:Worker=false</c> turns it off (the test clock's advance and <c>opencsp lifecycle run</c> still sweep).
/// </summary>
public sealed class LifecycleWorker(DueWork work, IConfiguration configuration, ILogger<LifecycleWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Lifecycle:Worker", true))
            return;
        using var timer = new PeriodicTimer(configuration.GetValue("Lifecycle:PollInterval", TimeSpan.FromSeconds(30)));
        do
        {
            try
            {
                var done = await work.RunUntilIdleAsync(stoppingToken, configuration.GetValue("Lifecycle:Parallelism", 1));
                if (done.Handled > 0)
                    log.LogInformation("Lifecycle sweep handled {Count} due events", done.Handled);
                foreach (var run in done.Closed)
                    log.LogInformation("Billing period {Period} closed: {Count} invoices", run.Period.Name, run.Invoices.Count - run.AlreadyClosed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Lifecycle sweep failed; the next one retries");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
