using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace MarketWatch.Jobs;

/// <summary>A marketplace patrol. Never two at once for one marketplace (one job per marketplace, no overlap).</summary>
[DisallowConcurrentExecution]
public sealed class PatrolJob(PatrolRunner runner, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : IJob
{
    public const string PatrolKey = "patrol";
    /// <summary>Set by "run now" (UI, demo): no jitter, no time window.</summary>
    public const string NowKey = "now";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var name = context.MergedJobDataMap.GetString(PatrolKey)!;
        if (!runner.Knows(name))
        {
            await context.Scheduler.DeleteJob(context.JobDetail.Key, ct);   // removed from configuration since it was scheduled
            return;
        }
        // The crawl stops on Quartz's interruption (ct is the context's token, cancelled by scheduler.Interrupt and by a
        // shutdown that interrupts) and on the host's stop, which comes first: a SIGTERM reaches the crawl at once.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        try
        {
            // Recovering: another node died running this patrol; it goes on at once, resuming what that node left.
            await runner.RunAsync(name, now: context.MergedJobDataMap.ContainsKey(NowKey) || context.Recovering, stop.Token, recovering: context.Recovering);
        }
        // Returning (not throwing) completes the firing: the interrupted runs are resumed by the next start (ScheduleSync).
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }
}

/// <summary>
/// Database housekeeping. SQLite: refresh the planner's statistics and fold the WAL back into the database.
/// PostgreSQL: refresh the statistics (autovacuum does the rest); one node runs it for the cluster.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MaintenanceJob(IDbContextFactory<MarketWatchDb> dbFactory, JobLog log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken token) => await log.RecordAsync("maintenance", "maintenance", async ct =>
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE;", ct);
            return "analyze";
        }
        await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;", ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        return "optimize + wal_checkpoint(TRUNCATE)";
    }, token);
}

/// <summary>The evidence retention policy, applied daily.</summary>
[DisallowConcurrentExecution]
public sealed class EvidenceSweepJob(IDbContextFactory<MarketWatchDb> dbFactory, EvidenceStore store, EvidenceOptions options, JobLog log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken token) => await log.RecordAsync("evidence-sweep", "evidence-sweep", async ct =>
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = await EvidenceRetention.SweepAsync(db, store, options, DateTime.UtcNow, ct);
        return $"removed {result.Captures} capture(s), {result.Files} file(s)";
    }, token);
}

/// <summary>Records a housekeeping job's execution like a patrol's.</summary>
public sealed class JobLog(IDbContextFactory<MarketWatchDb> dbFactory, AlertService alerts)
{
    public async Task RecordAsync(string name, string kind, Func<CancellationToken, Task<string>> work, CancellationToken ct)
    {
        var row = new JobExecution { JobName = name, Kind = kind, StartedAt = DateTime.UtcNow, Outcome = JobOutcome.Running };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await CloseInterruptedAsync(db, name, ct);
            db.JobExecutions.Add(row);
            await db.SaveChangesAsync(ct);
        }
        try
        {
            row.Summary = await work(ct);
            row.Outcome = JobOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // A stop: recorded as interrupted under a deadline of its own (the stop's token is spent); the next slot runs it again.
            (row.Outcome, row.Error, row.FinishedAt) = (JobOutcome.Interrupted, $"interrupted by {Service.GracefulStop.Cause ?? "a stop"}", DateTime.UtcNow);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await using (var db = await dbFactory.CreateDbContextAsync(deadline.Token)) { db.JobExecutions.Update(row); await db.SaveChangesAsync(deadline.Token); }
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (row.Outcome, row.Error) = (JobOutcome.Failed, e.Message);
        }
        row.FinishedAt = DateTime.UtcNow;
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) { db.JobExecutions.Update(row); await db.SaveChangesAsync(ct); }
        await alerts.EvaluateAsync(name, null, ct);
    }

    /// <summary>
    /// Every job here disallows concurrent execution, cluster-wide: when one starts, an execution of the same
    /// job still marked running was cut off (its process killed) and is recorded so. Returns when it started.
    /// </summary>
    public static async Task<DateTime?> CloseInterruptedAsync(MarketWatchDb db, string jobName, CancellationToken ct)
    {
        var started = await db.JobExecutions.Where(e => e.JobName == jobName && e.Outcome == JobOutcome.Running)
            .OrderBy(e => e.StartedAt).Select(e => (DateTime?)e.StartedAt).FirstOrDefaultAsync(ct);
        if (started is null) return null;
        await db.JobExecutions.Where(e => e.JobName == jobName && e.Outcome == JobOutcome.Running).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Outcome, JobOutcome.Failed).SetProperty(e => e.FinishedAt, DateTime.UtcNow)
            .SetProperty(e => e.Error, "interrupted: its process stopped during this execution"), ct);
        return started;
    }
}
