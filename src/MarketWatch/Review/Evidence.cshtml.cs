using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>
/// A capture's page, shown inert: as text ("source"), or rendered ("page") in an iframe that may run no
/// script, load nothing and navigate nowhere (sandbox attribute, the frame's own CSP, and this page's CSP
/// frame-src 'self' which stops the frame from following a link off MarketWatch).
/// </summary>
public sealed class EvidenceModel(IDbContextFactory<MarketWatchDb> dbFactory, EvidenceStore store) : PageModel
{
    public EvidenceCapture Capture { get; private set; } = null!;
    public string? Html { get; private set; }
    public string? Problem { get; private set; }
    public bool Rendered { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string view, CancellationToken ct)
    {
        if (view is not ("source" or "page")) return NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var capture = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (capture is null) return NotFound();
        Capture = capture;
        Rendered = view == "page";
        try { Html = await store.ReadHtmlAsync(capture, ct); }
        catch (EvidenceTamperedException e) { Problem = e.Message; }
        return Page();
    }
}
