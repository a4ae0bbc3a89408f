using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// dedupe: one card per listing (a sponsored card may repeat an organic one), and the stored versions of the
/// page's listings, read in one query: they tell new from changed from unchanged, and a known listing lends its
/// stored description to detection (a search card carries none).
/// </summary>
public sealed class DedupeStage : IPageStage
{
    public string Name => "dedupe";

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        var unique = page.Listings.DistinctBy(l => l.ProductId).ToList();
        if (unique.Count == 0) return StageResult.Next;
        var marketplace = page.Run.Profile.Name;
        var ids = unique.Select(l => l.ProductId).ToList();
        var known = await page.Db.Listings.AsNoTracking().Where(l => l.Marketplace == marketplace && ids.Contains(l.ProductId))
            .ToDictionaryAsync(l => l.ProductId, ct);
        page.Known = known;
        page.Listings = unique.Select(l => l.Description is null && known.TryGetValue(l.ProductId, out var k) ? l with { Description = k.Description } : l).ToList();
        return StageResult.Next;
    }
}
