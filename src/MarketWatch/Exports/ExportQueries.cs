using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Exports;

/// <summary>
/// The rows of each export, read with one streamed query each (no tracking, never a list of all rows): the latest
/// decision, detection and evidence of a listing come from correlated subqueries that SQLite answers from indexes.
/// </summary>
public static class ExportQueries
{
    /// <summary>Confirmed listings of one marketplace, optionally those confirmed in [sinceUtc, untilUtc).</summary>
    public static IAsyncEnumerable<TakedownRow> Takedown(MarketWatchDb db, string marketplace, DateTime? sinceUtc, DateTime? untilUtc) =>
        TakedownRows(db, db.Listings.AsNoTracking().Where(l => l.ReviewStatus == ReviewStatus.Confirmed && l.Marketplace == marketplace), sinceUtc, untilUtc);

    /// <summary>Every listing of a case in the takedown shape (its confirmation, if any, evidence and hashes): the dossier's listing pages.</summary>
    public static IAsyncEnumerable<TakedownRow> CaseListings(MarketWatchDb db, long caseId) =>
        TakedownRows(db, db.Listings.AsNoTracking().Where(l => l.CaseId == caseId), null, null);

    private static IAsyncEnumerable<TakedownRow> TakedownRows(MarketWatchDb db, IQueryable<Listing> source, DateTime? sinceUtc, DateTime? untilUtc)
    {
        var listings =
            from l in source
            let decidedAt = db.ReviewDecisions.Where(d => d.ListingId == l.Id && d.After == ReviewStatus.Confirmed)
                .OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).Select(d => (DateTime?)d.DecidedAt).FirstOrDefault()
            where sinceUtc == null || decidedAt >= sinceUtc
            where untilUtc == null || decidedAt < untilUtc
            select new
            {
                Listing = l, SellerName = l.Seller!.Name, SellerUrl = l.Seller.Url,
                Reviewer = db.ReviewDecisions.Where(d => d.ListingId == l.Id && d.After == ReviewStatus.Confirmed)
                    .OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).Select(d => d.Reviewer).FirstOrDefault(),
                DecidedAt = decidedAt,
                Reasons = db.Detections.Where(d => d.Id == l.LatestDetectionId).Select(d => d.Reasons).FirstOrDefault(),
                ModelVersion = db.Detections.Where(d => d.Id == l.LatestDetectionId).Select(d => d.ModelVersion).FirstOrDefault(),
                // The sighting that carries the latest evidence: its capture, and its card's box on a page screenshot.
                SightingId = db.Sightings.Where(s => s.ListingId == l.Id && s.EvidenceId != null)
                    .OrderByDescending(s => s.SeenAt).ThenByDescending(s => s.Id).Select(s => (long?)s.Id).FirstOrDefault(),
            };
        var rows =
            from x in listings
            join s in db.Sightings.AsNoTracking() on x.SightingId equals s.Id into sightings
            from s in sightings.DefaultIfEmpty()
            join e in db.Evidence.AsNoTracking() on s.EvidenceId equals e.Id into captures
            from e in captures.DefaultIfEmpty()
            orderby x.Listing.Id
            select new TakedownRow(x.Listing.Id, x.Listing.Marketplace, x.Listing.ProductId, x.Listing.Url, x.Listing.Title, x.SellerName, x.SellerUrl,
                x.Listing.PriceIdr, x.Listing.FirstSeenAt, x.Listing.LastSeenAt, x.Reasons, x.ModelVersion, x.Reviewer, x.DecidedAt,
                e == null ? null : e.Url, e == null ? null : e.CapturedAt, e == null ? null : e.HtmlSha256, e == null ? null : e.ScreenshotSha256,
                e == null ? null : e.ScreenshotPath,
                s == null || s.BoxX == null ? null : new EvidenceBox(s.BoxX.Value, s.BoxY!.Value, s.BoxWidth!.Value, s.BoxHeight!.Value),
                e == null ? null : e.Id, e == null ? null : e.SnapshotSha256, x.Listing.CaseId);
        return rows.AsAsyncEnumerable();
    }

    /// <summary>
    /// Valid IMEIs of confirmed listings, one row per IMEI. The mentions come sorted by IMEI and are folded as they
    /// stream past, so memory holds one IMEI's listings at a time.
    /// </summary>
    public static async IAsyncEnumerable<BlocklistRow> Blocklist(MarketWatchDb db, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var mentions =
            from m in db.ImeiMentions.AsNoTracking()
            join l in db.Listings.AsNoTracking() on m.ListingId equals l.Id
            where m.Status == "valid" && l.ReviewStatus == ReviewStatus.Confirmed
            join t in db.Tacs.AsNoTracking() on m.Tac equals t.Tac into tacs
            from t in tacs.DefaultIfEmpty()
            orderby m.Imei, l.Id
            select new { m.Imei, m.Tac, Brand = t == null ? null : t.Brand, Model = t == null ? null : t.Model, m.FirstSeenAt, ListingId = l.Id, l.SellerId, l.Url };
        BlocklistRow? current = null;
        HashSet<long> listings = [], sellers = [];
        List<string> urls = [];
        await foreach (var m in mentions.AsAsyncEnumerable().WithCancellation(ct))
        {
            // The status was set by detection; the check digit is verified again because this list blocks phones.
            if (m.Imei.Length != 15 || !m.Imei.All(char.IsAsciiDigit) || Imei.Classify(m.Imei) != ImeiStatus.Valid) continue;
            if (current is not null && current.Imei != m.Imei)
            {
                yield return current with { Listings = listings.Count, Sellers = sellers.Count, Urls = urls };
                (current, listings, sellers, urls) = (null, [], [], []);
            }
            current ??= new BlocklistRow(m.Imei, m.Tac, m.Brand, m.Model, m.FirstSeenAt, 0, 0, []);
            if (m.FirstSeenAt < current.FirstSeenAt) current = current with { FirstSeenAt = m.FirstSeenAt };
            if (listings.Add(m.ListingId)) urls.Add(m.Url);
            if (m.SellerId is { } seller) sellers.Add(seller);
        }
        if (current is not null) yield return current with { Listings = listings.Count, Sellers = sellers.Count, Urls = urls };
    }

    /// <summary>Every listing (or the flagged ones, or one review status) with its latest detection and decision.</summary>
    public static IAsyncEnumerable<ListingRow> Listings(MarketWatchDb db, bool onlyFlagged, ReviewStatus? status)
    {
        var query = db.Listings.AsNoTracking();
        if (onlyFlagged) query = query.Where(l => l.Flagged);
        if (status is { } s) query = query.Where(l => l.ReviewStatus == s);
        // Each column is its own scalar subquery: EF cannot reuse one "latest decision" query for several columns.
        var rows =
            from l in query
            orderby l.Id
            select new ListingRow(l.Marketplace, l.ProductId, l.Url, l.Title, l.PriceIdr, l.Seller!.Name, l.Seller.Url, l.Flagged, l.Score,
                l.ReviewStatus.ToString(),
                string.Join(";", db.ImeiMentions.Where(i => i.ListingId == l.Id && i.Status == "valid").OrderBy(i => i.Id).Select(i => i.Imei)),
                db.Detections.Where(d => d.Id == l.LatestDetectionId).Select(d => d.Reasons).FirstOrDefault(),
                db.Detections.Where(d => d.Id == l.LatestDetectionId).Select(d => d.ModelVersion).FirstOrDefault(),
                l.FirstSeenAt, l.LastSeenAt, l.SightingCount,
                db.ReviewDecisions.Where(d => d.ListingId == l.Id).OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).Select(d => d.After.ToString()).FirstOrDefault(),
                db.ReviewDecisions.Where(d => d.ListingId == l.Id).OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).Select(d => d.Reviewer).FirstOrDefault(),
                db.ReviewDecisions.Where(d => d.ListingId == l.Id).OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).Select(d => (DateTime?)d.DecidedAt).FirstOrDefault(),
                db.ReviewDecisions.Where(d => d.ListingId == l.Id).OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).Select(d => d.Note).FirstOrDefault());
        return rows.AsAsyncEnumerable();
    }
}
