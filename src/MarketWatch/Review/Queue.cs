using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>The queue's filters, bound from the query string so a filtered page is a link that can be shared.</summary>
public sealed class QueueFilter
{
    public string? Marketplace { get; set; }
    public double? MinScore { get; set; }
    public double? MaxScore { get; set; }
    public bool ValidImei { get; set; }
    public string? Seller { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    /// <summary>pending (default), confirmed, dismissed, needs-info or all.</summary>
    public string? Status { get; set; }
    public int Page { get; set; } = 1;
    /// <summary>score (highest first, the default) or uncertainty (scores nearest the threshold first).</summary>
    public string? Sort { get; set; }
    public bool ByUncertainty => string.Equals(Sort, "uncertainty", StringComparison.OrdinalIgnoreCase);

    public ReviewStatus? StatusValue => Status?.ToLowerInvariant() switch
    {
        null or "" or "pending" => ReviewStatus.Pending, "confirmed" => ReviewStatus.Confirmed, "dismissed" => ReviewStatus.Dismissed,
        "needs-info" => ReviewStatus.NeedsInfo, _ => null,
    };

    public Dictionary<string, string> RouteValues(int? page = null, string? status = null) => new Dictionary<string, string?>
    {
        ["marketplace"] = Marketplace, ["minScore"] = MinScore?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["maxScore"] = MaxScore?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["validImei"] = ValidImei ? "true" : null,
        ["seller"] = Seller, ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"),
        ["status"] = status ?? Status, ["sort"] = ByUncertainty ? "uncertainty" : null, ["page"] = (page ?? Page) is var p && p > 1 ? p.ToString() : null,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!);
}

public sealed record QueueRow(long Id, int Version, double Score, string Marketplace, string Title, string Url, long? PriceIdr,
    long? SellerId, string? Seller, int ValidImeis, ReviewStatus Status, DateTime FirstSeenAt, bool Relisted, string? FirstReason);

/// <summary>Where the model is unsure: the flag threshold, and how far below it an unflagged listing still goes to the queue when sorting by uncertainty.</summary>
public sealed record QueueScope(double Threshold, double UnsureBelow)
{
    public static readonly QueueScope Default = new(0.5, 0.2);
}

public static class Queue
{
    /// <summary>
    /// Flagged listings matching every filter but the status (the status counts are taken from it). Sorted by
    /// uncertainty, the queue also holds unflagged listings scored just under the threshold: the offers the model
    /// nearly missed are where a reviewer's decision teaches it most.
    /// </summary>
    public static IQueryable<Listing> Filtered(MarketWatchDb db, QueueFilter f, QueueScope? scope = null)
    {
        var within = scope ?? QueueScope.Default;
        var unsureFrom = f.ByUncertainty ? within.Threshold - within.UnsureBelow : double.MaxValue;
        var q = db.Listings.AsNoTracking().Where(l => l.Flagged || l.ReviewStatus != ReviewStatus.Pending || l.Score >= unsureFrom);
        if (!string.IsNullOrWhiteSpace(f.Marketplace)) q = q.Where(l => l.Marketplace == f.Marketplace);
        if (f.MinScore is { } min) q = q.Where(l => l.Score >= min);
        if (f.MaxScore is { } max) q = q.Where(l => l.Score <= max);
        if (f.ValidImei) q = q.Where(l => l.Imeis.Any(i => i.Status == "valid"));
        if (!string.IsNullOrWhiteSpace(f.Seller))
        {
            var s = f.Seller.Trim().ToLower();
            q = q.Where(l => l.Seller != null && (l.Seller.Name.ToLower().Contains(s) || l.Seller.ShopKey.Contains(s)));
        }
        if (f.From is { } from) q = q.Where(l => l.FirstSeenAt >= from.ToDateTime(TimeOnly.MinValue));
        if (f.To is { } to) q = q.Where(l => l.FirstSeenAt < to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        return q;
    }

    public static IQueryable<Listing> WithStatus(IQueryable<Listing> q, QueueFilter f) =>
        f.StatusValue is { } status ? q.Where(l => l.ReviewStatus == status) : q;

    /// <summary>Highest risk first, or nearest the threshold first; ties by id so paging and j/k order are stable.</summary>
    public static IQueryable<Listing> Ordered(IQueryable<Listing> q, QueueFilter f, QueueScope? scope = null)
    {
        var threshold = (scope ?? QueueScope.Default).Threshold;
        return f.ByUncertainty
            ? q.OrderBy(l => l.Score >= threshold ? l.Score - threshold : threshold - l.Score).ThenBy(l => l.Id)
            : q.OrderByDescending(l => l.Score).ThenBy(l => l.Id);
    }

    public static Task<List<QueueRow>> PageAsync(MarketWatchDb db, QueueFilter f, int pageSize, CancellationToken ct, QueueScope? scope = null) =>
        Ordered(WithStatus(Filtered(db, f, scope), f), f, scope).Skip((Math.Max(1, f.Page) - 1) * pageSize).Take(pageSize)
            .Select(l => new QueueRow(l.Id, l.ReviewVersion, l.Score, l.Marketplace, l.Title, l.Url, l.PriceIdr, l.SellerId,
                l.Seller == null ? null : l.Seller.Name, l.Imeis.Count(i => i.Status == "valid"), l.ReviewStatus, l.FirstSeenAt,
                l.RelistOfListingId != null || l.RelistReason != null,
                db.Detections.Where(d => d.Id == l.LatestDetectionId).Select(d => d.Reasons).FirstOrDefault()))
            .ToListAsync(ct);

    public static async Task<Dictionary<ReviewStatus, int>> CountsAsync(MarketWatchDb db, QueueFilter f, CancellationToken ct, QueueScope? scope = null)
    {
        var counts = await Filtered(db, f, scope).GroupBy(l => l.ReviewStatus).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<ReviewStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    /// <summary>The listings before and after this one in queue order (pending, highest risk first): j/k on the listing page.</summary>
    public static async Task<(long? Previous, long? Next)> NeighboursAsync(MarketWatchDb db, Listing listing, CancellationToken ct)
    {
        var pending = db.Listings.AsNoTracking().Where(l => l.Flagged && l.ReviewStatus == ReviewStatus.Pending && l.Id != listing.Id);
        var next = await pending.Where(l => l.Score < listing.Score || (l.Score == listing.Score && l.Id > listing.Id))
            .OrderByDescending(l => l.Score).ThenBy(l => l.Id).Select(l => (long?)l.Id).FirstOrDefaultAsync(ct);
        var previous = await pending.Where(l => l.Score > listing.Score || (l.Score == listing.Score && l.Id < listing.Id))
            .OrderBy(l => l.Score).ThenByDescending(l => l.Id).Select(l => (long?)l.Id).FirstOrDefaultAsync(ct);
        return (previous, next);
    }
}
