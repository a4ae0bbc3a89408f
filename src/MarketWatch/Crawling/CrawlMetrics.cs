using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MarketWatch.Crawling;

/// <summary>
/// The crawl's OpenTelemetry instruments (meter "MarketWatch"). Prometheus names, as the exporter writes them:
/// marketwatch_pages_total{marketplace,outcome}, marketwatch_listings_total{marketplace,state},
/// marketwatch_listings_flagged_total{marketplace}, marketwatch_fetch_duration_seconds{marketplace,kind},
/// marketwatch_evidence_bytes_total{kind}, marketwatch_crawl_queue_depth{marketplace},
/// marketwatch_crawl_events_total{marketplace,kind}, marketwatch_stage_duration_seconds{stage},
/// marketwatch_job_duration_seconds{job,outcome}.
/// </summary>
public sealed class CrawlMetrics : IDisposable
{
    public const string MeterName = "MarketWatch";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _pages, _listings, _flagged, _evidenceBytes, _events;
    private readonly Histogram<double> _fetch, _stage, _job;
    private readonly ConcurrentDictionary<string, int> _queue = new();

    public CrawlMetrics()
    {
        _pages = _meter.CreateCounter<long>("marketwatch.pages", "{page}", "Search pages by outcome: done, no_results, failed, blocked, extractor_broken, robots_disallowed");
        _listings = _meter.CreateCounter<long>("marketwatch.listings", "{listing}", "Listings stored, by state: new, changed, unchanged");
        _flagged = _meter.CreateCounter<long>("marketwatch.listings.flagged", "{listing}", "Listings stored as flagged");
        _evidenceBytes = _meter.CreateCounter<long>("marketwatch.evidence.bytes", "By", "Bytes of evidence written, by kind: html, screenshot, snapshot");
        _events = _meter.CreateCounter<long>("marketwatch.crawl.events", "{event}", "Crawl events: retry, captcha-backoff, breaker-open, ...");
        _fetch = _meter.CreateHistogram<double>("marketwatch.fetch.duration", "s", "Time to fetch and render one page, by kind: search, detail");
        _stage = _meter.CreateHistogram<double>("marketwatch.stage.duration", "s", "Time a page spent in each pipeline stage");
        _job = _meter.CreateHistogram<double>("marketwatch.job.duration", "s", "Duration of scheduled jobs, by job and outcome");
        _meter.CreateObservableGauge("marketwatch.crawl.queue.depth", () => _queue.Select(q => new Measurement<int>(q.Value, new KeyValuePair<string, object?>("marketplace", q.Key))),
            "{page}", "Search pages planned and not yet crawled, by marketplace");
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    public void Page(string marketplace, string outcome) => _pages.Add(1, Tag("marketplace", marketplace), Tag("outcome", outcome));

    public void Listings(string marketplace, int fresh, int changed, int unchanged, int flagged)
    {
        if (fresh > 0) _listings.Add(fresh, Tag("marketplace", marketplace), Tag("state", "new"));
        if (changed > 0) _listings.Add(changed, Tag("marketplace", marketplace), Tag("state", "changed"));
        if (unchanged > 0) _listings.Add(unchanged, Tag("marketplace", marketplace), Tag("state", "unchanged"));
        if (flagged > 0) _flagged.Add(flagged, Tag("marketplace", marketplace));
    }

    public void Fetched(string marketplace, string kind, TimeSpan elapsed) => _fetch.Record(elapsed.TotalSeconds, Tag("marketplace", marketplace), Tag("kind", kind));
    public void EvidenceWritten(string kind, long bytes) => _evidenceBytes.Add(bytes, Tag("kind", kind));
    public void Event(string marketplace, string kind) => _events.Add(1, Tag("marketplace", marketplace), Tag("kind", kind));
    public void Stage(string stage, TimeSpan elapsed) => _stage.Record(elapsed.TotalSeconds, Tag("stage", stage));
    public void Job(string job, string outcome, TimeSpan elapsed) => _job.Record(elapsed.TotalSeconds, Tag("job", job), Tag("outcome", outcome));

    /// <summary>Pages left in the marketplace's running crawls; adjusted as runs plan and pages finish.</summary>
    public void Queue(string marketplace, int delta) => _queue.AddOrUpdate(marketplace, Math.Max(0, delta), (_, n) => Math.Max(0, n + delta));

    public void Dispose() => _meter.Dispose();
}
