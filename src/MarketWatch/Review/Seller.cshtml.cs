using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

public sealed record SellerListing(long Id, string Marketplace, string Title, long? PriceIdr, double Score, bool Flagged, ReviewStatus Status, DateTime FirstSeenAt, DateTime LastSeenAt)
{
    public Keyset Key => new(Score, Id);
}

/// <summary>A seller: its listings a page at a time, the confirmed count, a risk score and the accounts linked to it.</summary>
public sealed class SellerModel(IDbContextFactory<MarketWatchDb> dbFactory, ReviewOptions options) : PageModel
{
    public Seller Seller { get; private set; } = null!;
    public ListPage<SellerListing> Listings { get; private set; } = new([], 0);
    public List<LinkedSeller> Linked { get; private set; } = [];
    public List<(string Kind, string Value)> Contacts { get; private set; } = [];
    public double Risk { get; private set; }
    public int Total { get; private set; }
    public int Confirmed { get; private set; }
    public int PageSize => options.PageSize;
    public Keyset? After { get; private set; }
    public Keyset? Before { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var query = new QueryReader(Request.Query, Localisation.Text.For(HttpContext));
        (After, Before) = (query.Cursor("after"), query.Cursor("before"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seller = await db.Sellers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (seller is null) return NotFound();
        Seller = seller;
        if ((Errors = query.Errors).Count > 0) return Page().AsBadRequest();

        // Counts per status from the covering seller index. One confirmed listing makes the risk certain; otherwise it
        // needs the score of every undecided listing (dismissed ones count for nothing).
        var counts = await db.Listings.Where(l => l.SellerId == id).GroupBy(l => l.ReviewStatus).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        (Total, Confirmed) = (counts.Sum(c => c.Count), counts.FirstOrDefault(c => c.Key == ReviewStatus.Confirmed)?.Count ?? 0);
        Risk = Confirmed > 0 ? 1 : SellerProfile.Risk((await db.Listings
            .Where(l => l.SellerId == id && (l.ReviewStatus == ReviewStatus.Pending || l.ReviewStatus == ReviewStatus.NeedsInfo))
            .Select(l => l.Score).ToListAsync(ct)).Select(score => (ReviewStatus.Pending, score)));
        Listings = await ScorePages.PageAsync(db.Listings.AsNoTracking().Where(l => l.SellerId == id), After, Before, PageSize,
            q => q.Select(l => new SellerListing(l.Id, l.Marketplace, l.Title, l.PriceIdr, l.Score, l.Flagged, l.ReviewStatus, l.FirstSeenAt, l.LastSeenAt)),
            l => l.Key, ct);
        Contacts = await SellerProfile.ContactsAsync(db, id, ct);
        Linked = await SellerProfile.LinkedAsync(db, id, ct);
        return Page();
    }
}
