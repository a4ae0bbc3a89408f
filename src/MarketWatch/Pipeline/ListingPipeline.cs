using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Pipeline;

/// <summary>Counts of what storing one page changed.</summary>
public sealed record PageOutcome(int New, int Changed, int Unchanged, int Flagged);

/// <summary>
/// The steps after extraction, in order: dedupe -> detect -> store. Storing a page is one transaction,
/// together with marking the page done and counting it in its run, so a killed process leaves a page
/// either wholly stored or still pending: nothing lost, nothing twice.
/// </summary>
public sealed class ListingPipeline(Detector detector)
{
    /// <summary>Reloads what detection reads from the database (the TAC directory) at the start of a run.</summary>
    public async Task PrepareAsync(MarketWatchDb db, CancellationToken ct) => detector.Tacs = await TacImport.LoadAsync(db, ct);

    public Task<Dictionary<string, Listing>> KnownAsync(MarketWatchDb db, string marketplace, IEnumerable<string> productIds, CancellationToken ct)
    {
        var ids = productIds.ToList();
        return db.Listings.AsNoTracking().Where(l => l.Marketplace == marketplace && ids.Contains(l.ProductId)).ToDictionaryAsync(l => l.ProductId, ct);
    }

    public IReadOnlyList<(ExtractedListing Listing, DetectionResult Detection)> Detect(MarketWatchDb db, string marketplace, IEnumerable<ExtractedListing> listings) =>
        listings.DistinctBy(l => l.ProductId)   // a sponsored card may repeat an organic one on the same page
            .Select(l => (l, detector.Detect(new ListingText(l.Title, l.Description, l.PriceIdr),
                new DetectionContext(imei => OthersWithImei(db, marketplace, l, imei)))))
            .ToList();

    // The same valid IMEI under another listing (another seller, or a relisting) is cloning evidence.
    private static (int, int) OthersWithImei(MarketWatchDb db, string marketplace, ExtractedListing listing, string imei)
    {
        var shopKey = SellerKey(listing);
        var others = db.ImeiMentions.Where(m => m.Imei == imei)
            .Join(db.Listings, m => m.ListingId, l => l.Id, (m, l) => l)
            .Where(l => l.Marketplace != marketplace || l.ProductId != listing.ProductId)
            .Select(l => new { l.Marketplace, ShopKey = l.Seller == null ? null : l.Seller.ShopKey })
            .ToList();
        return (others.Count, others.Count(o => o.Marketplace != marketplace || o.ShopKey != shopKey));
    }

    /// <summary>A seller's identity within its marketplace: the shop URL's path, else the lower-cased shop name.</summary>
    public static string? SellerKey(ExtractedListing item) =>
        item.ShopUrl is not null ? new Uri(item.ShopUrl).AbsolutePath.TrimEnd('/').ToLowerInvariant() : item.Shop?.Trim().ToLowerInvariant();

    public async Task<PageOutcome> StoreAsync(MarketWatchDb db, string marketplace, long runId, CrawlPage page,
        IReadOnlyList<(ExtractedListing Listing, DetectionResult Detection)> detected, IReadOnlyDictionary<string, EvidenceCapture> evidence, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Database.LockForWriteAsync(db, marketplace, ct);   // PostgreSQL: one writer per marketplace, as on SQLite
        foreach (var capture in evidence.Values) db.Evidence.Add(capture);
        await db.SaveChangesAsync(ct);   // sightings below point at the captures
        int fresh = 0, changed = 0, unchanged = 0, flagged = 0;
        var ids = detected.Select(d => d.Listing.ProductId).ToList();
        var existing = await db.Listings.Include(l => l.Imeis)
            .Where(l => l.Marketplace == marketplace && ids.Contains(l.ProductId))
            .ToDictionaryAsync(l => l.ProductId, ct);
        var keys = detected.Select(d => SellerKey(d.Listing)).OfType<string>().Distinct().ToList();
        var sellers = await db.Sellers.Where(s => s.Marketplace == marketplace && keys.Contains(s.ShopKey)).ToDictionaryAsync(s => s.ShopKey, ct);

        // Three round trips per page, not two per listing: listings, sightings and IMEIs first (ids assigned),
        // then relisting checks for the new ones, then the detection rows.
        var stored = new List<(Listing Listing, DetectionResult Detection, bool IsNew)>(detected.Count);
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

            listing.Sightings.Add(new Sighting
            {
                CrawlRunId = runId, PageNumber = page.PageNumber, Position = item.Position, Title = item.Title,
                PriceIdr = item.PriceIdr, SeenAt = now, EvidenceId = evidence.TryGetValue(item.ProductId, out var capture) ? capture.Id : null,
            });
            foreach (var imei in detection.Imeis.Where(i => listing.Imeis.All(x => x.Imei != i.Imei)))
                listing.Imeis.Add(new ImeiMention { Imei = imei.Imei, Status = imei.StatusName, Tac = imei.Tac, RawText = imei.Raw, FirstSeenAt = now });
            stored.Add((listing, detection, isNew));
        }
        await db.SaveChangesAsync(ct);

        // Contacts in the text link seller accounts (the seller page's "linked sellers"); read again when the text may have changed.
        var reread = stored.Where(s => s.IsNew || s.Listing.Description is not null).Select(s => s.Listing).ToList();
        var rereadIds = reread.Select(l => l.Id).ToList();
        var known = (await db.Contacts.AsNoTracking().Where(c => rereadIds.Contains(c.ListingId)).Select(c => new { c.ListingId, c.Kind, c.Value }).ToListAsync(ct))
            .Select(c => (c.ListingId, c.Kind, c.Value)).ToHashSet();
        foreach (var listing in reread)
            foreach (var (kind, value) in ContactExtractor.Extract(listing.Title, listing.Description))
                if (known.Add((listing.Id, kind, value)))
                    db.Contacts.Add(new ContactMention { ListingId = listing.Id, Kind = kind, Value = value });

        foreach (var (listing, detection, isNew) in stored.Where(s => s.IsNew))
            await Relisting.MarkAsync(db, listing, detection, now, ct);
        var rows = stored.Select(s => new Data.Detection
        {
            ListingId = s.Listing.Id, CrawlRunId = runId, Score = s.Detection.Score, Flagged = s.Detection.Flagged,
            Reasons = string.Join('\n', s.Detection.Reasons), ModelVersion = s.Detection.ModelVersion, DetectedAt = now,
        }).ToList();
        db.Detections.AddRange(rows);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < stored.Count; i++) stored[i].Listing.LatestDetectionId = rows[i].Id;

        db.Attach(page);
        page.Status = PageStatus.Done;
        page.ListingCount = detected.Count;
        page.FetchedAt = now;
        page.Error = null;
        await db.SaveChangesAsync(ct);
        // Counted in the same transaction as the page: a resumed run never counts a page twice.
        await db.CrawlRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.PagesFetched, r => r.PagesFetched + 1)
            .SetProperty(r => r.ListingsNew, r => r.ListingsNew + fresh)
            .SetProperty(r => r.ListingsChanged, r => r.ListingsChanged + changed)
            .SetProperty(r => r.ListingsUnchanged, r => r.ListingsUnchanged + unchanged)
            .SetProperty(r => r.ListingsFlagged, r => r.ListingsFlagged + flagged), ct);
        await tx.CommitAsync(ct);
        return new PageOutcome(fresh, changed, unchanged, flagged);
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
