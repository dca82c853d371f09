using System.Text.RegularExpressions;

namespace OpenCsp.Core.Tests;

/// <summary>
/// Time comes only from TimeProvider. BannedApiAnalyzers stops a build that reads the wall clock; this test also
/// catches a read hidden from the analyzer (a suppression, a project without it).
/// </summary>
public sealed partial class WallClockGuardTests
{
    [GeneratedRegex(@"\bDateTime(Offset)?\s*\.\s*(UtcNow|Now|Today)\b")]
    private static partial Regex WallClock();

    [Fact]
    public void NoSourceFile_ReadsTheWallClock()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => WallClock().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(src, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [Fact]
    public void TheGuard_CatchesWallClockReads()
    {
        Assert.Matches(WallClock(), "var now = DateTime.UtcNow;");
        Assert.Matches(WallClock(), "DateTimeOffset . Now");
        Assert.DoesNotMatch(WallClock(), "clock.GetUtcNow()");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenCsp.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("OpenCsp.slnx not found above the test binaries.");
    }
}
