using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>The audit log, newest first, paged by id. Read-only here and in the database (append-only triggers).</summary>
public sealed class AuditModel(IDbContextFactory<MarketWatchDb> dbFactory) : PageModel
{
    public const int PageSize = 100;
    public string? Actor { get; private set; }
    public string? Action { get; private set; }
    public List<AuditEntry> Entries { get; private set; } = [];
    public bool Newer { get; private set; }
    public bool Older { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var query = new QueryReader(Request.Query, Localisation.Text.For(HttpContext));
        Actor = query.Text("actor", 200)?.ToLowerInvariant();
        Action = query.Text("action", 50);
        var (before, after) = (query.Id("before"), query.Id("after"));
        if (before is not null && after is not null) query.Fail("after", "after and before: give one of them");
        if ((Errors = query.Errors).Count > 0) return Page().AsBadRequest();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Audit.AsNoTracking();
        if (Actor is not null) q = q.Where(a => a.Actor == Actor);
        if (Action is not null) q = q.Where(a => a.Action == Action);
        // Keyset by id (indexes on Actor/Action end in Id): "older" seeks below the last row shown, "newer" above the first.
        var rows = after is { } a
            ? (await q.Where(e => e.Id > a).OrderBy(e => e.Id).Take(PageSize + 1).ToListAsync(ct)).AsEnumerable().Reverse().ToList()
            : await (before is { } b ? q.Where(e => e.Id < b) : q).OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        var more = rows.Count > PageSize;
        Entries = after is null ? rows.Take(PageSize).ToList() : rows.Skip(more ? 1 : 0).ToList();
        (Newer, Older) = after is null ? (before is not null, more) : (more, true);
        return Page();
    }

    public Dictionary<string, string> Link(long? before = null, long? after = null) => new Dictionary<string, string?>
    {
        ["actor"] = Actor, ["action"] = Action, ["before"] = before?.ToString(), ["after"] = after?.ToString(),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!);
}
