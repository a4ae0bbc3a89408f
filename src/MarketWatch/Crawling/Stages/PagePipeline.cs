using System.Diagnostics;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// The crawl of one search page, declared here and nowhere else (Scrapy's ordered middlewares, Crawlee's context
/// pipeline): each stage a small class with one job, reading and enriching the page's context.
/// <code>
/// plan -> politeness -> fetch -> extract -> dedupe -> detect -> snapshot -> enrich -> evidence -> store -> account
/// </code>
/// The snapshot comes before enrich because it needs the search page's tab, and detail pages need tabs of their own.
/// </summary>
public sealed class PagePipeline(PlanStage plan, PolitenessStage politeness, FetchStage fetch, ExtractStage extract, DedupeStage dedupe,
    DetectStage detect, SnapshotStage snapshot, EnrichStage enrich, EvidenceStage evidence, StoreStage store, AccountStage account,
    IDbContextFactory<MarketWatchDb> dbFactory, CrawlMetrics metrics)
{
    public IReadOnlyList<IPageStage> Stages { get; } = [plan, politeness, fetch, extract, dedupe, detect, snapshot, enrich, evidence, store, account];

    public async Task RunAsync(RunContext run, CrawlPage page, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tally = new PageTally();
        for (var attempt = 1; ; attempt++)
        {
            var context = new PageContext(run, page, db, tally, attempt);
            try
            {
                if (await RunStagesAsync(context, ct) == StageResult.Next) return;
            }
            finally
            {
                await context.CleanupAsync();
            }
        }
    }

    private async Task<StageResult> RunStagesAsync(PageContext context, CancellationToken ct)
    {
        foreach (var stage in Stages)
        {
            if (context.Settled && !stage.RunsWhenSettled) continue;
            var started = Stopwatch.GetTimestamp();
            var result = await stage.RunAsync(context, ct);
            metrics.Stage(stage.Name, Stopwatch.GetElapsedTime(started));
            if (result == StageResult.Refetch) return result;
        }
        return StageResult.Next;
    }
}
