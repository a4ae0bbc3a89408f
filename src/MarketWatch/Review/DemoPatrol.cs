using MarketWatch.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace MarketWatch.Review;

/// <summary>`serve --demo`: fires every patrol once at start (against the in-process sandbox), so a newcomer has flags to review.</summary>
public sealed class DemoPatrol(ISchedulerFactory factory, ScheduleOptions options, ILogger<DemoPatrol> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        foreach (var patrol in options.Patrols.Where(p => p.Enabled))
            await scheduler.TriggerJob(Scheduling.PatrolKey(patrol.Name), new JobDataMap { [PatrolJob.NowKey] = "true" }, ct);
        log.LogInformation("demo: fired {Count} patrol(s) against the sandbox at {Url}; refresh the review page as they land", options.Patrols.Count, options.SandboxUrl);
    }
}
