using MarketWatch.Detection;
using MarketWatch.Marketplaces;

namespace MarketWatch.Crawling;

/// <summary>What every page of one run shares: its detector, breaker and retry policy, fetcher and the host's throttle.</summary>
public sealed class RunContext(MarketplaceProfile profile, long runId, LinkGuard guard, Politeness politeness, Detector detector,
    IPageFetcher fetcher, CrawlEvents events, CrawlMetrics metrics, int totalPages, int donePages, Action<CrawlProgress>? progress)
{
    private int _done = donePages, _listings, _flagged, _errors;
    public MarketplaceProfile Profile => profile;
    /// <summary>What {base} stands for in this run: the site, or its storefront in the sandbox.</summary>
    public string BaseUrl { get; init; } = profile.BaseUrl;
    public long RunId => runId;
    public LinkGuard Guard => guard;
    public Politeness Politeness => politeness;
    /// <summary>Built once per run, with the TAC directory as stored when the run started.</summary>
    public Detector Detector => detector;
    public IPageFetcher Fetcher => fetcher;
    public CrawlEvents Events => events;
    public CrawlMetrics Metrics => metrics;
    /// <summary>Retries and the marketplace's breaker, one for the whole run (<see cref="FetchPolicy"/>).</summary>
    public Polly.ResiliencePipeline<FetchedPage> Policy { get; set; } = Polly.ResiliencePipeline<FetchedPage>.Empty;
    /// <summary>The host's throttle, shared with every run of the process; set by the politeness stage.</summary>
    public HostThrottle? Throttle { get; set; }

    /// <summary>A line for the operator's display, with the run's running totals for the progress bar.</summary>
    public void Log(string line, bool pageDone = false, int listings = 0, int flagged = 0, bool error = false)
    {
        var done = pageDone ? Interlocked.Increment(ref _done) : Volatile.Read(ref _done);
        var l = Interlocked.Add(ref _listings, listings);
        var f = Interlocked.Add(ref _flagged, flagged);
        var e = error ? Interlocked.Increment(ref _errors) : Volatile.Read(ref _errors);
        progress?.Invoke(new CrawlProgress(profile.Name, runId, done, totalPages, l, f, e, line));
    }
}
