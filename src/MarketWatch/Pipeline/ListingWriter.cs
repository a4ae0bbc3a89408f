using MarketWatch.Cases;
using MarketWatch.Crawling.Stages;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Pipeline;

/// <summary>Counts of what storing one page changed.</summary>
/// <param name="CaseUpkeep">Time spent keeping cases up to date (part of the whole write): the `cases` benchmark reads it.</param>
public sealed record PageOutcome(int New, int Changed, int Unchanged, int Flagged, TimeSpan CaseUpkeep = default);

/// <summary>
/// Writes a page's detected listings inside the transaction the store stage holds: sellers, listings, sightings
/// (with their evidence and card box), IMEIs, contacts, relisting marks and detections. A second crawl updates a
/// listing and adds a sighting; it never duplicates one. A fixed number of round trips per page, not per listing.
/// </summary>
public static class ListingWriter
{
    /// <summary>A seller's identity within its marketplace: the shop URL's path, else the lower-cased shop name.</summary>
    public static string? SellerKey(ExtractedListing item) =>
        item.ShopUrl is not null ? new Uri(item.ShopUrl).AbsolutePath.TrimEnd('/').ToLowerInvariant() : item.Shop?.Trim().ToLowerInvariant();

    public static async Task<PageOutcome> WriteAsync(MarketWatchDb db, string marketplace, long runId, int pageNumber, IReadOnlyList<Detected> detected,
        IReadOnlyDictionary<string, (EvidenceCapture Capture, EvidenceBox? Box)> evidence, DateTime now, CancellationToken ct)
    {
        int fresh = 0, changed = 0, unchanged = 0, flagged = 0;
        var ids = detected.Select(d => d.Listing.ProductId).ToList();
        var existing = await db.Listings.Include(l => l.Imeis)
            .Where(l => l.Marketplace == marketplace && ids.Contains(l.ProductId))
            .ToDictionaryAsync(l => l.ProductId, ct);
        var keys = detected.Select(d => SellerKey(d.Listing)).OfType<string>().Distinct().ToList();
        var sellers = await db.Sellers.Where(s => s.Marketplace == marketplace && keys.Contains(s.ShopKey)).ToDictionaryAsync(s => s.ShopKey, ct);

        var stored = new List<(Listing Listing, DetectionResult Detection, bool IsNew)>(detected.Count);
        var textChanged = new List<bool>(detected.Count);
        foreach (var (item, detection) in detected)
        {
            var seller = UpsertSeller(db, sellers, marketplace, item, now);
            var isNew = !existing.TryGetValue(item.ProductId, out var listing);
            if (listing is null)
            {
                listing = new Listing { Marketplace = marketplace, ProductId = item.ProductId, Title = item.Title, Url = item.Url, FirstSeenAt = now };
                db.Listings.Add(listing);
                fresh++;
            }
            else if (listing.Title != item.Title || listing.PriceIdr != item.PriceIdr) changed++;
            else unchanged++;
            textChanged.Add(isNew || listing.Title != item.Title || (item.Description is not null && item.Description != listing.Description) || listing.Flagged != detection.Flagged);

            if (!isNew && now - listing.LastSeenAt > Relisting.Gap)
                (listing.RelistReason, listing.RelistedAt) = ($"reappeared after {(now - listing.LastSeenAt).TotalDays:0} days away", now);
            listing.Seller = seller;
            listing.Title = item.Title;
            listing.Url = item.Url;
            listing.PriceIdr = item.PriceIdr;
            listing.PriceMaxIdr = item.PriceMaxIdr;
            listing.ImageUrl = item.ImageUrl;
            listing.SoldText = item.SoldText;
            listing.Rating = item.Rating;
            listing.Sponsored = item.Sponsored;
            if (item.Description is not null) listing.Description = item.Description;
            listing.LastSeenAt = now;
            listing.SightingCount++;
            listing.Flagged = detection.Flagged;
            listing.Score = detection.Score;
            if (detection.Flagged) flagged++;

            var proof = evidence.TryGetValue(item.ProductId, out var e) ? e : default;
            listing.Sightings.Add(new Sighting
            {
                CrawlRunId = runId, PageNumber = pageNumber, Position = item.Position, Title = item.Title,
                PriceIdr = item.PriceIdr, SeenAt = now, EvidenceId = proof.Capture?.Id, Box = proof.Box,
            });
            foreach (var imei in detection.Imeis.Where(i => listing.Imeis.All(x => x.Imei != i.Imei)))
                listing.Imeis.Add(new ImeiMention { Imei = imei.Imei, Status = imei.StatusName, Tac = imei.Tac, RawText = imei.Raw, FirstSeenAt = now });
            stored.Add((listing, detection, isNew));
        }
        await db.SaveChangesAsync(ct);   // ids assigned: relisting below compares them

        await AddContactsAsync(db, stored.Where(s => s.IsNew || s.Listing.Description is not null).Select(s => s.Listing).ToList(), ct);
        await Relisting.MarkAsync(db, stored.Where(s => s.IsNew).Select(s => (s.Listing, s.Detection)).ToList(), now, ct);
        var upkeep = System.Diagnostics.Stopwatch.StartNew();
        await CaseUpkeep.UpdateAsync(db, stored.Select((s, i) => new StoredListing(s.Listing, s.Listing.Seller?.Name, textChanged[i])).ToList(), now, ct);
        upkeep.Stop();
        var rows = stored.Select(s => new Data.Detection
        {
            ListingId = s.Listing.Id, CrawlRunId = runId, Score = s.Detection.Score, Flagged = s.Detection.Flagged,
            Reasons = string.Join('\n', s.Detection.Reasons), ModelVersion = s.Detection.ModelVersion, DetectedAt = now,
        }).ToList();
        db.Detections.AddRange(rows);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < stored.Count; i++) stored[i].Listing.LatestDetectionId = rows[i].Id;
        return new PageOutcome(fresh, changed, unchanged, flagged, upkeep.Elapsed);
    }

    // Contacts in the text link seller accounts (the seller page's "linked sellers"); read again when the text may have changed.
    private static async Task AddContactsAsync(MarketWatchDb db, List<Listing> reread, CancellationToken ct)
    {
        var ids = reread.Select(l => l.Id).ToList();
        var known = (await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.ListingId)).Select(c => new { c.ListingId, c.Kind, c.Value }).ToListAsync(ct))
            .Select(c => (c.ListingId, c.Kind, c.Value)).ToHashSet();
        foreach (var listing in reread)
            foreach (var (kind, value) in ContactExtractor.Extract(listing.Title, listing.Description))
                if (known.Add((listing.Id, kind, value)))
                    db.Contacts.Add(new ContactMention { ListingId = listing.Id, Kind = kind, Value = value });
    }

    private static Seller? UpsertSeller(MarketWatchDb db, Dictionary<string, Seller> sellers, string marketplace, ExtractedListing item, DateTime now)
    {
        if (SellerKey(item) is not { } key) return null;
        if (!sellers.TryGetValue(key, out var seller))
        {
            seller = new Seller { Marketplace = marketplace, ShopKey = key, Name = item.Shop ?? key, FirstSeenAt = now };
            db.Sellers.Add(seller);
            sellers[key] = seller;
        }
        seller.Name = item.Shop ?? seller.Name;
        seller.Url = item.ShopUrl ?? seller.Url;
        seller.Location = item.ShopLocation ?? seller.Location;
        seller.LastSeenAt = now;
        return seller;
    }
}
