using MarketWatch.Data;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// account: adds the page's tally to its run (<see cref="RunStatistics"/>, the one owner of run counters) and
/// commits the page's transaction, so storing and counting happen together or not at all. Then the metrics,
/// the operator's progress line, and a crawl event for a page that did not come back normally.
/// </summary>
public sealed class AccountStage : IPageStage
{
    public string Name => "account";
    public bool RunsWhenSettled => true;

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        var (run, tally) = (page.Run, page.Tally);
        await RunStatistics.AddAsync(page.Db, run.RunId, tally, ct);
        await page.Transaction!.CommitAsync(ct);

        var marketplace = run.Profile.Name;
        run.Metrics.Page(marketplace, Outcome(tally.Status));
        run.Metrics.Listings(marketplace, tally.New, tally.Changed, tally.Unchanged, tally.Flagged);
        run.Metrics.Queue(marketplace, -1);
        var number = page.Page.PageNumber;
        if (tally.Status == PageStatus.Done)
        {
            run.Log($"page {number}: {page.Detected.Count} listings ({tally.New} new, {tally.Changed} changed, {tally.Flagged} flagged"
                + (tally.DetailPages > 0 ? $", {tally.DetailPages} detail page(s)" : "") + ")", pageDone: true, listings: page.Detected.Count, flagged: tally.Flagged);
            return StageResult.Next;
        }
        var bad = tally.Status is PageStatus.Failed or PageStatus.ExtractorBroken or PageStatus.Blocked;
        run.Log($"page {number}: {tally.Status}{(page.Error is null ? "" : " (" + page.Error + ")")}", pageDone: true, error: bad);
        if (EventKind(tally.Status) is { } kind) await page.EventAsync(kind, page.Error ?? tally.Status.ToString());
        return StageResult.Next;
    }

    private static string Outcome(PageStatus status) => status switch
    {
        PageStatus.ExtractorBroken => "extractor_broken",
        PageStatus.RobotsDisallowed => "robots_disallowed",
        PageStatus.NoResults => "no_results",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string? EventKind(PageStatus status) => status switch
    {
        PageStatus.Failed => CrawlEventKind.PageFailed,
        PageStatus.ExtractorBroken => CrawlEventKind.PageBroken,
        PageStatus.Blocked => CrawlEventKind.Blocked,
        PageStatus.RobotsDisallowed => CrawlEventKind.RobotsDisallowed,
        _ => null,
    };
}
