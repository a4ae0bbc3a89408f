using System.Diagnostics;

namespace MarketWatch.Tests.Scripts;

/// <summary>scripts/test.sh ends with the line CI reads; its numbers come from scripts/trx-summary.sh.</summary>
public class TestSummaryTests
{
    [Fact]
    public async Task The_closing_line_counts_skipped_tests_from_the_trx()
    {
        // A real TRX of ours: one passed, one failed, a [Fact(Skip)] and a [SkippableFact] that skipped itself.
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppPaths.RepositoryRoot, "scripts", "trx-summary.sh"));
        psi.ArgumentList.Add(Path.Combine(AppPaths.RepositoryRoot, "fixtures", "trx"));
        using var process = Process.Start(psi)!;
        var line = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        Assert.Equal("1 passed, 1 failed, 2 skipped", line);
    }
}
