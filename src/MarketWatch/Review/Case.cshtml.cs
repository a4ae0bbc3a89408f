using MarketWatch.Cases;
using MarketWatch.Data;
using MarketWatch.Exports;
using MarketWatch.Review.Auth;
using MarketWatch.Review.Localisation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MarketWatch.Review;

/// <summary>
/// One case: its accounts, contacts, IMEIs, links, timeline and listings; decide the whole case or ticked listings
/// (each listing through the one decision path), split ticked listings off, or download the dossier.
/// </summary>
public sealed class CaseModel(IDbContextFactory<MarketWatchDb> dbFactory, Exporter exporter, ReportsFolder reports, IStringLocalizer<Text> t) : PageModel
{
    /// <summary>Listings shown on the page; the dossier export holds them all.</summary>
    public const int MaxListings = 500;

    public Dossier Dossier { get; private set; } = null!;
    public Dictionary<long, int> Versions { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A merged case's address still works: it leads to the case holding its listings now.
        if (await CaseQueue.LiveAsync(db, id, ct) is not { } live) return NotFound();
        if (live != id) return RedirectToPage("/Case", new { id = live });
        if (await Dossier.LoadAsync(db, id, ct) is not { } dossier) return NotFound();
        Dossier = dossier;
        var ids = dossier.Listings.Select(l => l.Id).ToList();
        Versions = await db.Listings.Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.ReviewVersion, ct);
        return Page();
    }

    /// <summary>
    /// scope "case": every undecided listing shown on the page (those still pending or needing information);
    /// "selected": the ticked ones. Each carries the version the reviewer saw, so a listing decided meanwhile is a conflict.
    /// </summary>
    public async Task<IActionResult> OnPostDecideAsync(long id, string verb, string scope, string[] all, string[] sel, string? note, CancellationToken ct)
    {
        if (!Decisions.Verbs.TryGetValue(verb ?? "", out var after)) return BadRequest($"unknown decision '{verb}'");
        if (Seen(scope == "case" ? all : sel) is not { } seen) return BadRequest("bad selection");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = await CaseActions.DecideAsync(db, id, seen, after, note, User.Actor(), ct);
        Message = result.Results.Count == 0 ? t["Nothing selected: tick listings first."]
            : t["{0} listing(s) {1}", result.Done, DecisionText.Status(t, after)]
              + (result.Conflicts.Count > 0 ? t["; {0} skipped because someone else decided them first: {1}", result.Conflicts.Count, string.Join(", ", result.Conflicts)] : "");
        return RedirectToPage("/Case", new { id });
    }

    /// <summary>Moves the ticked listings into a new case (audited); upkeep never joins the two again.</summary>
    public async Task<IActionResult> OnPostSplitAsync(long id, string[] sel, string? note, CancellationToken ct)
    {
        if (Seen(sel) is not { } seen) return BadRequest("bad selection");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var split = await CaseActions.SplitAsync(db, id, seen.Select(s => s.Id).ToList(), note, User.Actor(), ct);
        Message = split is { } other ? t["Split: the ticked listings are now case {0}.", other] : t["Tick some, not all, of the case's listings to split them off."];
        return RedirectToPage("/Case", new { id });
    }

    /// <summary>The dossier as PDF or JSON, kept in DATA/reports with its manifest and audited, like every download from the workspace.</summary>
    public async Task<IActionResult> OnPostDossierAsync(long id, string format, CancellationToken ct)
    {
        format = (format ?? "").ToLowerInvariant();
        if (!Exporter.CaseFormats.Contains(format)) return BadRequest($"unknown format '{format}'");
        var safe = string.Concat(User.Actor().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        var name = $"case-{id}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{safe}.{format}";
        PrivateFiles.CreateDirectory(reports.Path);
        var output = Path.Combine(reports.Path, name);
        try
        {
            var manifest = await exporter.CaseAsync(id, format, output, ct);
            Response.Headers["X-MarketWatch-Sha256"] = manifest.Sha256;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                Audit.Add(db, User.Actor(), "export", $"case {id}", note: $"{name}: {manifest.Rows} listings, sha256 {manifest.Sha256}");
                await db.SaveChangesAsync(ct);
            }
            return PhysicalFile(output, format == "pdf" ? "application/pdf" : "application/json", name);
        }
        catch (ExportException e)
        {
            return NotFound(e.Message);
        }
    }

    private static List<(long Id, int Version)>? Seen(string[] items)
    {
        var seen = new List<(long, int)>();
        foreach (var item in items)
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var listing) || !int.TryParse(parts[1], out var version)) return null;
            seen.Add((listing, version));
        }
        return seen;
    }
}
