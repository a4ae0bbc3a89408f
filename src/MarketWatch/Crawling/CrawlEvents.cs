using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Crawling;

/// <summary>The kinds of crawl event, as stored and logged.</summary>
public static class CrawlEventKind
{
    public const string Retry = "retry", RetryAfter = "retry-after", CaptchaBackoff = "captcha-backoff", Blocked = "page-blocked",
        BreakerOpen = "breaker-open", BreakerStopped = "breaker-stopped", PageFailed = "page-failed", PageBroken = "page-broken",
        DetailFailed = "detail-failed", LinkRefused = "link-refused", RobotsDisallowed = "robots-disallowed", EvidenceFailed = "evidence-failed",
        PageRefused = "page-refused", RequestRefused = "request-refused", Interrupted = "run-interrupted", Resumed = "run-resumed";
}

/// <summary>
/// Where every crawl event goes: ILogger with structured fields, the crawl-events metric, and the run's record in
/// the database (CrawlEvents), written as it happens, so a long back-off shows on the health page while it lasts.
/// Events are a log, not counters: the run's counters are written with each page (<see cref="RunStatistics"/>).
/// </summary>
public sealed class CrawlEvents(IDbContextFactory<MarketWatchDb> dbFactory, CrawlMetrics metrics, ILogger<CrawlEvents> log)
{
    public async Task RecordAsync(string marketplace, long runId, string kind, int? page, string? url, string message, double? delaySeconds = null)
    {
        var level = kind is CrawlEventKind.PageFailed or CrawlEventKind.PageRefused or CrawlEventKind.PageBroken or CrawlEventKind.BreakerOpen or CrawlEventKind.BreakerStopped
            ? LogLevel.Warning : LogLevel.Information;
        log.Log(level, "crawl event {Kind} on {Marketplace} run {RunId} page {Page}: {Message} (url {Url}, delay {DelaySeconds} s)",
            kind, marketplace, runId, page, message, url, delaySeconds);
        metrics.Event(marketplace, kind);
        // Recorded even when the crawl is being cancelled: the event happened.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.CrawlEvents.Add(new CrawlEvent
        {
            CrawlRunId = runId, At = DateTime.UtcNow, Kind = kind, PageNumber = page, Url = url, Message = message, DelaySeconds = delaySeconds,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
