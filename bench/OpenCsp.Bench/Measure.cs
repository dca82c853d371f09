using System.Diagnostics;
using System.Globalization;

/// <summary>How the in-process benchmarks time a run and report it beside their same-run reference.</summary>
internal static class Measure
{
    /// <summary>Runs <paramref name="run"/> after a full GC, and returns its result, time and the peak working set before and after.</summary>
    public static async Task<(T Result, TimeSpan Elapsed, long PeakBefore, long Peak)> RunAsync<T>(Func<Task<T>> run)
    {
        GC.Collect();
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var watch = Stopwatch.StartNew();
        var result = await run();
        watch.Stop();
        return (result, watch.Elapsed, before, Process.GetCurrentProcess().PeakWorkingSet64);
    }

    /// <summary>
    /// Prints the rate, the memory, the ratio to the reference's rate, and whether 1,000,000 <paramref name="per"/> would
    /// take at most 60 s (extrapolated from <paramref name="perCount"/>).
    /// </summary>
    public static void Report(string what, double items, string unit, TimeSpan elapsed, long peakBefore, long peak,
        double referenceRate, string ratioOf, string per, int perCount)
    {
        var rate = items / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what} in {elapsed.TotalSeconds:0.0} s = {rate:0} {unit}/s; peak working set {peak / 1048576} MiB (before the run {peakBefore / 1048576} MiB)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio {ratioOf} = {rate / referenceRate:0.000}; target for 1,000,000 {per}: <= 60 s ({(elapsed.TotalSeconds * 1_000_000 / perCount <= 60 ? "met" : "not met")}, extrapolated)"));
    }
}
