using MarketWatch.Exports;
using Quartz;

namespace MarketWatch.Jobs;

/// <summary>The weekly takedown report per marketplace, into DATA/reports.</summary>
[DisallowConcurrentExecution]
public sealed class TakedownReportJob(WeeklyReports reports, JobLog log) : IJob
{
    public const string Name = "takedown-report";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken token) =>
        await log.RecordAsync(Name, Name, ct => reports.WriteAsync(DateTime.UtcNow, ct), token);
}
