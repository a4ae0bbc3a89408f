using MarketWatch.Data;
using MarketWatch.Jobs;
using MarketWatch.Review.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MarketWatch.Review;

/// <summary>The "Crawl health" screen: every schedule with its last run and next fire; pause, resume or run one now.</summary>
// The scheduler is absent when Schedules:Enabled is false: the page still shows the schedules and their history.
public sealed class HealthModel(IDbContextFactory<MarketWatchDb> dbFactory, ScheduleOptions options, IServiceProvider services,
    Microsoft.Extensions.Localization.IStringLocalizer<Localisation.Text> t) : PageModel
{
    public List<ScheduleRow> Rows { get; private set; } = [];
    public List<Alert> Alerts { get; private set; } = [];
    /// <summary>The latest crawl events of every run (retries, back-offs, captchas, breaker, broken pages, failed detail pages).</summary>
    public List<(CrawlEvent Event, string Marketplace)> Events { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schedulers = services.GetService<ISchedulerFactory>();
        Rows = await ScheduleStatus.ReadAsync(db, options, schedulers is null ? null : await schedulers.GetScheduler(ct), ct);
        Alerts = await db.Alerts.AsNoTracking().Where(a => a.ResolvedAt == null).OrderByDescending(a => a.RaisedAt).ToListAsync(ct);
        Events = (await db.CrawlEvents.AsNoTracking().OrderByDescending(e => e.Id).Take(50)
                .Join(db.CrawlRuns, e => e.CrawlRunId, r => r.Id, (e, r) => new { e, r.Marketplace }).ToListAsync(ct))
            .Select(x => (x.e, x.Marketplace)).ToList();
    }

    public Task<IActionResult> OnPostRunAsync(string name, CancellationToken ct) =>
        ActAsync(name, (s, job, _) => s.TriggerJob(job, new JobDataMap { [PatrolJob.NowKey] = "true" }, ct), "fired now", ct);

    public Task<IActionResult> OnPostPauseAsync(string name, CancellationToken ct) =>
        ActAsync(name, async (s, job, _) => await s.PauseJob(job, ct), "paused", ct);

    public Task<IActionResult> OnPostResumeAsync(string name, CancellationToken ct) =>
        ActAsync(name, async (s, job, _) => await s.ResumeJob(job, ct), "resumed", ct);

    private async Task<IActionResult> ActAsync(string name, Func<IScheduler, JobKey, CancellationToken, ValueTask> act, string done, CancellationToken ct)
    {
        // Reviewers see crawl health; starting and stopping crawls is an admin's call.
        if (!User.IsAdmin()) return Forbid();
        var key = options.Patrols.Any(p => p.Name == name) ? Scheduling.PatrolKey(name)
            : name is "maintenance" or "evidence-sweep" or TakedownReportJob.Name or RetrainJob.Name ? new JobKey(name, Scheduling.Group) : null;
        if (key is null) return NotFound();
        if (services.GetService<ISchedulerFactory>() is not { } schedulers)
        {
            Message = t["scheduling is off (Schedules:Enabled is false)"];
            return RedirectToPage();
        }
        await act(await schedulers.GetScheduler(ct), key, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            Audit.Add(db, User.Actor(), "schedule", name, after: done);
            await db.SaveChangesAsync(ct);
        }
        Message = $"{name}: {t[done]}";
        return RedirectToPage();
    }
}
