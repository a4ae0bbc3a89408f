using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Pipeline;

/// <summary>
/// Sellers answer a takedown by putting the offer back up. A new listing is marked as a relisting of an
/// earlier one when the same seller has a near-identical title, or when it carries a valid IMEI already
/// offered elsewhere; a known listing that comes back after Gap away is marked too (in the pipeline).
/// </summary>
public static class Relisting
{
    public static readonly TimeSpan Gap = TimeSpan.FromDays(7);
    public const double TitleSimilarity = 0.8;

    // "Earlier" is by id: a page's new listings are inserted together, so a later card on the same page must
    // not count as the original of an earlier one.
    public static async Task MarkAsync(MarketWatchDb db, Listing listing, DetectionResult detection, DateTime now, CancellationToken ct)
    {
        var valid = detection.ValidImeis.Select(i => i.Imei).ToList();
        if (valid.Count > 0)
        {
            var earlier = await db.ImeiMentions.Where(m => valid.Contains(m.Imei) && m.ListingId < listing.Id)
                .OrderBy(m => m.FirstSeenAt).Select(m => new { m.ListingId, m.Imei }).FirstOrDefaultAsync(ct);
            if (earlier is not null)
            {
                Set(listing, earlier.ListingId, $"same IMEI {earlier.Imei} as an earlier listing", now);
                return;
            }
        }
        if (listing.SellerId is not { } sellerId) return;
        var words = Words(listing.Title);
        var siblings = await db.Listings.AsNoTracking().Where(l => l.SellerId == sellerId && l.Id < listing.Id)
            .OrderBy(l => l.FirstSeenAt).Select(l => new { l.Id, l.Title }).Take(500).ToListAsync(ct);
        var match = siblings.FirstOrDefault(s => Jaccard(words, Words(s.Title)) >= TitleSimilarity);
        if (match is not null) Set(listing, match.Id, "same seller, near-identical title", now);
    }

    private static void Set(Listing listing, long earlierId, string reason, DateTime now) =>
        (listing.RelistOfListingId, listing.RelistReason, listing.RelistedAt) = (earlierId, reason, now);

    private static HashSet<string> Words(string title) =>
        TextNormalizer.Normalize(title).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Any(char.IsLetterOrDigit)).ToHashSet();

    private static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 && b.Count == 0 ? 1 : (double)a.Intersect(b).Count() / a.Union(b).Count();
}
