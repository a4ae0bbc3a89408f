using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("MarketWatch.Tests.Support.LongestFirst", "MarketWatch.Tests")]

namespace MarketWatch.Tests.Support;

/// <summary>
/// Starts the longest test collections first. Four collections run at a time, in the order given here; by default
/// the longest ones (schedules and cluster nodes that wait for cron slots, graceful stop, kill-and-resume) happened
/// to start in the second half, and the run ended with one of them alone on the machine for two minutes
/// (2026-12-03: 979 s of wall time, the last 120 s with one test running). Longest-first is the classic answer to
/// that tail. The list is by measured time (TRX durations summed per class, largest first); a collection not named
/// here keeps its place after them, so a stale list costs time, never a test.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public static readonly string[] Longest =
    [
        "MarketWatch.Tests.Jobs.SchedulingTests",                  // 300 s
        "MarketWatch.Tests.Jobs.ClusterTests",                     // 290 s
        "MarketWatch.Tests.Crawling.CrawlFaultTests",              // 285 s
        "workspace",                                               // 256 s (accessibility and language)
        "MarketWatch.Tests.Service.GracefulStopTests",             // 213 s
        "MarketWatch.Tests.EndToEnd.MarketplaceCrawlTests",        // 201 s
        "MarketWatch.Tests.Exports.ExportCommandTests",            // 198 s
        "MarketWatch.Tests.EndToEnd.WalkingSkeletonTests",         // 162 s
        "MarketWatch.Tests.Crawling.ResumeAndEvidenceTests",       // 151 s
        "MarketWatch.Tests.Service.ProbeAndSecondSignalTests",     // 136 s
        "MarketWatch.Tests.Cli.ClassifyCommandTests",              // 125 s
        "MarketWatch.Tests.Crawling.RedirectSafetyTests",          // 109 s
        "MarketWatch.Tests.Crawling.BrowserOriginTests",           // 102 s
        "MarketWatch.Tests.Cli.ProbeCommandTests",                 //  98 s
        "MarketWatch.Tests.Review.ReviewWorkspaceTests",           //  96 s
        "MarketWatch.Tests.Crawling.SnapshotEvidenceTests",        //  89 s
        "MarketWatch.Tests.Cli.UserAndDecisionExportTests",        //  85 s
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        Order(testCollections, c => c.DisplayName);

    /// <summary>Listed collections first, in list order; the others after them, in the order they came.</summary>
    public static IEnumerable<T> Order<T>(IEnumerable<T> collections, Func<T, string> displayName) =>
        collections.Select((c, i) => (c, i)).OrderBy(x => Rank(displayName(x.c))).ThenBy(x => x.i).Select(x => x.c);

    private static int Rank(string displayName)
    {
        var name = displayName.StartsWith(DefaultPrefix, StringComparison.Ordinal) ? displayName[DefaultPrefix.Length..] : displayName;
        var at = Array.IndexOf(Longest, name);
        return at < 0 ? Longest.Length : at;
    }

    private const string DefaultPrefix = "Test collection for ";
}
