using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Pipeline;

/// <summary>Counts of what storing one page changed.</summary>
public sealed record PageOutcome(int New, int Changed, int Unchanged, int Flagged);

/// <summary>
/// The steps after extraction, in order: dedupe -> detect -> store. Storing a page is one transaction,
/// together with marking the page done, so a crash leaves a page either wholly stored or still pending.
/// </summary>
public sealed class ListingPipeline(Detector detector)
{
    /// <summary>Reloads what detection reads from the database (the TAC directory) at the start of a run.</summary>
    public async Task PrepareAsync(MarketWatchDb db, CancellationToken ct) => detector.Tacs = await TacImport.LoadAsync(db, ct);

    public IReadOnlyList<(ExtractedListing Listing, DetectionResult Detection)> Detect(MarketWatchDb db, string marketplace, IEnumerable<ExtractedListing> listings) =>
        listings.DistinctBy(l => l.ProductId)   // a sponsored card may repeat an organic one on the same page
            .Select(l => (l, detector.Detect(new ListingText(l.Title, l.Description, l.PriceIdr), new DetectionContext(imei => OtherListings(db, marketplace, l.ProductId, imei)))))
            .ToList();

    // The same valid IMEI under another listing (another seller, or a relisting) is cloning evidence.
    private static int OtherListings(MarketWatchDb db, string marketplace, string productId, string imei) =>
        db.ImeiMentions.Where(m => m.Imei == imei)
            .Join(db.Listings, m => m.ListingId, l => l.Id, (m, l) => l)
            .Count(l => l.Marketplace != marketplace || l.ProductId != productId);

    public async Task<PageOutcome> StoreAsync(MarketWatchDb db, string marketplace, CrawlRun run, CrawlPage page,
        IReadOnlyList<(ExtractedListing Listing, DetectionResult Detection)> detected, EvidenceCapture? evidence, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (evidence is not null)
        {
            db.Evidence.Add(evidence);
            await db.SaveChangesAsync(ct);   // sightings below point at it
        }
        int fresh = 0, changed = 0, unchanged = 0, flagged = 0;
        var ids = detected.Select(d => d.Listing.ProductId).ToList();
        var existing = await db.Listings.Include(l => l.Imeis)
            .Where(l => l.Marketplace == marketplace && ids.Contains(l.ProductId))
            .ToDictionaryAsync(l => l.ProductId, ct);

        foreach (var (item, detection) in detected)
        {
            var seller = await UpsertSellerAsync(db, marketplace, item, now, ct);
            if (!existing.TryGetValue(item.ProductId, out var listing))
            {
                listing = new Listing { Marketplace = marketplace, ProductId = item.ProductId, Title = item.Title, Url = item.Url, FirstSeenAt = now };
                db.Listings.Add(listing);
                fresh++;
            }
            else if (listing.Title != item.Title || listing.PriceIdr != item.PriceIdr) changed++;
            else unchanged++;

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
                CrawlRunId = run.Id, PageNumber = page.PageNumber, Position = item.Position, Title = item.Title,
                PriceIdr = item.PriceIdr, SeenAt = now, EvidenceId = detection.Flagged ? evidence?.Id : null,
            });
            foreach (var imei in detection.Imeis.Where(i => listing.Imeis.All(x => x.Imei != i.Imei)))
                listing.Imeis.Add(new ImeiMention { Imei = imei.Imei, Status = imei.StatusName, Tac = imei.Tac, RawText = imei.Raw, FirstSeenAt = now });
            await db.SaveChangesAsync(ct);   // listing id needed for the detection row

            var row = new Data.Detection
            {
                ListingId = listing.Id, CrawlRunId = run.Id, Score = detection.Score, Flagged = detection.Flagged,
                Reasons = string.Join('\n', detection.Reasons), ModelVersion = detection.ModelVersion, DetectedAt = now,
            };
            db.Detections.Add(row);
            await db.SaveChangesAsync(ct);
            listing.LatestDetectionId = row.Id;
        }

        page.Status = PageStatus.Done;
        page.ListingCount = detected.Count;
        page.FetchedAt = now;
        run.PagesFetched++;
        run.ListingsNew += fresh;
        run.ListingsChanged += changed;
        run.ListingsUnchanged += unchanged;
        run.ListingsFlagged += flagged;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PageOutcome(fresh, changed, unchanged, flagged);
    }

    private static async Task<Seller?> UpsertSellerAsync(MarketWatchDb db, string marketplace, ExtractedListing item, DateTime now, CancellationToken ct)
    {
        if (item.Shop is null && item.ShopUrl is null) return null;
        var key = item.ShopUrl is not null ? new Uri(item.ShopUrl).AbsolutePath.TrimEnd('/').ToLowerInvariant() : item.Shop!.Trim().ToLowerInvariant();
        var seller = db.Sellers.Local.FirstOrDefault(s => s.Marketplace == marketplace && s.ShopKey == key)
            ?? await db.Sellers.FirstOrDefaultAsync(s => s.Marketplace == marketplace && s.ShopKey == key, ct);
        if (seller is null)
        {
            seller = new Seller { Marketplace = marketplace, ShopKey = key, Name = item.Shop ?? key, FirstSeenAt = now };
            db.Sellers.Add(seller);
        }
        seller.Name = item.Shop ?? seller.Name;
        seller.Url = item.ShopUrl ?? seller.Url;
        seller.Location = item.ShopLocation ?? seller.Location;
        seller.LastSeenAt = now;
        return seller;
    }
}
