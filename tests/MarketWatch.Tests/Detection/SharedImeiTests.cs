using MarketWatch.Crawling.Stages;
using MarketWatch.Data;
using MarketWatch.Tests.Crawling.Stages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Detection;

/// <summary>The same valid IMEI under two listings is recorded, raises the second's score and is listed as cloning evidence.</summary>
public class SharedImeiTests
{
    private const string Description = "Stok ready, IMEI 35-332011-951443-3";

    // The detect, store and account stages of one page, as the pipeline runs them.
    private static async Task<PageContext> StoreAsync(StageHarness h, int pageNumber, params MarketWatch.Marketplaces.ExtractedListing[] cards)
    {
        await using var db = h.Open();
        var page = h.Page(pageNumber, db);
        page.Listings = cards;
        await new DetectStage().RunAsync(page, default);
        await new StoreStage().RunAsync(page, default);
        await new AccountStage().RunAsync(page, default);
        await page.CleanupAsync();
        return page;
    }

    [Fact]
    public async Task Second_listing_with_the_same_imei_gets_cloning_evidence()
    {
        await using var h = await StageHarness.CreateAsync();
        var first = await StoreAsync(h, 1, StageHarness.Card("1", "Stok HP inter", "shop-a", Description));
        Assert.DoesNotContain(first.Detected[0].Detection.Reasons, r => r.Contains("cloning"));

        var second = await StoreAsync(h, 2, StageHarness.Card("2", "Stok HP inter", "shop-b", Description));
        Assert.Contains(second.Detected[0].Detection.Reasons, r => r.Contains("IMEI 353320119514433 is also offered in 1 other listing(s), 1 of them by other sellers"));
        Assert.True(second.Detected[0].Detection.Score > first.Detected[0].Detection.Score);

        await using var db = h.Open();
        var shared = Assert.Single(await MarketWatch.Cli.ImeisCommand.QueryAsync(db, onlyShared: true, default));
        Assert.Equal(("353320119514433", 2, 2), (shared.Imei, shared.Listings, shared.Sellers));
        Assert.All(await db.ImeiMentions.ToListAsync(), m => Assert.Equal("35-332011-951443-3", m.RawText));
        // The second listing is recorded as the first one's offer put up again.
        var relisted = await db.Listings.SingleAsync(l => l.ProductId == "2");
        Assert.Equal((await db.Listings.SingleAsync(l => l.ProductId == "1")).Id, relisted.RelistOfListingId);
        Assert.Contains("same IMEI 353320119514433", relisted.RelistReason);
    }

    [Fact]
    public async Task A_listing_seen_again_is_not_its_own_clone()
    {
        await using var h = await StageHarness.CreateAsync();
        await StoreAsync(h, 1, StageHarness.Card("1", "Stok HP inter", "shop-a", Description));
        var again = await StoreAsync(h, 2, StageHarness.Card("1", "Stok HP inter", "shop-a", Description));
        Assert.DoesNotContain(again.Detected[0].Detection.Reasons, r => r.Contains("cloning"));
    }
}
