using MarketWatch.Crawling.Stages;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Crawling;

public sealed record CrawlRequest(string Marketplace, string Query, int Pages, string? SandboxUrl, Politeness? Politeness = null);

public sealed record CrawlProgress(string Marketplace, long RunId, int PagesDone, int PagesTotal, int Listings, int Flagged, int Errors, string Line);

/// <summary>
/// Runs one marketplace's crawl: plans the search pages as a persisted frontier, then sends each through the page
/// pipeline (<see cref="PagePipeline"/>), in parallel up to the host's politeness limit. An unfinished run of the
/// same marketplace and query, left by a killed process, is resumed: stored pages are not fetched again. An open
/// circuit breaker ends the run as degraded; other marketplaces go on. A stop (SIGTERM) marks the run Interrupted, and the next
/// start resumes it the same way.
/// </summary>
public sealed class CrawlEngine(MarketplaceCatalog marketplaces, IDbContextFactory<MarketWatchDb> dbFactory, PagePipeline pipeline, CrawlOptions options,
    DetectorFactory detectors, BrowserFetcher browser, HttpFetcher http, CrawlEvents events, CrawlMetrics metrics, RunLeaseOptions leaseOptions,
    ILogger<CrawlEngine> log)
{
    public async Task<CrawlRun> RunAsync(CrawlRequest request, Action<CrawlProgress>? progress, CancellationToken ct)
    {
        var profile = marketplaces.Get(request.Marketplace);
        var baseUrl = profile.BaseUrlFor(request.SandboxUrl);
        var politeness = (request.Politeness ?? new()).Over((profile.Politeness ?? new()).Over(options.Politeness.Over(Politeness.Defaults)));

        var (run, lease) = await ResumeOrStartAsync(profile, baseUrl, request, ct);
        await using var leased = lease;
        Detector detector;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            detector = await detectors.CreateAsync(db, ct);   // the champion model and the TAC directory as stored now
        var pending = run.Pages.Where(p => p.Status == PageStatus.Pending).OrderBy(p => p.PageNumber).ToList();
        var total = run.Pages.Count;
        Report(progress, run, total - pending.Count, total, pending.Count < total
            ? $"resuming run {run.Id}: {pending.Count} of {total} page(s) left"
            : $"run {run.Id}: {profile.DisplayName} '{request.Query}', {total} page(s)");
        metrics.Queue(profile.Name, pending.Count);

        var context = new RunContext(profile, run.Id, Guard(profile, baseUrl, request.SandboxUrl is not null),
            politeness, detector, profile.FetchMode == FetchMode.Http ? http : browser, events, metrics, total, total - pending.Count, progress)
        {
            Policy = FetchPolicy.Build(options),   // one breaker for the whole run
            BaseUrl = baseUrl,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);   // a lost lease stops this node's crawl of the run
        string? stopped = null;
        var left = pending.Count;
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = politeness.Concurrency ?? 1, CancellationToken = stop.Token },
                async (page, token) =>
                {
                    try
                    {
                        await pipeline.RunAsync(context, page, token);
                        Interlocked.Decrement(ref left);
                    }
                    catch (Exception e) when (FetchPolicy.IsOpenBreaker(e))
                    {
                        if (Interlocked.Exchange(ref stopped, $"circuit breaker opened after repeated failures; {profile.Name} stopped for this run") is null)
                        {
                            log.LogWarning("{Marketplace}: {Reason}", profile.Name, stopped);
                            await events.RecordAsync(profile.Name, run.Id, CrawlEventKind.BreakerStopped, page.PageNumber, page.Url, stopped!);
                        }
                        await stop.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (stopped is not null && !ct.IsCancellationRequested) { }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && !lease.Lost.IsCancellationRequested)
        {
            // Every page in flight has ended by now (committed whole, or left pending): the run is marked, not left "Running".
            await InterruptAsync(run.Id, profile.Name, Service.GracefulStop.Cause ?? "cancelled", progress);
            throw;
        }
        finally
        {
            metrics.Queue(profile.Name, -Volatile.Read(ref left));   // pages not crawled are no longer queued in this process
        }
        if (lease.Lost.IsCancellationRequested) throw new RunLeasedException($"run {run.Id}: this node lost its lease; another node goes on with the run");

        return await FinishAsync(run.Id, stopped, progress, ct);
    }

    /// <summary>
    /// Marks a run cut short by a stop: Interrupted, with the time and cause. The stop's token is already cancelled, so
    /// this write has its own short deadline; if it cannot be made, the run stays "Running" and resumes all the same.
    /// </summary>
    private async Task InterruptAsync(long runId, string marketplace, string cause, Action<CrawlProgress>? progress)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(deadline.Token);
            var now = DateTime.UtcNow;
            await db.CrawlRuns.Where(r => r.Id == runId && r.Status == CrawlStatus.Running).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, CrawlStatus.Interrupted).SetProperty(r => r.InterruptedAt, now)
                .SetProperty(r => r.Interruption, cause), deadline.Token);
            var left = await db.CrawlPages.CountAsync(p => p.CrawlRunId == runId && p.Status == PageStatus.Pending, deadline.Token);
            await events.RecordAsync(marketplace, runId, CrawlEventKind.Interrupted, null, null, $"interrupted by {cause}; {left} page(s) left for the next start");
            progress?.Invoke(new CrawlProgress(marketplace, runId, 0, 0, 0, 0, 0, $"run {runId} interrupted ({cause}); {left} page(s) left"));
        }
        catch (Exception e) when (e is OperationCanceledException or System.Data.Common.DbException)
        {
            log.LogWarning("run {Run}: could not mark it interrupted ({Error}); it resumes as an unfinished run", runId, e.Message);
        }
    }

    private async Task<CrawlRun> FinishAsync(long runId, string? stopped, Action<CrawlProgress>? progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.CrawlRuns.Include(r => r.Pages).SingleAsync(r => r.Id == runId, ct);
        RunStatistics.Conclude(run, stopped, DateTime.UtcNow);
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
        var unfinishedId = await db.CrawlRuns.Where(r => r.Marketplace == profile.Name && r.Query == request.Query
                && (r.Status == CrawlStatus.Running || r.Status == CrawlStatus.Interrupted))
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
            && unfinished.Pages.All(p => p.Url.StartsWith(baseUrl, StringComparison.Ordinal)))
        {
            unfinished.ResumedAt = DateTime.UtcNow;
            await db.SaveChangesAsync(ct);
            await events.RecordAsync(profile.Name, unfinished.Id, CrawlEventKind.Resumed, null, null, unfinished.InterruptedAt is { } at
                ? $"resumed after it was interrupted by {unfinished.Interruption} at {at:yyyy-MM-dd HH:mm:ss} UTC"
                : "resumed after its process ended without finishing it");
            return (unfinished, lease!);
        }
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

    /// <summary>The marketplace's origins; against the sandbox, only the sandbox (the real site's extra origins are not it).</summary>
    public static LinkGuard Guard(MarketplaceProfile profile, string baseUrl, bool sandbox) =>
        LinkGuard.For(baseUrl, sandbox ? [] : profile.ExtraOrigins, sandbox);

    public static string SearchUrl(MarketplaceProfile profile, string baseUrl, string query, int pageIndex) =>
        profile.SearchUrl.Replace("{base}", baseUrl)
            .Replace("{query}", Uri.EscapeDataString(query))
            .Replace("{page}", (profile.FirstPage + pageIndex).ToString());
}
