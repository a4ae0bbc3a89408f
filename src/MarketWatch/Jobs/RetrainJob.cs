using MarketWatch.Learning;
using Quartz;

namespace MarketWatch.Jobs;

/// <summary>Weekly (and on demand from the Models page): a challenger trained on reviewer decisions, promoted only past the gate.</summary>
[DisallowConcurrentExecution]
public sealed class RetrainJob(Retrainer retrainer, JobLog log) : IJob
{
    public const string Name = "retrain";
    /// <summary>Who asked, when fired from the Models page; the schedule otherwise.</summary>
    public const string ActorKey = "actor";
    public static readonly JobKey Key = new(Name, Scheduling.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken token) =>
        await log.RecordAsync(Name, Name, async ct =>
            (await retrainer.RunAsync(context.MergedJobDataMap.GetString(ActorKey) ?? "retrain job", ct)).Summary, token);
}
