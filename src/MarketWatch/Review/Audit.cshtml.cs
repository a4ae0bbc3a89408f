using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>The audit log, newest first. Read-only here and in the database (append-only triggers).</summary>
public sealed class AuditModel(IDbContextFactory<MarketWatchDb> dbFactory) : PageModel
{
    public const int PageSize = 100;
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public List<AuditEntry> Entries { get; private set; } = [];
    public bool More { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Audit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Actor)) q = q.Where(a => a.Actor == Actor.Trim().ToLower());
        if (!string.IsNullOrWhiteSpace(Action)) q = q.Where(a => a.Action == Action.Trim());
        var rows = await q.OrderByDescending(a => a.Id).Skip((Math.Max(1, PageNumber) - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        More = rows.Count > PageSize;
        Entries = rows.Take(PageSize).ToList();
    }
}
