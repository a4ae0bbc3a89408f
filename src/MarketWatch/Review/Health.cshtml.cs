using MarketWatch.Data;
using MarketWatch.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace MarketWatch.Review;

/// <summary>The "Crawl health" screen: every schedule with its last run and next fire; pause, resume or run one now.</summary>
public sealed class HealthModel(IDbContextFactory<MarketWatchDb> dbFactory, ScheduleOptions options, ISchedulerFactory schedulers) : PageModel
{
    public List<ScheduleRow> Rows { get; private set; } = [];
    public List<Alert> Alerts { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Rows = await ScheduleStatus.ReadAsync(db, options, await schedulers.GetScheduler(ct), ct);
        Alerts = await db.Alerts.AsNoTracking().Where(a => a.ResolvedAt == null).OrderByDescending(a => a.RaisedAt).ToListAsync(ct);
    }

    public Task<IActionResult> OnPostRunAsync(string name, CancellationToken ct) =>
        ActAsync(name, (s, job, _) => s.TriggerJob(job, new JobDataMap { [PatrolJob.NowKey] = "true" }, ct), "fired now", ct);

    public Task<IActionResult> OnPostPauseAsync(string name, CancellationToken ct) =>
        ActAsync(name, async (s, job, _) => await s.PauseJob(job, ct), "paused", ct);

    public Task<IActionResult> OnPostResumeAsync(string name, CancellationToken ct) =>
        ActAsync(name, async (s, job, _) => await s.ResumeJob(job, ct), "resumed", ct);

    private async Task<IActionResult> ActAsync(string name, Func<IScheduler, JobKey, CancellationToken, ValueTask> act, string done, CancellationToken ct)
    {
        var key = options.Patrols.Any(p => p.Name == name) ? Scheduling.PatrolKey(name)
            : name is "maintenance" or "evidence-sweep" ? new JobKey(name, Scheduling.Group) : null;
        if (key is null) return NotFound();
        await act(await schedulers.GetScheduler(ct), key, ct);
        Message = $"{name}: {done}";
        return RedirectToPage();
    }
}
