using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Pipeline;

/// <summary>
/// Sellers answer a takedown by putting the offer back up. A new listing is marked as a relisting of an
/// earlier one when it carries a valid IMEI already offered elsewhere, or when the same seller has a
/// near-identical title; a known listing that comes back after Gap away is marked too (in the writer).
/// </summary>
public static class Relisting
{
    public static readonly TimeSpan Gap = TimeSpan.FromDays(7);
    public const double TitleSimilarity = 0.8;
    private const int SiblingsPerSeller = 500;

    // "Earlier" is by id: a page's new listings are inserted together, so a later card on the same page must
    // not count as the original of an earlier one. Two queries for the page's new listings, not two per listing.
    public static async Task MarkAsync(MarketWatchDb db, IReadOnlyList<(Listing Listing, DetectionResult Detection)> fresh, DateTime now, CancellationToken ct)
    {
        if (fresh.Count == 0) return;
        var maxId = fresh.Max(f => f.Listing.Id);
        var imeis = fresh.SelectMany(f => f.Detection.ValidImeis.Select(i => i.Imei)).Distinct().ToList();
        var mentions = imeis.Count == 0 ? [] : await db.ImeiMentions.AsNoTracking().Where(m => imeis.Contains(m.Imei) && m.ListingId < maxId)
            .Select(m => new { m.ListingId, m.Imei, m.FirstSeenAt }).ToListAsync(ct);
        var sellerIds = fresh.Select(f => f.Listing.SellerId).OfType<long>().Distinct().ToList();
        var siblings = sellerIds.Count == 0 ? [] : await db.Listings.AsNoTracking().Where(l => l.SellerId != null && sellerIds.Contains(l.SellerId.Value) && l.Id < maxId)
            .Select(l => new { l.Id, SellerId = l.SellerId!.Value, l.Title, l.FirstSeenAt }).ToListAsync(ct);
        var bySeller = siblings.ToLookup(s => s.SellerId);

        foreach (var (listing, detection) in fresh)
        {
            var valid = detection.ValidImeis.Select(i => i.Imei).ToHashSet();
            var earlier = mentions.Where(m => valid.Contains(m.Imei) && m.ListingId < listing.Id).OrderBy(m => m.FirstSeenAt).ThenBy(m => m.ListingId).FirstOrDefault();
            if (earlier is not null)
            {
                Set(listing, earlier.ListingId, $"same IMEI {earlier.Imei} as an earlier listing", now);
                continue;
            }
            if (listing.SellerId is not { } sellerId) continue;
            var words = Words(listing.Title);
            var match = bySeller[sellerId].Where(s => s.Id < listing.Id).OrderBy(s => s.FirstSeenAt).ThenBy(s => s.Id).Take(SiblingsPerSeller)
                .FirstOrDefault(s => Jaccard(words, Words(s.Title)) >= TitleSimilarity);
            if (match is not null) Set(listing, match.Id, "same seller, near-identical title", now);
        }
    }

    private static void Set(Listing listing, long earlierId, string reason, DateTime now) =>
        (listing.RelistOfListingId, listing.RelistReason, listing.RelistedAt) = (earlierId, reason, now);

    private static HashSet<string> Words(string title) =>
        TextNormalizer.Normalize(title).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Any(char.IsLetterOrDigit)).ToHashSet();

    private static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 && b.Count == 0 ? 1 : (double)a.Intersect(b).Count() / a.Union(b).Count();
}
