using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Crawling;

/// <summary>What one page of a run did, counted while it is crawled (its retries and back-offs included).</summary>
public sealed class PageTally
{
    public long Bytes;
    public int Retries, BreakerOpenings, BlockedBackoffs, DetailPages, SuspiciousLinks;
    public int New, Changed, Unchanged, Flagged;
    public int FromCapture, FromPage;
    public PageStatus Status = PageStatus.Pending;
}

/// <summary>
/// The one owner of a run's counters. A page's tally is added to its run inside the page's own transaction, so a
/// killed process leaves every page either stored and counted or neither, and a resumed run counts nothing twice.
/// The run's status is concluded here too, from the counters and the pages left.
/// </summary>
public static class RunStatistics
{
    public static Task AddAsync(MarketWatchDb db, long runId, PageTally t, CancellationToken ct) =>
        db.CrawlRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.PagesFetched, r => r.PagesFetched + (t.Status == PageStatus.Done ? 1 : 0))
            .SetProperty(r => r.PagesFailed, r => r.PagesFailed + (t.Status == PageStatus.Failed ? 1 : 0))
            .SetProperty(r => r.PagesBroken, r => r.PagesBroken + (t.Status == PageStatus.ExtractorBroken ? 1 : 0))
            .SetProperty(r => r.PagesBlocked, r => r.PagesBlocked + (t.Status == PageStatus.Blocked ? 1 : 0))
            .SetProperty(r => r.RobotsDisallowed, r => r.RobotsDisallowed + (t.Status == PageStatus.RobotsDisallowed ? 1 : 0))
            .SetProperty(r => r.ListingsNew, r => r.ListingsNew + t.New)
            .SetProperty(r => r.ListingsChanged, r => r.ListingsChanged + t.Changed)
            .SetProperty(r => r.ListingsUnchanged, r => r.ListingsUnchanged + t.Unchanged)
            .SetProperty(r => r.ListingsFlagged, r => r.ListingsFlagged + t.Flagged)
            .SetProperty(r => r.Retries, r => r.Retries + t.Retries)
            .SetProperty(r => r.BreakerOpenings, r => r.BreakerOpenings + t.BreakerOpenings)
            .SetProperty(r => r.BlockedBackoffs, r => r.BlockedBackoffs + t.BlockedBackoffs)
            .SetProperty(r => r.DetailPagesFetched, r => r.DetailPagesFetched + t.DetailPages)
            .SetProperty(r => r.SuspiciousLinks, r => r.SuspiciousLinks + t.SuspiciousLinks)
            .SetProperty(r => r.ListingsFromCapture, r => r.ListingsFromCapture + t.FromCapture)
            .SetProperty(r => r.ListingsFromPage, r => r.ListingsFromPage + t.FromPage)
            .SetProperty(r => r.Bytes, r => r.Bytes + t.Bytes), ct);

    /// <summary>Succeeded, Degraded (some pages failed, broke, were blocked or left) or Failed (nothing fetched).</summary>
    public static void Conclude(CrawlRun run, string? stopped, DateTime now)
    {
        var bad = run.PagesFailed + run.PagesBroken + run.PagesBlocked + run.RobotsDisallowed;
        run.FinishedAt = now;
        run.Status = stopped is not null || bad > 0 || run.Pages.Any(p => p.Status == PageStatus.Pending)
            ? (run.PagesFetched == 0 ? CrawlStatus.Failed : CrawlStatus.Degraded)
            : CrawlStatus.Succeeded;
        run.Error = stopped ?? run.Pages.Where(p => p.Error is not null).OrderBy(p => p.PageNumber).Select(p => $"page {p.PageNumber}: {p.Error}").FirstOrDefault();
    }
}
