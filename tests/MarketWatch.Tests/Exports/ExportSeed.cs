using MarketWatch.Tests.Support;
using MarketWatch.Crawling;
using MarketWatch.Data;

namespace MarketWatch.Tests.Exports;

/// <summary>Listings as a crawl and a review leave them: sellers, detections, IMEI mentions, decisions, evidence files.</summary>
public sealed class ExportSeed(MarketWatchDb db, string dataDir)
{
    /// <summary>A 1x1 PNG, the smallest screenshot PDFsharp will embed.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    public const string SharedImei = "353320119514433";   // valid (Luhn), Samsung TAC 35332011
    public const string OtherImei = "352099001761481";    // valid

    private CrawlRun? _run;
    private readonly Dictionary<string, Seller> _sellers = [];

    public async Task<Seller> SellerAsync(string marketplace, string name)
    {
        if (_sellers.TryGetValue(marketplace + name, out var s)) return s;
        s = new Seller { Marketplace = marketplace, ShopKey = "/" + name.ToLowerInvariant(), Name = name, Url = $"https://{marketplace}.example/{name}", FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow };
        db.Sellers.Add(s);
        await db.SaveChangesAsync();
        return _sellers[marketplace + name] = s;
    }

    public async Task<Listing> ListingAsync(string marketplace, string productId, string title, string seller, ReviewStatus status,
        DateTime? decidedAt = null, string[]? imeis = null, string reviewer = "rina", bool evidence = true, long price = 150_000)
    {
        _run ??= db.CrawlRuns.Add(new CrawlRun { Marketplace = marketplace, Query = "unblock imei", Status = CrawlStatus.Succeeded, StartedAt = DateTime.UtcNow }).Entity;
        await db.SaveChangesAsync();
        var first = new DateTime(2026, 11, 1, 3, 0, 0, DateTimeKind.Utc);
        var listing = new Listing
        {
            Marketplace = marketplace, ProductId = productId, Title = title, SellerId = (await SellerAsync(marketplace, seller)).Id, PriceIdr = price,
            Url = $"https://www.{marketplace}.example/p/{productId}", FirstSeenAt = first, LastSeenAt = first.AddDays(3), SightingCount = 1,
            Flagged = status != ReviewStatus.Dismissed, Score = 0.97, ReviewStatus = status,
        };
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        var detection = new Data.Detection { ListingId = listing.Id, Score = 0.97, Flagged = true, Reasons = "phrase offering an IMEI service: 'unblock imei'\nclassifier 0.97", ModelVersion = "imei-offer-test01", DetectedAt = first };
        db.Detections.Add(detection);
        await db.SaveChangesAsync();
        listing.LatestDetectionId = detection.Id;
        foreach (var imei in imeis ?? [])
            db.ImeiMentions.Add(new ImeiMention { ListingId = listing.Id, Imei = imei, Status = imei.EndsWith('4') ? "bad-check-digit" : "valid", Tac = imei[..8], RawText = imei, FirstSeenAt = first });
        long? evidenceId = null;
        if (evidence)
        {
            var capture = await TestDb.EvidenceAt(dataDir).CaptureAsync(_run.Id, listing.Url, $"<html><h1>{productId}</h1></html>", Png, "ua", first.AddDays(1), default);
            db.Evidence.Add(capture);
            await db.SaveChangesAsync();
            evidenceId = capture.Id;
        }
        db.Sightings.Add(new Sighting { ListingId = listing.Id, CrawlRunId = _run.Id, Title = title, SeenAt = first.AddDays(1), EvidenceId = evidenceId });
        if (decidedAt is { } at)
        {
            // An earlier confirmation by someone else: the export must name the latest one.
            db.ReviewDecisions.Add(new ReviewDecision { ListingId = listing.Id, Before = ReviewStatus.Pending, After = ReviewStatus.Confirmed, Reviewer = "earlier", DecidedAt = at.AddHours(-5) });
            db.ReviewDecisions.Add(new ReviewDecision { ListingId = listing.Id, Before = ReviewStatus.NeedsInfo, After = status, Reviewer = reviewer, DecidedAt = at, Note = "checked" });
        }
        await db.SaveChangesAsync();
        return listing;
    }
}
