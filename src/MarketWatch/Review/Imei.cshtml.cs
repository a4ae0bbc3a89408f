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
    public const int Shown = 200;
    public List<ImeiListing> Listings { get; private set; } = [];
    public int Total { get; private set; }
    public int Sellers { get; private set; }

    public async Task<IActionResult> OnGetAsync(string imei, CancellationToken ct)
    {
        var digits = new string(imei.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 15) return BadRequest("an IMEI has 15 digits");
        Imei = digits;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mentions = db.ImeiMentions.Where(m => m.Imei == digits).Join(db.Listings, m => m.ListingId, l => l.Id, (m, l) => new { m, l });
        Total = await mentions.CountAsync(ct);
        Sellers = await mentions.Where(x => x.l.SellerId != null).Select(x => x.l.SellerId).Distinct().CountAsync(ct);
        // The first sightings tell the story; an IMEI cloned thousands of times shows its first Shown, with the counts over all.
        Listings = await mentions.OrderBy(x => x.m.FirstSeenAt).ThenBy(x => x.l.Id).Take(Shown)
            .Select(x => new ImeiListing(x.l.Id, x.l.Marketplace, x.l.Title, x.l.SellerId, x.l.Seller == null ? null : x.l.Seller.Name,
                x.l.ReviewStatus, x.l.Score, x.m.RawText, x.m.FirstSeenAt))
            .ToListAsync(ct);
        Status = await db.ImeiMentions.Where(m => m.Imei == digits).Select(m => m.Status).FirstOrDefaultAsync(ct);
        Tac = await db.Tacs.AsNoTracking().FirstOrDefaultAsync(t => t.Tac == digits.Substring(0, 8), ct);
        return Page();
    }
}
