using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

public sealed record SellerListing(long Id, string Marketplace, string Title, long? PriceIdr, double Score, bool Flagged, ReviewStatus Status, DateTime FirstSeenAt, DateTime LastSeenAt);

/// <summary>A seller: every listing, the confirmed count, a risk score and the accounts linked to it.</summary>
public sealed class SellerModel(IDbContextFactory<MarketWatchDb> dbFactory) : PageModel
{
    public Seller Seller { get; private set; } = null!;
    public List<SellerListing> Listings { get; private set; } = [];
    public List<LinkedSeller> Linked { get; private set; } = [];
    public List<ContactMention> Contacts { get; private set; } = [];
    public double Risk { get; private set; }
    public int Confirmed => Listings.Count(l => l.Status == ReviewStatus.Confirmed);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seller = await db.Sellers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (seller is null) return NotFound();
        Seller = seller;
        Listings = await db.Listings.AsNoTracking().Where(l => l.SellerId == id).OrderByDescending(l => l.Score).ThenBy(l => l.Id)
            .Select(l => new SellerListing(l.Id, l.Marketplace, l.Title, l.PriceIdr, l.Score, l.Flagged, l.ReviewStatus, l.FirstSeenAt, l.LastSeenAt))
            .ToListAsync(ct);
        Risk = SellerProfile.Risk(Listings.Select(l => (l.Status, l.Score)));
        Contacts = (await db.Contacts.AsNoTracking().Join(db.Listings, c => c.ListingId, l => l.Id, (c, l) => new { c, l.SellerId })
            .Where(x => x.SellerId == id).Select(x => x.c).ToListAsync(ct)).DistinctBy(c => (c.Kind, c.Value)).OrderBy(c => c.Kind).ThenBy(c => c.Value).ToList();
        Linked = await SellerProfile.LinkedAsync(db, id, ct);
        return Page();
    }
}
