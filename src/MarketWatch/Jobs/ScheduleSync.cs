using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace MarketWatch.Jobs;

/// <summary>
/// Makes the persistent schedule match configuration at start. A trigger whose cron is unchanged is left
/// alone: replacing it would forget the slot missed while the process was down.
/// </summary>
public sealed class ScheduleSync(ISchedulerFactory factory, ScheduleOptions options, IDbContextFactory<MarketWatchDb> dbFactory, DatabaseOptions database,
    ILogger<ScheduleSync> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        // Alone, nothing runs yet: an execution still marked running was cut off by a stop or a kill. In a cluster
        // another node may be running it; the job's next execution closes it instead (JobLog.CloseInterruptedAsync).
        if (!database.IsPostgres)
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                await db.JobExecutions.Where(e => e.Outcome == JobOutcome.Running).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.Outcome, JobOutcome.Failed).SetProperty(e => e.FinishedAt, DateTime.UtcNow)
                    .SetProperty(e => e.Error, "interrupted: the process stopped during this execution"), ct);
        var scheduler = await factory.GetScheduler(ct);
        foreach (var patrol in options.Patrols.Where(p => p.Enabled))
        {
            var key = Scheduling.PatrolKey(patrol.Name);
            await EnsureAsync(scheduler, JobBuilder.Create<PatrolJob>().WithIdentity(key).UsingJobData(PatrolJob.PatrolKey, patrol.Name)
                .WithDescription($"{patrol.Marketplace}: {string.Join(", ", options.QueriesOf(patrol))}").StoreDurably()
                .RequestRecovery(database.IsPostgres).Build(),   // a patrol whose node dies is taken over by another node
                Scheduling.PatrolTrigger(patrol.Name), patrol.Cron, ct);
        }
        await EnsureAsync(scheduler, JobBuilder.Create<MaintenanceJob>().WithIdentity(new JobKey("maintenance", Scheduling.Group)).StoreDurably().Build(),
            new TriggerKey("maintenance", Scheduling.Group), options.MaintenanceCron, ct);
        await EnsureAsync(scheduler, JobBuilder.Create<EvidenceSweepJob>().WithIdentity(new JobKey("evidence-sweep", Scheduling.Group)).StoreDurably().Build(),
            new TriggerKey("evidence-sweep", Scheduling.Group), options.EvidenceSweepCron, ct);
        await EnsureAsync(scheduler, JobBuilder.Create<TakedownReportJob>().WithIdentity(new JobKey(TakedownReportJob.Name, Scheduling.Group)).StoreDurably().Build(),
            new TriggerKey(TakedownReportJob.Name, Scheduling.Group), options.TakedownReportCron, ct);
        await EnsureAsync(scheduler, JobBuilder.Create<RetrainJob>().WithIdentity(RetrainJob.Key).StoreDurably().Build(),
            new TriggerKey(RetrainJob.Name, Scheduling.Group), options.RetrainCron, ct);
        // A patrol removed from configuration deletes its own job when it next fires (PatrolJob).
        await ResumeUnfinishedAsync(scheduler, ct);
    }

    private async Task EnsureAsync(IScheduler scheduler, IJobDetail job, TriggerKey triggerKey, string cron, CancellationToken ct)
    {
        var existing = await scheduler.GetTrigger(triggerKey, ct) as ICronTrigger;
        if (existing is not null && existing.CronExpressionString == cron && existing.TimeZone.Id == options.Zone.Id
            && (await scheduler.GetJobDetail(job.Key, ct))?.RequestsRecovery == job.RequestsRecovery) return;
        // After downtime, a missed slot fires once now and the schedule proceeds: not once per missed slot.
        var trigger = TriggerBuilder.Create().WithIdentity(triggerKey)
            .WithMisfireThreshold(TimeSpan.FromSeconds(options.MisfireThresholdSeconds))
            .WithSchedule(CronScheduleBuilder.Create(cron).InTimeZone(options.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, ct);
        log.LogInformation("scheduled {Job}: {Cron}", job.Key.Name, cron);
    }

    // A crawl run a stop interrupted, or a killed process left unfinished, is resumed now, unless its patrol fires soon
    // anyway (a slot missed while the process was down fires now, once, and resumes it: not twice). A run whose
    // lease still holds is being crawled by a live node (in a cluster) and is left to it.
    private async Task ResumeUnfinishedAsync(IScheduler scheduler, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = await Database.NowAsync(db, ct);
        var unfinished = await db.CrawlRuns.Where(r => (r.Status == CrawlStatus.Interrupted || r.Status == CrawlStatus.Running && (r.LeaseUntil == null || r.LeaseUntil < now)))
            .Select(r => r.Marketplace).Distinct().ToListAsync(ct);
        foreach (var patrol in options.Patrols.Where(p => p.Enabled && unfinished.Contains(p.Marketplace)))
        {
            var next = (await scheduler.GetTrigger(Scheduling.PatrolTrigger(patrol.Name), ct))?.NextFireTimeUtc;
            if (next is { } at && at - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(options.MisfireThresholdSeconds)) continue;
            await scheduler.TriggerJob(Scheduling.PatrolKey(patrol.Name), new JobDataMap { [PatrolJob.NowKey] = "true" }, ct);
            log.LogInformation("resuming the unfinished crawl of {Marketplace} through patrol {Patrol}", patrol.Marketplace, patrol.Name);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
