using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

public sealed record LinkedSeller(long Id, string Marketplace, string Name, IReadOnlyList<string> Shared, int Hops);

/// <summary>
/// A seller's risk and the accounts linked to it. Linked sellers are the connected cluster of accounts
/// that share a contact (phone / WhatsApp number, e-mail, handle) in their listings' texts, followed
/// across marketplaces for a few hops (the way brand-protection tools cluster infringers).
/// </summary>
public static class SellerProfile
{
    public const int MaxHops = 3;
    public const int MaxCluster = 50;

    /// <summary>
    /// The chance that at least one of the seller's listings is an illegal offer, treating listings as
    /// independent: a confirmed listing counts as 1, a dismissed one as 0, an undecided one as its score.
    /// </summary>
    public static double Risk(IEnumerable<(ReviewStatus Status, double Score)> listings) =>
        1 - listings.Aggregate(1.0, (clean, l) => clean * (1 - l.Status switch
        {
            ReviewStatus.Confirmed => 1.0, ReviewStatus.Dismissed => 0.0, _ => Math.Clamp(l.Score, 0, 1),
        }));

    /// <summary>The distinct contacts found in the seller's listings.</summary>
    public static async Task<List<(string Kind, string Value)>> ContactsAsync(MarketWatchDb db, long sellerId, CancellationToken ct) =>
        (await db.Contacts.Join(db.Listings.Where(l => l.SellerId == sellerId), c => c.ListingId, l => l.Id, (c, l) => new { c.Kind, c.Value })
            .Distinct().OrderBy(c => c.Kind).ThenBy(c => c.Value).ToListAsync(ct)).Select(c => (c.Kind, c.Value)).ToList();

    public static async Task<List<LinkedSeller>> LinkedAsync(MarketWatchDb db, long sellerId, CancellationToken ct)
    {
        var seen = new Dictionary<long, LinkedSeller>();
        var frontier = new List<long> { sellerId };
        var visited = new HashSet<long> { sellerId };
        for (var hop = 1; hop <= MaxHops && frontier.Count > 0 && seen.Count < MaxCluster; hop++)
        {
            // The frontier's contacts joined to every listing carrying the same one: index seeks on both sides.
            var matches = await (
                from mine in db.Contacts
                join l in db.Listings on mine.ListingId equals l.Id
                where l.SellerId != null && frontier.Contains(l.SellerId.Value)
                join other in db.Contacts on new { mine.Kind, mine.Value } equals new { other.Kind, other.Value }
                join o in db.Listings on other.ListingId equals o.Id
                where o.SellerId != null
                select new { other.Kind, other.Value, o.SellerId }).Distinct().ToListAsync(ct);
            var next = new List<long>();
            foreach (var group in matches.Where(m => !visited.Contains(m.SellerId!.Value)).GroupBy(m => m.SellerId!.Value))
            {
                visited.Add(group.Key);
                next.Add(group.Key);
                seen[group.Key] = new LinkedSeller(group.Key, "", "", group.Select(g => $"{g.Kind} {g.Value}").Distinct().Order().ToList(), hop);
            }
            frontier = next;
        }
        if (seen.Count == 0) return [];
        var kept = seen.Values.Take(MaxCluster).ToList();
        var ids = kept.Select(l => l.Id).ToList();
        var names = await db.Sellers.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        return kept.Select(l => l with { Marketplace = names[l.Id].Marketplace, Name = names[l.Id].Name })
            .OrderBy(l => l.Hops).ThenBy(l => l.Marketplace).ThenBy(l => l.Name).ToList();
    }
}
