using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Cases;

/// <summary>A case as the queue shows it: what it holds and how risky it is.</summary>
public sealed record CaseSummary(long Id, int Listings, int Open, int Confirmed, int Dismissed, int Marketplaces, int Sellers, int SharedImeis,
    double TopScore, DateTime FirstSeenAt, DateTime LastSeenAt)
{
    /// <summary>A network already confirmed once that has new undecided listings: shown first, whatever its size.</summary>
    public bool KnownNetwork => Confirmed > 0 && Open > 0;

    /// <summary>
    /// Combined risk, highest first: each open flagged listing counts 1, each confirmed one 3 (a network already judged),
    /// each marketplace beyond the first 2 (an operator spreading), each IMEI offered by two or more of its listings 2
    /// (cloning evidence). Weights chosen so that one confirmed listing outranks a few fresh flags.
    /// </summary>
    public int Risk => Open + 3 * Confirmed + 2 * Math.Max(0, Marketplaces - 1) + 2 * SharedImeis;

    /// <summary>The highest-scored listing's title and the sellers' names, filled in for the rows shown.</summary>
    public string? Title { get; init; }
    public IReadOnlyList<string> SellerNames { get; init; } = [];
}

/// <summary>
/// The cases queue: every case with its counts, read with a few GROUP BYs over the case index (members are the
/// queue's listings only, a few percent of all), ordered known networks first, then by risk.
/// </summary>
public static class CaseQueue
{
    public static readonly string[] Statuses = ["open", "all"];

    public static async Task<List<CaseSummary>> AllAsync(MarketWatchDb db, CancellationToken ct, long? only = null)
    {
        var members = db.Listings.AsNoTracking().Where(l => l.CaseId != null && (only == null || l.CaseId == only));
        var counts = await members.GroupBy(l => l.CaseId!.Value).Select(g => new
        {
            g.Key, Listings = g.Count(),
            // A pending member that re-scoring unflagged is no longer an open flag.
            Open = g.Count(l => (l.ReviewStatus == ReviewStatus.Pending && l.Flagged) || l.ReviewStatus == ReviewStatus.NeedsInfo),
            Confirmed = g.Count(l => l.ReviewStatus == ReviewStatus.Confirmed), Dismissed = g.Count(l => l.ReviewStatus == ReviewStatus.Dismissed),
            Top = g.Max(l => l.Score), First = g.Min(l => l.FirstSeenAt), Last = g.Max(l => l.LastSeenAt),
        }).ToListAsync(ct);
        var marketplaces = (await members.Select(l => new { CaseId = l.CaseId!.Value, l.Marketplace }).Distinct().ToListAsync(ct)).ToLookup(x => x.CaseId);
        var sellers = (await members.Where(l => l.SellerId != null).Select(l => new { CaseId = l.CaseId!.Value, l.SellerId }).Distinct().ToListAsync(ct)).ToLookup(x => x.CaseId);
        var imeis = (await db.CaseLinks.AsNoTracking().Where(c => c.Kind == "imei" && c.OtherListingId != null && (only == null || c.CaseId == only))
            .Select(c => new { c.CaseId, c.Key }).Distinct().ToListAsync(ct)).ToLookup(x => x.CaseId);
        return counts.Select(c => new CaseSummary(c.Key, c.Listings, c.Open, c.Confirmed, c.Dismissed, marketplaces[c.Key].Count(), sellers[c.Key].Count(),
                imeis[c.Key].Count(), c.Top, c.First, c.Last))
            .OrderByDescending(c => c.KnownNetwork).ThenByDescending(c => c.Risk).ThenByDescending(c => c.TopScore).ThenBy(c => c.Id).ToList();
    }

    /// <summary>One page of the queue (open cases, or all), with each row's leading title and seller names.</summary>
    public static async Task<(List<CaseSummary> Rows, int Total)> PageAsync(MarketWatchDb db, string status, int page, int pageSize, CancellationToken ct)
    {
        var all = (await AllAsync(db, ct)).Where(c => status == "all" || c.Open > 0).ToList();
        var rows = all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return (await DescribeAsync(db, rows, ct), all.Count);
    }

    public static async Task<List<CaseSummary>> DescribeAsync(MarketWatchDb db, List<CaseSummary> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return rows;
        var ids = rows.Select(r => r.Id).ToList();
        var listings = (await db.Listings.AsNoTracking().Where(l => l.CaseId != null && ids.Contains(l.CaseId.Value))
            .Select(l => new { CaseId = l.CaseId!.Value, l.Title, l.Score, l.Id, Seller = l.Seller == null ? null : l.Seller.Name }).ToListAsync(ct)).ToLookup(l => l.CaseId);
        return rows.Select(r => r with
        {
            Title = listings[r.Id].OrderByDescending(l => l.Score).ThenBy(l => l.Id).Select(l => l.Title).FirstOrDefault(),
            SellerNames = listings[r.Id].Select(l => l.Seller).OfType<string>().Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList(),
        }).ToList();
    }

    /// <summary>The case a (possibly merged) case id stands for now: merges are followed, so an old link still leads to the network.</summary>
    public static async Task<long?> LiveAsync(MarketWatchDb db, long id, CancellationToken ct)
    {
        for (var hops = 0; hops < 100; hops++)
        {
            var row = await db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.MergedIntoId }).FirstOrDefaultAsync(ct);
            if (row is null) return null;
            if (row.MergedIntoId is not { } next) return id;
            id = next;
        }
        return null;
    }

    /// <summary>
    /// Pending flagged listings that joined a network already confirmed once ("known network"): the queue shows them
    /// above everything else. Read from the case index: confirmed cases first, then their open listings.
    /// </summary>
    public static async Task<List<(long Id, long CaseId, string Title, string Marketplace, double Score)>> KnownNetworkAsync(MarketWatchDb db, int limit, CancellationToken ct)
    {
        var confirmed = db.Listings.Where(l => l.CaseId != null && l.ReviewStatus == ReviewStatus.Confirmed).Select(l => l.CaseId).Distinct();
        return (await db.Listings.AsNoTracking().Where(l => l.CaseId != null && l.Flagged && l.ReviewStatus == ReviewStatus.Pending && confirmed.Contains(l.CaseId))
                .OrderByDescending(l => l.Score).ThenBy(l => l.Id).Take(limit)
                .Select(l => new { l.Id, CaseId = l.CaseId!.Value, l.Title, l.Marketplace, l.Score }).ToListAsync(ct))
            .Select(l => (l.Id, l.CaseId, l.Title, l.Marketplace, l.Score)).ToList();
    }
}
