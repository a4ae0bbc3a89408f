using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Crawling;

/// <summary>
/// Removes evidence that only dismissed listings use, once older than the retention period. A capture is
/// shared by every listing flagged on its page, so it stays while any other listing (confirmed, pending,
/// needing information) still points at it; confirmed listings' evidence is never removed.
/// </summary>
public static class EvidenceRetention
{
    public sealed record Result(int Captures, int Files);

    public static async Task<Result> SweepAsync(MarketWatchDb db, EvidenceStore store, EvidenceOptions options, DateTime now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-options.RetentionDays);
        var candidates = await db.Evidence.Where(e => e.CapturedAt < cutoff)
            .Where(e => db.Sightings.Any(s => s.EvidenceId == e.Id))
            .Where(e => !db.Sightings.Any(s => s.EvidenceId == e.Id && db.Listings.Any(l => l.Id == s.ListingId && l.ReviewStatus != ReviewStatus.Dismissed)))
            .ToListAsync(ct);
        var files = 0;
        foreach (var capture in candidates)
        {
            await db.Sightings.Where(s => s.EvidenceId == capture.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.EvidenceId, (long?)null), ct);
            db.Evidence.Remove(capture);
            await db.SaveChangesAsync(ct);
            // Files are content-addressed: another capture may hold the same bytes.
            foreach (var path in new[] { capture.HtmlPath, capture.ScreenshotPath, capture.SnapshotPath }.OfType<string>())
                if (!await db.Evidence.AnyAsync(e => e.HtmlPath == path || e.ScreenshotPath == path || e.SnapshotPath == path, ct)) { await store.DeleteAsync(path, ct); files++; }
        }
        return new Result(candidates.Count, files);
    }
}
