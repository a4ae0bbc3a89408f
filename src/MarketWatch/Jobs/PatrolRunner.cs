using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Jobs;

/// <summary>
/// One scheduled patrol of one marketplace: inside its time window, after its jitter, every query through
/// the crawl engine. Each execution is recorded, and alerts are evaluated after it.
/// </summary>
public sealed class PatrolRunner(ScheduleOptions options, CrawlEngine engine, IDbContextFactory<MarketWatchDb> dbFactory, AlertService alerts,
    CrawlMetrics metrics, ILogger<PatrolRunner> log)
{
    public bool Knows(string patrolName) => options.Patrols.Any(p => p.Name == patrolName && p.Enabled);

    /// <param name="recovering">Taking over from a node that died mid-patrol: the queries it finished are not crawled again.</param>
    public async Task<JobOutcome> RunAsync(string patrolName, bool now, CancellationToken ct, bool recovering = false)
    {
        var patrol = options.Patrols.SingleOrDefault(p => p.Name == patrolName)
            ?? throw new InvalidOperationException($"no patrol named '{patrolName}' in Schedules:Patrols");
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, options.Zone));
        if (!now && patrol.Windows.Count > 0 && !patrol.Windows.Select(TimeWindow.Parse).Any(w => w!.Contains(local)))
        {
            await RecordAsync(patrol, JobOutcome.Skipped, $"outside its time windows ({string.Join(", ", patrol.Windows)}) at {local:HH:mm}", null, DateTime.UtcNow, ct);
            return JobOutcome.Skipped;
        }
        if (!now && patrol.JitterSeconds > 0) await Task.Delay(TimeSpan.FromSeconds(Random.Shared.Next(patrol.JitterSeconds + 1)), ct);

        var started = DateTime.UtcNow;
        DateTime? interrupted;
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) interrupted = await JobLog.CloseInterruptedAsync(db, patrol.Name, ct);
        var id = await RecordAsync(patrol, JobOutcome.Running, null, null, started, ct);
        var runs = new List<CrawlRun>();
        string? error = null;
        try
        {
            foreach (var query in options.QueriesOf(patrol))
            {
                if (recovering && interrupted is { } since && await FinishedSinceAsync(patrol.Marketplace, query, since, ct)) continue;
                // An unfinished run of the query (the dead node's) is resumed by the engine once its lease has expired.
                runs.Add(await engine.RunAsync(new CrawlRequest(patrol.Marketplace, query, patrol.Pages, options.SandboxUrl), null, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // A stop: the execution is recorded as interrupted (with a deadline of its own, the stop's token is spent).
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await FinishAsync(id, JobOutcome.Interrupted, $"interrupted by {Service.GracefulStop.Cause ?? "a stop"}; its runs resume at the next start",
                null, deadline.Token);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.Message;
            log.LogError(e, "patrol {Patrol} failed", patrol.Name);
        }
        var outcome = error is not null || runs.Any(r => r.Status == CrawlStatus.Failed) ? JobOutcome.Failed
            : runs.Any(r => r.Status == CrawlStatus.Degraded) ? JobOutcome.Degraded : JobOutcome.Succeeded;
        var summary = $"{runs.Count} quer(ies): {runs.Sum(r => r.PagesFetched)} pages, {runs.Sum(r => r.ListingsNew)} new listings, "
            + $"{runs.Sum(r => r.ListingsFlagged)} flagged, {runs.Sum(r => r.PagesBroken)} extractor-broken, {runs.Sum(r => r.PagesBlocked)} blocked, "
            + $"{runs.Sum(r => r.PagesFailed)} failed; runs {string.Join(",", runs.Select(r => r.Id))}";
        await FinishAsync(id, outcome, summary, error ?? runs.Select(r => r.Error).FirstOrDefault(e => e is not null), ct);
        metrics.Job(patrol.Name, outcome.ToString().ToLowerInvariant(), DateTime.UtcNow - started);
        await alerts.EvaluateAsync(patrol.Name, patrol.Marketplace, ct);
        return outcome;
    }

    private async Task<bool> FinishedSinceAsync(string marketplace, string query, DateTime since, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CrawlRuns.AnyAsync(r => r.Marketplace == marketplace && r.Query == query && r.StartedAt >= since
            && r.Status != CrawlStatus.Running && r.Status != CrawlStatus.Interrupted, ct);
    }

    private async Task<long> RecordAsync(PatrolSchedule patrol, JobOutcome outcome, string? summary, string? error, DateTime started, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = new JobExecution
        {
            JobName = patrol.Name, Kind = "patrol", Marketplace = patrol.Marketplace, StartedAt = started, Outcome = outcome, Summary = summary, Error = error,
            FinishedAt = outcome == JobOutcome.Running ? null : DateTime.UtcNow,
        };
        db.JobExecutions.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    private async Task FinishAsync(long id, JobOutcome outcome, string summary, string? error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.JobExecutions.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Outcome, outcome).SetProperty(e => e.Summary, summary).SetProperty(e => e.Error, error)
            .SetProperty(e => e.FinishedAt, DateTime.UtcNow), ct);
    }
}
