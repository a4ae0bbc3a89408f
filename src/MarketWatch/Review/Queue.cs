using System.Globalization;
using System.Linq.Expressions;
using MarketWatch.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>
/// The queue's filters, read from the query string so a filtered page is a link that can be shared. Paging is by
/// keyset: After / Before hold the score and id of the row the page starts after or ends before.
/// </summary>
public sealed record QueueFilter
{
    public static readonly string[] Statuses = ["pending", "confirmed", "dismissed", "needs-info", "all"];
    public static readonly string[] Sorts = ["score", "uncertainty"];

    public string? Marketplace { get; init; }
    public double? MinScore { get; init; }
    public double? MaxScore { get; init; }
    public bool ValidImei { get; init; }
    public string? Seller { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>The zone From and To are days of: the workspace's (Review:TimeZone), so "1/12" starts at 00:00 WIB, not UTC.</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;
    /// <summary>pending (default), confirmed, dismissed, needs-info or all.</summary>
    public string Status { get; init; } = "pending";
    /// <summary>score (highest first, the default) or uncertainty (scores nearest the threshold first).</summary>
    public string Sort { get; init; } = "score";
    public bool ByUncertainty => Sort == "uncertainty";
    public Keyset? After { get; init; }
    public Keyset? Before { get; init; }

    public ReviewStatus? StatusValue => Status switch
    {
        "pending" => ReviewStatus.Pending, "confirmed" => ReviewStatus.Confirmed, "dismissed" => ReviewStatus.Dismissed,
        "needs-info" => ReviewStatus.NeedsInfo, _ => null,
    };

    public static QueueFilter Read(QueryReader r)
    {
        var f = new QueueFilter
        {
            Marketplace = r.Text("marketplace", 100), MinScore = r.Number("minScore", 0, 1), MaxScore = r.Number("maxScore", 0, 1),
            ValidImei = r.Flag("validImei"), Seller = r.Text("seller", 200), From = r.Date("from"), To = r.Date("to"),
            Status = r.OneOf("status", Statuses).ToLowerInvariant(), Sort = r.OneOf("sort", Sorts).ToLowerInvariant(), After = r.Cursor("after"), Before = r.Cursor("before"),
        };
        if (f.MinScore > f.MaxScore) r.Fail("minScore", "minScore: {0} is above maxScore {1}", f.MinScore!.Value.ToString(CultureInfo.InvariantCulture), f.MaxScore!.Value.ToString(CultureInfo.InvariantCulture));
        if (f.From > f.To) r.Fail("from", "from: {0} is after to {1}", f.From!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), f.To!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        if (f.After is not null && f.Before is not null) r.Fail("after", "after and before: give one of them");
        return f;
    }

    public static QueueFilter Read(IQueryCollection query) => Read(new QueryReader(query));

    /// <summary>This very page as link parameters (a decision posted from it comes back to it).</summary>
    public Dictionary<string, string> RouteValues() => Link(Status, After, Before);

    /// <summary>The first page of another status tab, with the same filters.</summary>
    public Dictionary<string, string> RouteValues(string status) => Link(status, null, null);

    /// <summary>The page after or before a row, with the same filters and tab (neither: the first page).</summary>
    public Dictionary<string, string> PageLink(Keyset? after = null, Keyset? before = null) => Link(Status, after, before);

    private Dictionary<string, string> Link(string status, Keyset? after, Keyset? before) => new Dictionary<string, string?>
    {
        ["marketplace"] = Marketplace, ["minScore"] = MinScore?.ToString(CultureInfo.InvariantCulture),
        ["maxScore"] = MaxScore?.ToString(CultureInfo.InvariantCulture), ["validImei"] = ValidImei ? "true" : null,
        ["seller"] = Seller, ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"),
        ["status"] = status == "pending" ? null : status, ["sort"] = ByUncertainty ? Sort : null, ["after"] = after?.ToString(), ["before"] = before?.ToString(),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!);
}

public sealed record QueueRow(long Id, int Version, double Score, string Marketplace, string Title, string Url, long? PriceIdr,
    long? SellerId, string? Seller, int ValidImeis, ReviewStatus Status, DateTime FirstSeenAt, bool Relisted, string? FirstReason);

/// <summary>One page of the queue: its rows, how many rows come before it, whether there are more after, and its order.</summary>
public sealed record QueuePage(List<QueueRow> Rows, int RowsBefore, bool HasNext, IListOrder Order)
{
    public Keyset KeyOf(QueueRow row) => Order.KeyOf(row.Score, row.Id);
}

/// <summary>Where the model is unsure: the flag threshold, and how far below it an unflagged listing still goes to the queue when sorting by uncertainty.</summary>
public sealed record QueueScope(double Threshold, double UnsureBelow)
{
    public static readonly QueueScope Default = new(0.5, 0.2);
}

/// <summary>The one place where the queue's filters and order become a query.</summary>
public static class Queue
{
    /// <summary>Flagged or decided: written exactly as the partial indexes' filter (MarketWatchDb.InQueueSql) so they apply.</summary>
    public static readonly Expression<Func<Listing, bool>> InQueue = l => l.Flagged || l.ReviewStatus != ReviewStatus.Pending;

