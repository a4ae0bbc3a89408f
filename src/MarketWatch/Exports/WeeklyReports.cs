using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Exports;

/// <summary>
/// The weekly takedown reports: for each marketplace with listings confirmed in the seven days before today (in
/// Exports:TimeZone), a PDF request and its CSV in DATA/reports, each with its manifest.
/// </summary>
public sealed class WeeklyReports(IDbContextFactory<MarketWatchDb> dbFactory, Exporter exporter, ExportOptions options, ReportsFolder folder)
{
    public async Task<string> WriteAsync(DateTime nowUtc, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, options.Zone));
        var (since, until) = (today.AddDays(-7), today.AddDays(-1));
        var from = Review.Localisation.Display.DayStartUtc(since, options.Zone);
        var to = Review.Localisation.Display.DayStartUtc(today, options.Zone);
        List<string> marketplaces;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            marketplaces = await db.Listings.AsNoTracking()
                .Where(l => l.ReviewStatus == ReviewStatus.Confirmed && db.ReviewDecisions.Any(d => d.ListingId == l.Id && d.After == ReviewStatus.Confirmed && d.DecidedAt >= from && d.DecidedAt < to))
                .Select(l => l.Marketplace).Distinct().OrderBy(m => m).ToListAsync(ct);
        PrivateFiles.CreateDirectory(folder.Path);
        var written = new List<string>();
        foreach (var marketplace in marketplaces)
        {
            var request = new TakedownRequest(marketplace, since, until);
            var name = Path.Combine(folder.Path, $"takedown-{marketplace}-{today:yyyyMMdd}");
            var pdf = await exporter.TakedownAsync(request, "pdf", name + ".pdf", ct);
            await exporter.TakedownAsync(request, "csv", name + ".csv", ct);
            written.Add($"{marketplace} {pdf.Rows}");
        }
        return written.Count == 0
            ? $"no listings confirmed {since:yyyy-MM-dd}..{until:yyyy-MM-dd}: no report"
            : $"{since:yyyy-MM-dd}..{until:yyyy-MM-dd}: {string.Join(", ", written)} listing(s) in {folder.Path}";
    }
}
