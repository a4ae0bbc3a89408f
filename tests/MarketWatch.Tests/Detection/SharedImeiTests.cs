using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using MarketWatch.Pipeline;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Detection;

/// <summary>The same valid IMEI under two listings is recorded, raises the second's score and is listed as cloning evidence.</summary>
public class SharedImeiTests
{
    private static ExtractedListing Card(string id, string title, string shop) => new()
    {
        ProductId = id, Title = title, Url = $"https://www.tokopedia.com/{shop}/x-{id}", Shop = shop, PriceIdr = 500_000,
        Description = "Stok ready, IMEI 35-332011-951443-3",
    };

    [Fact]
    public async Task Second_listing_with_the_same_imei_gets_cloning_evidence()
    {
        await using var store = await TestDb.CreateAsync();
        await using var db = store.Open();
        var pipeline = new ListingPipeline(new Detector(new DetectionOptions()));
        var run = new CrawlRun { Marketplace = "tokopedia", Query = "imei", Status = CrawlStatus.Running, StartedAt = DateTime.UtcNow };
        run.Pages.Add(new CrawlPage { PageNumber = 1, Url = "u1" });
        run.Pages.Add(new CrawlPage { PageNumber = 2, Url = "u2" });
        db.CrawlRuns.Add(run);
        await db.SaveChangesAsync();

        var first = pipeline.Detect(db, "tokopedia", [Card("1", "Stok HP inter", "shop-a")]);
        Assert.DoesNotContain(first[0].Detection.Reasons, r => r.Contains("cloning"));
        await pipeline.StoreAsync(db, "tokopedia", run.Id, run.Pages[0], first, new Dictionary<string, EvidenceCapture>(), default);

        var second = pipeline.Detect(db, "tokopedia", [Card("2", "Stok HP inter", "shop-b")]);
        Assert.Contains(second[0].Detection.Reasons, r => r.Contains("IMEI 353320119514433 is also offered in 1 other listing(s), 1 of them by other sellers"));
        Assert.True(second[0].Detection.Score > first[0].Detection.Score);
        await pipeline.StoreAsync(db, "tokopedia", run.Id, run.Pages[1], second, new Dictionary<string, EvidenceCapture>(), default);

        var shared = Assert.Single(await MarketWatch.Cli.ImeisCommand.QueryAsync(db, onlyShared: true, default));
        Assert.Equal(("353320119514433", 2, 2), (shared.Imei, shared.Listings, shared.Sellers));
        Assert.All(await db.ImeiMentions.ToListAsync(), m => Assert.Equal("35-332011-951443-3", m.RawText));
        // The second listing is recorded as the first one's offer put up again.
        var relisted = await db.Listings.SingleAsync(l => l.ProductId == "2");
        Assert.Equal((await db.Listings.SingleAsync(l => l.ProductId == "1")).Id, relisted.RelistOfListingId);
        Assert.Contains("same IMEI 353320119514433", relisted.RelistReason);
    }
}
