using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace MarketWatch.Jobs;

/// <summary>One schedule as the health page and `marketwatch schedules` show it.</summary>
public sealed record ScheduleRow(string Name, string Kind, string? Marketplace, string Cron, DateTimeOffset? NextFire, string State,
    JobExecution? Last, int BrokenPages, int BlockedPages, int RecentRuns);

public static class ScheduleStatus
{
    /// <summary>From configuration and the execution log; next fire and state from the live scheduler when there is one.</summary>
    public static async Task<List<ScheduleRow>> ReadAsync(MarketWatchDb db, ScheduleOptions options, IScheduler? scheduler, CancellationToken ct)
    {
        var jobs = options.Patrols.Select(p => (p.Name, Kind: "patrol", Marketplace: (string?)p.Marketplace, p.Cron, Key: Scheduling.PatrolTrigger(p.Name), p.Enabled))
            .Append(("maintenance", "maintenance", null, options.MaintenanceCron, new TriggerKey("maintenance", Scheduling.Group), true))
            .Append(("evidence-sweep", "evidence-sweep", null, options.EvidenceSweepCron, new TriggerKey("evidence-sweep", Scheduling.Group), true))
            .Append((TakedownReportJob.Name, "report", null, options.TakedownReportCron, new TriggerKey(TakedownReportJob.Name, Scheduling.Group), true))
            .Append((RetrainJob.Name, "retrain", null, options.RetrainCron, new TriggerKey(RetrainJob.Name, Scheduling.Group), true));
        var rows = new List<ScheduleRow>();
        foreach (var j in jobs)
        {
            var last = await db.JobExecutions.AsNoTracking().Where(e => e.JobName == j.Name).OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
            var runs = j.Marketplace is null ? [] : await db.CrawlRuns.AsNoTracking().Where(r => r.Marketplace == j.Marketplace).OrderByDescending(r => r.Id).Take(10).ToListAsync(ct);
            DateTimeOffset? next = null;
            var state = j.Enabled ? "scheduled" : "disabled";
            if (scheduler is not null && j.Enabled && await scheduler.GetTrigger(j.Key, ct) is { } trigger)
            {
                next = trigger.NextFireTimeUtc;
                state = (await scheduler.GetTriggerState(j.Key, ct)) switch { TriggerState.Paused => "paused", TriggerState.Blocked => "running", var s => s.ToString().ToLowerInvariant() };
            }
            else if (j.Enabled && CronExpression.TryParse(j.Cron, out _))
                next = new CronExpression(j.Cron, options.Zone).GetNextValidTimeAfter(DateTimeOffset.UtcNow);
            if (last?.Outcome == JobOutcome.Running && state != "paused") state = "running";   // paused wins: no further fires
            rows.Add(new ScheduleRow(j.Name, j.Kind, j.Marketplace, j.Cron, next, state, last, runs.Sum(r => r.PagesBroken), runs.Sum(r => r.PagesBlocked), runs.Count));
        }
        return rows;
    }
}
