using MarketWatch.Cases;
using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

public sealed record DayCount(string Marketplace, DateOnly Day, int Flagged, int Confirmed);
public sealed record TopSeller(long Id, string Marketplace, string Name, int Confirmed, int Flagged);
public sealed record LastRun(string Marketplace, CrawlStatus Status, DateTime StartedAt, int Pages, int Flagged, string? Error);

/// <summary>The overview: flagged and confirmed per day per marketplace, the top sellers, crawl health.</summary>
public sealed class DashboardModel(IDbContextFactory<MarketWatchDb> dbFactory, WeekQualityCache weekly) : PageModel
{
    public const int Days = 30;
    public List<DayCount> Series { get; private set; } = [];
    public List<TopSeller> Top { get; private set; } = [];
    public List<LastRun> Runs { get; private set; } = [];
    public int OpenAlerts { get; private set; }
    public DateOnly FirstDay { get; private set; }
    public List<WeekQuality> Weeks { get; private set; } = [];
    public List<NetworkRow> NetworksByOpen { get; private set; } = [];
    public List<NetworkRow> NetworksByRecurrence { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        FirstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-(Days - 1));
        // Both read the counts the database keeps as listings and decisions change (Data/KeptCounts.cs):
        // a few hundred rows, however many listings there are.
        Series = await db.DailyCounts.AsNoTracking().Where(d => d.Day >= FirstDay && (d.Flagged > 0 || d.Confirmed > 0))
            .OrderBy(d => d.Marketplace).ThenBy(d => d.Day).Select(d => new DayCount(d.Marketplace, d.Day, d.Flagged, d.Confirmed)).ToListAsync(ct);
        Top = await db.SellerCounts.AsNoTracking().Where(c => c.Confirmed > 0 || c.Flagged > 0)
            .OrderByDescending(c => c.Confirmed).ThenByDescending(c => c.Flagged).ThenBy(c => c.SellerId)
            .Join(db.Sellers, c => c.SellerId, s => s.Id, (c, s) => new TopSeller(s.Id, s.Marketplace, s.Name, c.Confirmed, c.Flagged))
            .Take(10).ToListAsync(ct);

        var latest = await db.CrawlRuns.AsNoTracking().GroupBy(r => r.Marketplace).Select(g => g.Max(r => r.Id)).ToListAsync(ct);
        Runs = await db.CrawlRuns.AsNoTracking().Where(r => latest.Contains(r.Id)).OrderBy(r => r.Marketplace)
            .Select(r => new LastRun(r.Marketplace, r.Status, r.StartedAt, r.PagesFetched, r.ListingsFlagged, r.Error)).ToListAsync(ct);
        OpenAlerts = await db.Alerts.CountAsync(a => a.ResolvedAt == null, ct);
        Weeks = await weekly.ReadAsync(db, DateTime.UtcNow, ct);
        (NetworksByOpen, NetworksByRecurrence) = await TopNetworks.ReadAsync(db, 10, ct);
    }
}
