using MarketWatch.Cases;
using MarketWatch.Data;
using MarketWatch.Marketplaces;
using MarketWatch.Review.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MarketWatch.Review.Localisation;

namespace MarketWatch.Review;

/// <summary>The queue: flagged listings awaiting a decision, highest risk first, worked by keyboard or in bulk.</summary>
public sealed class IndexModel(IDbContextFactory<MarketWatchDb> dbFactory, MarketplaceCatalog catalog, ReviewOptions options, Detection.DetectionOptions detection,
    IStringLocalizer<Text> t, Display show) : PageModel
{
    public QueueFilter Filter { get; private set; } = new();
    /// <summary>The filters as read, with a message for each value that could not be used (the page then answers 400).</summary>
    public QueryReader Query { get; private set; } = new(new Microsoft.AspNetCore.Http.QueryCollection());
    public QueuePage Result { get; private set; } = new([], 0, false, RiskOrder.Instance);
    public List<QueueRow> Rows => Result.Rows;
    public Dictionary<ReviewStatus, int> Counts { get; private set; } = [];
    public IEnumerable<string> Marketplaces => catalog.All.Select(p => p.Name).Order();
    public int PageSize => options.PageSize;
    public int Total => Filter.StatusValue is { } s ? Counts.GetValueOrDefault(s) : Counts.Values.Sum();
    public int PageNumber => Result.RowsBefore / PageSize + 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    /// <summary>Pending listings of networks already confirmed once ("known network"), shown above the queue's rows.</summary>
    public List<(long Id, long CaseId, string Title, string Marketplace, double Score)> KnownNetwork { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    [TempData] public int Cursor { get; set; }

    /// <summary>A filter's value as it was typed, for the form.</summary>
    public string? Typed(string key) => Request.Query[key].ToString() is { Length: > 0 } v ? v : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Query = new QueryReader(Request.Query, Localisation.Text.For(HttpContext));
        Filter = QueueFilter.Read(Query) with { Zone = show.Zone };
        if (Query.Errors.Count > 0) return Page().AsBadRequest();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = new QueueScope(detection.Threshold, options.UncertainBelow);
        Counts = await Queue.CountsAsync(db, Filter, ct, scope);
        Result = await Queue.PageAsync(db, Filter, PageSize, Total, ct, scope);
        if (Filter.StatusValue == ReviewStatus.Pending && Filter.After is null && Filter.Before is null)
            KnownNetwork = await CaseQueue.KnownNetworkAsync(db, 20, ct);
        return Page();
    }

    /// <summary>One decision from the keyboard (c/d/n on the current row).</summary>
    public async Task<IActionResult> OnPostDecideAsync(long id, int version, string verb, int cursor, CancellationToken ct)
    {
        if (!Decisions.Verbs.TryGetValue(verb ?? "", out var after)) return BadRequest($"unknown decision '{verb}'");
        Filter = QueueFilter.Read(Request.Query) with { Zone = show.Zone };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = await Decisions.DecideAsync(db, id, version, after, null, User.Actor(), ct);
        Message = DecisionText.Message(t, show, result);
        Cursor = cursor;
        return RedirectToPage(Filter.RouteValues());
    }

    /// <summary>The same decision for every ticked row of the page; each is checked for conflicts on its own.</summary>
    public async Task<IActionResult> OnPostBulkAsync(string[] sel, string verb, string? note, CancellationToken ct)
    {
        if (!Decisions.Verbs.TryGetValue(verb ?? "", out var after)) return BadRequest($"unknown decision '{verb}'");
        Filter = QueueFilter.Read(Request.Query) with { Zone = show.Zone };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var results = new List<DecisionResult>();
        foreach (var item in sel.Distinct())
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var id) || !int.TryParse(parts[1], out var version)) return BadRequest($"bad selection '{item}'");
            results.Add(await Decisions.DecideAsync(db, id, version, after, note, User.Actor(), ct));
        }
        var done = results.Count(r => r.Outcome == DecisionOutcome.Done);
        var conflicts = results.Where(r => r.Outcome == DecisionOutcome.Conflict).Select(r => r.ListingId).ToList();
        Message = results.Count == 0 ? t["Nothing selected: tick rows (x) first."]
            : t["{0} listing(s) {1}", done, DecisionText.Status(t, after)]
              + (conflicts.Count > 0 ? t["; {0} skipped because someone else decided them first: {1}", conflicts.Count, string.Join(", ", conflicts)] : "");
        return RedirectToPage(Filter.RouteValues());
    }
}
