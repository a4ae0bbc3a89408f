using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// detect: every listing of the page through the run's detector. Detection is a pure function of its inputs;
/// what storage knows (the stored listings carrying the page's valid IMEIs, cloning evidence) is read here, in
/// one query for the whole page, and handed to it.
/// </summary>
public sealed class DetectStage : IPageStage
{
    public string Name => "detect";

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        if (page.Listings.Count == 0) return StageResult.Next;
        var texts = page.Listings.Select(Text).ToList();
        var known = await KnownImeisAsync(page.Db, texts.SelectMany(ValidImeis).ToHashSet(), ct);
        page.Detected = page.Listings.Select((l, i) => new Detected(l, page.Run.Detector.Detect(texts[i], Context(page, l, known)))).ToList();
        return StageResult.Next;
    }

    public static ListingText Text(ExtractedListing l) => new(l.Title, l.Description, l.PriceIdr);

    public static IEnumerable<string> ValidImeis(ListingText text) => Detector.ImeisOf(text).Where(i => i.Status == ImeiStatus.Valid).Select(i => i.Imei);

    public static DetectionContext Context(PageContext page, ExtractedListing listing, KnownImeis known) =>
        new(new ImeiHolder(page.Run.Profile.Name, listing.ProductId, Pipeline.ListingWriter.SellerKey(listing)), known);

    /// <summary>Every stored listing carrying one of the IMEIs, with its seller: one query however many IMEIs.</summary>
    public static async Task<KnownImeis> KnownImeisAsync(MarketWatchDb db, IReadOnlyCollection<string> imeis, CancellationToken ct)
    {
        if (imeis.Count == 0) return KnownImeis.None;
        var list = imeis.ToList();
        var rows = await db.ImeiMentions.Where(m => list.Contains(m.Imei))
            .Join(db.Listings, m => m.ListingId, l => l.Id, (m, l) => new { m.Imei, l.Marketplace, l.ProductId, ShopKey = l.Seller == null ? null : l.Seller.ShopKey })
            .ToListAsync(ct);
        return new KnownImeis(rows.GroupBy(r => r.Imei).ToDictionary(g => g.Key,
            g => (IReadOnlyList<ImeiHolder>)g.Select(r => new ImeiHolder(r.Marketplace, r.ProductId, r.ShopKey)).ToList()));
    }
}
