using MarketWatch.Data;
using MarketWatch.Marketplaces;
using MarketWatch.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Crawling;

public sealed record CrawlRequest(string Marketplace, string Query, int Pages, string? SandboxUrl, Politeness? Politeness = null);

public sealed record CrawlProgress(string Marketplace, long RunId, int PagesDone, int PagesTotal, int Listings, int Flagged, int Errors, string Line);

/// <summary>
/// Runs one marketplace's crawl: plans the search pages as a persisted frontier, then fetches, extracts,
/// detects and stores them page by page (in parallel up to the host's politeness limit). An unfinished
/// run of the same marketplace and query, left by a killed process, is resumed: stored pages are not
/// fetched again. An open circuit breaker ends the run as degraded; other marketplaces go on.
/// </summary>
public sealed class CrawlEngine(MarketplaceCatalog marketplaces, IDbContextFactory<MarketWatchDb> dbFactory, PageCrawler pages,
    CrawlOptions options, ListingPipeline pipeline, RunLeaseOptions leaseOptions, ILogger<CrawlEngine> log)
{
    public async Task<CrawlRun> RunAsync(CrawlRequest request, Action<CrawlProgress>? progress, CancellationToken ct)
    {
        var profile = marketplaces.Get(request.Marketplace);
        var baseUrl = request.SandboxUrl is { } sandbox ? sandbox.TrimEnd('/') + profile.SandboxPath : profile.BaseUrl.TrimEnd('/');
        var politeness = (request.Politeness ?? new()).Over((profile.Politeness ?? new()).Over(options.Politeness.Over(Politeness.Defaults)));

        long runId;
        List<CrawlPage> pending;
        int total;
        var (run, lease) = await ResumeOrStartAsync(profile, baseUrl, request, ct);
        await using var leased = lease;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await pipeline.PrepareAsync(db, ct);
            runId = run.Id;
            total = run.Pages.Count;
            pending = run.Pages.Where(p => p.Status == PageStatus.Pending).OrderBy(p => p.PageNumber).ToList();
            Report(progress, run, total - pending.Count, total, pending.Count < total
                ? $"resuming run {run.Id}: {pending.Count} of {total} page(s) left"
                : $"run {run.Id}: {profile.DisplayName} '{request.Query}', {total} page(s)");
        }

        var stats = new RunStats();
        var context = new RunContext(profile, runId, new LinkGuard(new HashSet<string> { new Uri(baseUrl).Authority }, request.SandboxUrl is not null),
            politeness, stats, total, total - pending.Count, progress);
        context.Policy = FetchPolicy.Build(options, stats, () => context.Throttle);   // one breaker for the whole run
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);   // a lost lease stops this node's crawl of the run
        string? stopped = null;
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = politeness.Concurrency ?? 1, CancellationToken = stop.Token },
                async (page, token) =>
                {
                    try { await pages.CrawlAsync(context, page, token); }
                    catch (Exception e) when (FetchPolicy.IsOpenBreaker(e))
                    {
                        stopped = $"circuit breaker opened after repeated failures; {profile.Name} stopped for this run";
                        log.LogWarning("{Marketplace}: {Reason}", profile.Name, stopped);
                        await stop.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (stopped is not null && !ct.IsCancellationRequested) { }
        if (lease.Lost.IsCancellationRequested) throw new RunLeasedException($"run {runId}: this node lost its lease; another node goes on with the run");

        return await FinishAsync(runId, context.Stats, stopped, progress, ct);
    }

    private async Task<CrawlRun> FinishAsync(long runId, RunStats stats, string? stopped, Action<CrawlProgress>? progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.CrawlRuns.Include(r => r.Pages).SingleAsync(r => r.Id == runId, ct);
        run.Retries += stats.Retries;
        run.BreakerOpenings += stats.BreakerOpenings;
        run.BlockedBackoffs += stats.BlockedBackoffs;
        run.DetailPagesFetched += stats.DetailPages;
        run.SuspiciousLinks += stats.Suspicious;
        run.RobotsDisallowed += stats.RobotsDisallowed;
        run.FinishedAt = DateTime.UtcNow;
        var bad = run.PagesFailed + run.PagesBroken + run.PagesBlocked + stats.RobotsDisallowed;
        run.Status = stopped is not null || bad > 0 || run.Pages.Any(p => p.Status == PageStatus.Pending)
            ? (run.PagesFetched == 0 ? CrawlStatus.Failed : CrawlStatus.Degraded)
            : CrawlStatus.Succeeded;
        run.Error = stopped ?? run.Pages.Where(p => p.Error is not null).OrderBy(p => p.PageNumber).Select(p => $"page {p.PageNumber}: {p.Error}").FirstOrDefault();
        await db.SaveChangesAsync(ct);
        Report(progress, run, run.Pages.Count(p => p.Status != PageStatus.Pending), run.Pages.Count, $"run {run.Id} {run.Status}");
        return run;
    }

    private static void Report(Action<CrawlProgress>? progress, CrawlRun run, int done, int total, string line) =>
        progress?.Invoke(new CrawlProgress(run.Marketplace, run.Id, done, total, run.ListingsNew + run.ListingsChanged + run.ListingsUnchanged,
            run.ListingsFlagged, run.PagesFailed + run.PagesBroken + run.PagesBlocked, line));

    private async Task<(CrawlRun, RunLease)> ResumeOrStartAsync(MarketplaceProfile profile, string baseUrl, CrawlRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unfinishedId = await db.CrawlRuns.Where(r => r.Marketplace == profile.Name && r.Query == request.Query && r.Status == CrawlStatus.Running)
            .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        // Its pages are read only once this node holds the run: until then another node may be storing them.
        var lease = unfinishedId is { } id ? await RunLease.TakeAsync(dbFactory, id, leaseOptions, log, ct) : null;
        try { return await ResumeOrStartAsync(db, profile, baseUrl, request, lease, ct); }
        catch when (lease is not null) { await lease.DisposeAsync(); throw; }
    }

    private async Task<(CrawlRun, RunLease)> ResumeOrStartAsync(MarketWatchDb db, MarketplaceProfile profile, string baseUrl, CrawlRequest request,
        RunLease? lease, CancellationToken ct)
    {
        var unfinished = lease is null ? null : await db.CrawlRuns.Include(r => r.Pages).SingleAsync(r => r.Id == lease.RunId, ct);
        // A run left "running" by a killed process resumes, but only against the same target it planned.
        if (unfinished is not null && unfinished.SandboxMode == (request.SandboxUrl is not null)
            && unfinished.Pages.All(p => p.Url.StartsWith(baseUrl, StringComparison.Ordinal))) return (unfinished, lease!);
        if (unfinished is not null)
        {
            unfinished.Status = CrawlStatus.Failed;
            unfinished.Error = "abandoned: a new run of this marketplace and query started against another target";
            unfinished.FinishedAt = DateTime.UtcNow;
        }

        var run = new CrawlRun
        {
            Marketplace = profile.Name, Query = request.Query, PageBudget = request.Pages, SandboxMode = request.SandboxUrl is not null,
            Status = CrawlStatus.Running, StartedAt = DateTime.UtcNow,
        };
        for (var i = 0; i < request.Pages; i++)
            run.Pages.Add(new CrawlPage { PageNumber = i + 1, Url = SearchUrl(profile, baseUrl, request.Query, i), Status = PageStatus.Pending });
        db.CrawlRuns.Add(run);
        await db.SaveChangesAsync(ct);
        if (lease is not null) await lease.DisposeAsync();
        return (run, await RunLease.TakeAsync(dbFactory, run.Id, leaseOptions, log, ct));
    }

    public static string SearchUrl(MarketplaceProfile profile, string baseUrl, string query, int pageIndex) =>
        profile.SearchUrl.Replace("{base}", baseUrl)
            .Replace("{query}", Uri.EscapeDataString(query))
            .Replace("{page}", (profile.FirstPage + pageIndex).ToString());
}

