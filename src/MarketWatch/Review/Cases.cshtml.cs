using MarketWatch.Cases;
using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>The cases queue: seller networks, known networks first, then by combined risk; a reviewer decides a network at once.</summary>
public sealed class CasesModel(IDbContextFactory<MarketWatchDb> dbFactory, ReviewOptions options) : PageModel
{
    public List<CaseSummary> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + options.PageSize - 1) / options.PageSize);
    public string Status { get; private set; } = "open";
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var query = new QueryReader(Request.Query, Localisation.Text.For(HttpContext));
        Status = query.OneOf("status", CaseQueue.Statuses).ToLowerInvariant();
        PageNumber = (int)(query.Number("page", 1, 100_000) ?? 1);
        if ((Errors = query.Errors).Count > 0) return Page().AsBadRequest();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        (Rows, Total) = await CaseQueue.PageAsync(db, Status, PageNumber, options.PageSize, ct);
        return Page();
    }
}
