using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>
/// One week of reviewer decisions read as a verdict on the model: the precision of its flags (flagged listings
/// decided that week that were confirmed) and the share of confirmed offers it had scored below the threshold
/// (found by other means: the uncertainty queue, a seller page, a shared IMEI). "Flagged" is the listing's
/// detection as it stood when the reviewer decided, so a later re-scoring does not rewrite the past.
/// </summary>
public sealed record WeekQuality(DateOnly WeekStart, int FlaggedDecided, int FlaggedConfirmed, int Confirmed, int ConfirmedBelow)
{
    public double? Precision => FlaggedDecided == 0 ? null : (double)FlaggedConfirmed / FlaggedDecided;
    public double? BelowShare => Confirmed == 0 ? null : (double)ConfirmedBelow / Confirmed;

    public const int Weeks = 12;

    public static async Task<List<WeekQuality>> ReadAsync(MarketWatchDb db, DateTime nowUtc, CancellationToken ct)
    {
        var since = WeekOf(nowUtc).AddDays(-7 * (Weeks - 1)).ToDateTime(TimeOnly.MinValue);
        var decisions = await db.ReviewDecisions.AsNoTracking()
            .Where(d => d.DecidedAt >= since && (d.After == ReviewStatus.Confirmed || d.After == ReviewStatus.Dismissed))
            .Select(d => new
            {
                d.Id, d.ListingId, d.After, d.DecidedAt,
                Flagged = db.Detections.Where(x => x.ListingId == d.ListingId && x.DetectedAt <= d.DecidedAt)
                    .OrderByDescending(x => x.DetectedAt).ThenByDescending(x => x.Id).Select(x => (bool?)x.Flagged).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // A listing decided twice in a week counts once, as last decided.
        return decisions.GroupBy(d => (Week: WeekOf(d.DecidedAt), d.ListingId)).Select(g => g.OrderBy(d => d.Id).Last())
            .GroupBy(d => WeekOf(d.DecidedAt))
            .Select(w => new WeekQuality(w.Key,
                w.Count(d => d.Flagged == true), w.Count(d => d.Flagged == true && d.After == ReviewStatus.Confirmed),
                w.Count(d => d.After == ReviewStatus.Confirmed), w.Count(d => d.After == ReviewStatus.Confirmed && d.Flagged != true)))
            .OrderBy(w => w.WeekStart).ToList();
    }

    /// <summary>The Monday (UTC) starting the week of a time.</summary>
    public static DateOnly WeekOf(DateTime utc)
    {
        var day = DateOnly.FromDateTime(utc);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }
}
