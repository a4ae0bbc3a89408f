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

/// <summary>
/// The dashboard's weekly figures, read at most once a minute per process, and only when a decision was added since.
/// Reading them costs one detection lookup per decision of the last 12 weeks (20,000 at a national team's pace:
/// over a second on PostgreSQL at 1M listings), too much for every dashboard view; the decisions table is
/// append-only, so its highest id says whether anything changed, and a past decision's figure never does.
/// </summary>
public sealed class WeekQualityCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long LastDecision, DateOnly Week, DateTime At, List<WeekQuality> Weeks)? _last;

    public async Task<List<WeekQuality>> ReadAsync(MarketWatchDb db, DateTime nowUtc, CancellationToken ct)
    {
        var week = WeekQuality.WeekOf(nowUtc);
        if (Fresh(await LastDecisionAsync(db, ct), week, nowUtc) is { } hit) return hit;
        await _gate.WaitAsync(ct);
        try
        {
            var last = await LastDecisionAsync(db, ct);
            if (Fresh(last, week, nowUtc) is { } again) return again;
            var weeks = await WeekQuality.ReadAsync(db, nowUtc, ct);
            _last = (last, week, nowUtc, weeks);
            return weeks;
        }
        finally { _gate.Release(); }
    }

    // Unchanged decisions in the same week: exact. Changed: the figures may lag the newest decisions by up to MaxAge.
    private List<WeekQuality>? Fresh(long lastDecision, DateOnly week, DateTime nowUtc) =>
        _last is { } l && l.Week == week && (l.LastDecision == lastDecision || nowUtc - l.At < MaxAge) ? l.Weeks : null;

    private static async Task<long> LastDecisionAsync(MarketWatchDb db, CancellationToken ct) => await db.ReviewDecisions.MaxAsync(d => (long?)d.Id, ct) ?? 0;
}
