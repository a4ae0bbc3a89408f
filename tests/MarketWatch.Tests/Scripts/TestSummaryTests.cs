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

    [Fact]
    public async Task The_failed_tests_are_listed_by_name_with_their_message_and_where()
    {
        // CI keeps only the tail of the log, so test.sh repeats each failure just above the closing line.
        var lines = await RunAsync("trx-failures.sh", Path.Combine(AppPaths.RepositoryRoot, "fixtures", "trx"));
        Assert.Equal("FAILED T.Fail [00:00:00.0017277]", lines[0]);
        Assert.Equal(["Assert.True() Failure", "Expected: True", "Actual:   False"], lines[1..4].Select(l => l.Trim()));
        Assert.Equal("at T.Fail() in /src/probe/T.cs:line 6", lines[4].Trim());
        Assert.Equal(5, lines.Length); // the passing and the two skipped tests are not listed
    }

    private static async Task<string[]> RunAsync(string script, string directory)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppPaths.RepositoryRoot, "scripts", script));
        psi.ArgumentList.Add(directory);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