/// <summary>What every page of one run shares: its breaker and its host's throttle among them.</summary>
public sealed class RunContext(MarketplaceProfile profile, long runId, LinkGuard guard, Politeness politeness, RunStats stats,
    int totalPages, int donePages, Action<CrawlProgress>? progress)
{
    private int _done = donePages, _listings, _flagged, _errors;
    public MarketplaceProfile Profile => profile;
    public long RunId => runId;
    public LinkGuard Guard => guard;
    public Politeness Politeness => politeness;
    public RunStats Stats => stats;

    /// <summary>A line for the operator, with the run's running totals for the progress bar.</summary>
    public void Log(string line, bool pageDone = false, int listings = 0, int flagged = 0, bool error = false)
    {
        var done = pageDone ? Interlocked.Increment(ref _done) : Volatile.Read(ref _done);
        var l = Interlocked.Add(ref _listings, listings);
        var f = Interlocked.Add(ref _flagged, flagged);
        var e = error ? Interlocked.Increment(ref _errors) : Volatile.Read(ref _errors);
        progress?.Invoke(new CrawlProgress(profile.Name, runId, done, totalPages, l, f, e, line));
    }

    public Polly.ResiliencePipeline<FetchedPage> Policy { get; set; } = Polly.ResiliencePipeline<FetchedPage>.Empty;
    public HostThrottle? Throttle { get; set; }
}
