using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

public sealed record DayCount(string Marketplace, DateOnly Day, int Flagged, int Confirmed);
public sealed record TopSeller(long Id, string Marketplace, string Name, int Confirmed, int Flagged);
public sealed record LastRun(string Marketplace, CrawlStatus Status, DateTime StartedAt, int Pages, int Flagged, string? Error);

/// <summary>The overview: flagged and confirmed per day per marketplace, the top sellers, crawl health.</summary>
public sealed class DashboardModel(IDbContextFactory<MarketWatchDb> dbFactory) : PageModel
{
    public const int Days = 30;
    public List<DayCount> Series { get; private set; } = [];
    public List<TopSeller> Top { get; private set; } = [];
    public List<LastRun> Runs { get; private set; } = [];
    public int OpenAlerts { get; private set; }
    public DateOnly FirstDay { get; private set; }
    public List<WeekQuality> Weeks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = DateTime.UtcNow.Date.AddDays(-(Days - 1));
        FirstDay = DateOnly.FromDateTime(since);
        var flagged = await db.Listings.AsNoTracking().Where(l => l.Flagged && l.FirstSeenAt >= since)
            .GroupBy(l => new { l.Marketplace, Day = l.FirstSeenAt.Date }).Select(g => new { g.Key.Marketplace, g.Key.Day, Count = g.Count() }).ToListAsync(ct);
        var confirmed = await db.ReviewDecisions.AsNoTracking().Where(d => d.After == ReviewStatus.Confirmed && d.DecidedAt >= since)
            .Join(db.Listings, d => d.ListingId, l => l.Id, (d, l) => new { l.Marketplace, Day = d.DecidedAt.Date, d.ListingId })
            .Distinct().GroupBy(x => new { x.Marketplace, x.Day }).Select(g => new { g.Key.Marketplace, g.Key.Day, Count = g.Count() }).ToListAsync(ct);
        Series = flagged.Select(f => (f.Marketplace, f.Day)).Union(confirmed.Select(c => (c.Marketplace, c.Day)))
            .Select(k => new DayCount(k.Marketplace, DateOnly.FromDateTime(k.Day),
                flagged.FirstOrDefault(f => f.Marketplace == k.Marketplace && f.Day == k.Day)?.Count ?? 0,
                confirmed.FirstOrDefault(c => c.Marketplace == k.Marketplace && c.Day == k.Day)?.Count ?? 0))
            .OrderBy(d => d.Marketplace).ThenBy(d => d.Day).ToList();

        var top = await db.Listings.AsNoTracking().Where(l => l.SellerId != null && (l.Flagged || l.ReviewStatus == ReviewStatus.Confirmed))
            .GroupBy(l => l.SellerId!.Value)
            .Select(g => new { Id = g.Key, Confirmed = g.Count(l => l.ReviewStatus == ReviewStatus.Confirmed), Flagged = g.Count(l => l.Flagged) })
            .OrderByDescending(s => s.Confirmed).ThenByDescending(s => s.Flagged).ThenBy(s => s.Id).Take(10).ToListAsync(ct);
        var ids = top.Select(t => t.Id).ToList();
        var sellers = await db.Sellers.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        Top = top.Select(t => new TopSeller(t.Id, sellers[t.Id].Marketplace, sellers[t.Id].Name, t.Confirmed, t.Flagged)).ToList();

        var latest = await db.CrawlRuns.AsNoTracking().GroupBy(r => r.Marketplace).Select(g => g.Max(r => r.Id)).ToListAsync(ct);
        Runs = await db.CrawlRuns.AsNoTracking().Where(r => latest.Contains(r.Id)).OrderBy(r => r.Marketplace)
            .Select(r => new LastRun(r.Marketplace, r.Status, r.StartedAt, r.PagesFetched, r.ListingsFlagged, r.Error)).ToListAsync(ct);
        OpenAlerts = await db.Alerts.CountAsync(a => a.ResolvedAt == null, ct);
        Weeks = await WeekQuality.ReadAsync(db, DateTime.UtcNow, ct);
    }
}