    /// <summary>
    /// Queue rows matching every filter but the status (the status counts are taken from it). Sorted by uncertainty,
    /// the queue also holds the pending listings scored just under the threshold: the offers the model nearly missed
    /// are where a reviewer's decision teaches it most. They are added as a second set (no row is in both), so the
    /// first part still reads the partial queue indexes.
    /// </summary>
    public static IQueryable<Listing> Filtered(MarketWatchDb db, QueueFilter f, QueueScope? scope = null)
    {
        var q = db.Listings.AsNoTracking().Where(InQueue);
        if (f.ByUncertainty)
        {
            var within = scope ?? QueueScope.Default;
            var unsureFrom = within.Threshold - within.UnsureBelow;
            q = q.Concat(db.Listings.AsNoTracking().Where(l => !l.Flagged && l.ReviewStatus == ReviewStatus.Pending && l.Score >= unsureFrom));
        }
        if (f.Marketplace is { } marketplace) q = q.Where(l => l.Marketplace == marketplace);
        if (f.MinScore is { } min) q = q.Where(l => l.Score >= min);
        if (f.MaxScore is { } max) q = q.Where(l => l.Score <= max);
        if (f.ValidImei) q = q.Where(l => l.Imeis.Any(i => i.Status == "valid"));
        if (f.Seller is { } seller)
        {
            var s = seller.ToLowerInvariant();
            q = q.Where(l => l.Seller != null && (l.Seller.Name.ToLower().Contains(s) || l.Seller.ShopKey.Contains(s)));
        }
        if (f.From is { } from)
        {
            var start = Localisation.Display.DayStartUtc(from, f.Zone);
            q = q.Where(l => l.FirstSeenAt >= start);
        }
        if (f.To is { } to)
        {
            var end = Localisation.Display.DayStartUtc(to.AddDays(1), f.Zone);
            q = q.Where(l => l.FirstSeenAt < end);
        }
        return q;
    }

    public static IQueryable<Listing> WithStatus(IQueryable<Listing> q, QueueFilter f) =>
        f.StatusValue is { } status ? q.Where(l => l.ReviewStatus == status) : q;

    public static async Task<QueuePage> PageAsync(MarketWatchDb db, QueueFilter f, int pageSize, int total, CancellationToken ct, QueueScope? scope = null)
    {
        IListOrder order = f.ByUncertainty ? new UncertaintyOrder((scope ?? QueueScope.Default).Threshold) : RiskOrder.Instance;
        var page = await ScorePages.PageAsync(order, WithStatus(Filtered(db, f, scope), f), f.After, f.Before, pageSize, q => Rows(db, q),
            r => order.KeyOf(r.Score, r.Id), ct);
        return new QueuePage(page.Rows, page.RowsBefore, page.RowsBefore + page.Rows.Count < total, order);
    }

    private static IQueryable<QueueRow> Rows(MarketWatchDb db, IQueryable<Listing> q) =>
        q.Select(l => new QueueRow(l.Id, l.ReviewVersion, l.Score, l.Marketplace, l.Title, l.Url, l.PriceIdr, l.SellerId,
            l.Seller == null ? null : l.Seller.Name, l.Imeis.Count(i => i.Status == "valid"), l.ReviewStatus, l.FirstSeenAt,
            l.RelistOfListingId != null || l.RelistReason != null,
            db.Detections.Where(d => d.Id == l.LatestDetectionId).Select(d => d.Reasons).FirstOrDefault()));

    public static async Task<Dictionary<ReviewStatus, int>> CountsAsync(MarketWatchDb db, QueueFilter f, CancellationToken ct, QueueScope? scope = null)
    {
        // The whole queue, or one marketplace's: the counts the database keeps (KeptCounts.cs). Any other filter: counted
        // from the covering queue indexes.
        var kept = f with { Marketplace = null, Status = "pending", After = null, Before = null } == new QueueFilter();
        var counts = kept
            ? await db.QueueCounts.Where(c => f.Marketplace == null || c.Marketplace == f.Marketplace).GroupBy(c => c.ReviewStatus)
                .Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToListAsync(ct)
            : await Filtered(db, f, scope).GroupBy(l => l.ReviewStatus).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<ReviewStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    /// <summary>The listings before and after this one in queue order (pending, highest risk first): j/k on the listing page.</summary>
    public static async Task<(long? Previous, long? Next)> NeighboursAsync(MarketWatchDb db, Listing listing, CancellationToken ct)
    {
        var pending = WithStatus(Filtered(db, new QueueFilter()), new QueueFilter());
        var key = new Keyset(listing.Score, listing.Id);
        var next = await ScorePages.Ordered(ScorePages.After(pending, key)).Select(l => (long?)l.Id).FirstOrDefaultAsync(ct);
        var previous = await ScorePages.Ordered(ScorePages.Before(pending, key)).Select(l => (long?)l.Id).LastOrDefaultAsync(ct);
        return (previous, next);
    }
}
