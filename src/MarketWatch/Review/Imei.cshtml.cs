using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

public sealed record ImeiListing(long Id, string Marketplace, string Title, long? SellerId, string? Seller, ReviewStatus Status, double Score, string RawText, DateTime FirstSeenAt);

/// <summary>One IMEI: every listing and seller where it appeared. One number under many sellers is cloning.</summary>
public sealed class ImeiModel(IDbContextFactory<MarketWatchDb> dbFactory) : PageModel
{
    public string Imei { get; private set; } = "";
    public string? Status { get; private set; }
    public TacEntry? Tac { get; private set; }
    public List<ImeiListing> Listings { get; private set; } = [];
    public int Sellers => Listings.Where(l => l.SellerId is not null).Select(l => l.SellerId).Distinct().Count();

    public async Task<IActionResult> OnGetAsync(string imei, CancellationToken ct)
    {
        var digits = new string(imei.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 15) return BadRequest("an IMEI has 15 digits");
        Imei = digits;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Listings = await db.ImeiMentions.Where(m => m.Imei == digits).Join(db.Listings, m => m.ListingId, l => l.Id, (m, l) => new { m, l })
            .OrderBy(x => x.m.FirstSeenAt)
            .Select(x => new ImeiListing(x.l.Id, x.l.Marketplace, x.l.Title, x.l.SellerId, x.l.Seller == null ? null : x.l.Seller.Name,
                x.l.ReviewStatus, x.l.Score, x.m.RawText, x.m.FirstSeenAt))
            .ToListAsync(ct);
        Status = await db.ImeiMentions.Where(m => m.Imei == digits).Select(m => m.Status).FirstOrDefaultAsync(ct);
        Tac = await db.Tacs.AsNoTracking().FirstOrDefaultAsync(t => t.Tac == digits.Substring(0, 8), ct);
        return Page();
    }
}
