using MarketWatch.Data;
using MarketWatch.Jobs;
using MarketWatch.Learning;
using MarketWatch.Review.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MarketWatch.Review;

/// <summary>Admins only: the model registry, with promote, roll back and retrain now; each action is audited.</summary>
[Authorize(Policy = AuthSetup.AdminPolicy)]
public sealed class ModelsModel(IDbContextFactory<MarketWatchDb> dbFactory, IServiceProvider services) : PageModel
{
    public List<ModelRow> Rows { get; private set; } = [];
    public bool CanRollBack { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Rows = await ModelList.ReadAsync(db, ct);
        CanRollBack = await db.ModelPromotions.AsNoTracking().OrderByDescending(p => p.Id).Select(p => p.PreviousVersion).FirstOrDefaultAsync(ct) is not null;
    }

    public Task<IActionResult> OnPostPromoteAsync(string version, string? reason, CancellationToken ct) =>
        ActAsync(async () => (await services.GetRequiredService<Champions>().PromoteAsync(version, User.Actor(), Blank(reason), ct)).Summary);

    public Task<IActionResult> OnPostRollbackAsync(string? reason, CancellationToken ct) =>
        ActAsync(async () => (await services.GetRequiredService<Champions>().RollbackAsync(User.Actor(), Blank(reason), ct)).Summary);

    /// <summary>Fires the retrain job now (its run shows on the Crawl health page); without a scheduler it runs in this request.</summary>
    public Task<IActionResult> OnPostRetrainAsync(CancellationToken ct) => ActAsync(async () =>
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            Audit.Add(db, User.Actor(), "model-retrain", "models", after: "requested");
            await db.SaveChangesAsync(ct);
        }
        if (services.GetService<ISchedulerFactory>() is { } schedulers)
        {
            await (await schedulers.GetScheduler(ct)).TriggerJob(RetrainJob.Key, new JobDataMap { [RetrainJob.ActorKey] = User.Actor() }, ct);
            return "retraining started: the challenger and the gate's verdict appear here when it ends (see also Crawl health)";
        }
        return (await services.GetRequiredService<Retrainer>().RunAsync(User.Actor(), ct)).Summary;
    });

    private async Task<IActionResult> ActAsync(Func<Task<string>> act)
    {
        try { Message = await act(); }
        catch (InvalidDataException e) { Message = "error: " + e.Message; }
        return RedirectToPage();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim()[..Math.Min(s.Trim().Length, 500)];
}
