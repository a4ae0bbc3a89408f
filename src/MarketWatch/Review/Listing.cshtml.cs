using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Review.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MarketWatch.Review.Localisation;

namespace MarketWatch.Review;

public sealed record ImeiRow(string Imei, string Status, string Tac, string? Brand, string? Model, string Raw, List<OtherListing> Others);
public sealed record OtherListing(long Id, string Marketplace, string Title, string? Seller, ReviewStatus Status);
/// <param name="Box">Where this listing's card is on the capture's page screenshot; null when the whole image is the listing (old per-card captures, detail pages).</param>
public sealed record EvidenceRow(EvidenceCapture Capture, IReadOnlyList<string> Problems, EvidenceBox? Box);

/// <summary>One listing with everything a reviewer needs to decide, and the decision buttons.</summary>
public sealed class ListingModel(IDbContextFactory<MarketWatchDb> dbFactory, EvidenceStore evidence, IStringLocalizer<Text> t, Display show) : PageModel
{
    public Listing Listing { get; private set; } = null!;
    public Data.Detection? Detection { get; private set; }
    public List<ImeiRow> Imeis { get; private set; } = [];
    public List<EvidenceRow> Evidence { get; private set; } = [];
    public List<Sighting> Sightings { get; private set; } = [];
    public List<ReviewDecision> History { get; private set; } = [];
    public List<ContactMention> Contacts { get; private set; } = [];
    public (long Id, string Title)? RelistOf { get; private set; }
    public List<(long Id, string Title, string? Reason)> Relists { get; private set; } = [];
    public long? Previous { get; private set; }
    public long? Next { get; private set; }
    [TempData] public string? Message { get; set; }
    [TempData] public bool IsConflict { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var listing = await db.Listings.AsNoTracking().Include(l => l.Seller).Include(l => l.Imeis).FirstOrDefaultAsync(l => l.Id == id, ct);
        if (listing is null) return NotFound();
        Listing = listing;
        Detection = await db.Detections.AsNoTracking().FirstOrDefaultAsync(d => d.Id == listing.LatestDetectionId, ct);

        var tacs = listing.Imeis.Select(i => i.Tac).Distinct().ToList();
        var directory = await db.Tacs.AsNoTracking().Where(t => tacs.Contains(t.Tac)).ToDictionaryAsync(t => t.Tac, ct);
        foreach (var m in listing.Imeis.OrderBy(i => i.Status != "valid").ThenBy(i => i.Imei))
        {
            // The first 50 by id: an IMEI cloned thousands of times must not make this page read them all.
            var others = await (from o in db.ImeiMentions where o.Imei == m.Imei && o.ListingId != id
                                join l in db.Listings on o.ListingId equals l.Id
                                orderby o.ListingId
                                select new OtherListing(l.Id, l.Marketplace, l.Title, l.Seller == null ? null : l.Seller.Name, l.ReviewStatus)).Take(50).ToListAsync(ct);
            directory.TryGetValue(m.Tac, out var tac);
            Imeis.Add(new ImeiRow(m.Imei, m.Status, m.Tac, tac?.Brand, tac?.Model, m.RawText, others));
        }

        var boxes = (await db.Sightings.Where(s => s.ListingId == id && s.EvidenceId != null)
                .Select(s => new { EvidenceId = s.EvidenceId!.Value, s.BoxX, s.BoxY, s.BoxWidth, s.BoxHeight }).ToListAsync(ct))
            .GroupBy(s => s.EvidenceId)
            .ToDictionary(g => g.Key, g => g.Where(s => s.BoxX is not null).Select(s => new EvidenceBox(s.BoxX!.Value, s.BoxY!.Value, s.BoxWidth!.Value, s.BoxHeight!.Value)).FirstOrDefault());
        foreach (var capture in await db.Evidence.AsNoTracking().Where(e => boxes.Keys.Contains(e.Id)).OrderByDescending(e => e.CapturedAt).ToListAsync(ct))
            Evidence.Add(new EvidenceRow(capture, await evidence.VerifyAsync(capture, ct), boxes[capture.Id]));   // hashes checked on every view

        Sightings = await db.Sightings.AsNoTracking().Where(s => s.ListingId == id).OrderByDescending(s => s.SeenAt).Take(200).ToListAsync(ct);
        History = await db.ReviewDecisions.AsNoTracking().Where(d => d.ListingId == id).OrderByDescending(d => d.Id).ToListAsync(ct);
        Contacts = await db.Contacts.AsNoTracking().Where(c => c.ListingId == id).OrderBy(c => c.Kind).ThenBy(c => c.Value).ToListAsync(ct);
        if (listing.RelistOfListingId is { } of)
            RelistOf = await db.Listings.Where(l => l.Id == of).Select(l => new ValueTuple<long, string>(l.Id, l.Title)).FirstOrDefaultAsync(ct);
        Relists = (await db.Listings.AsNoTracking().Where(l => l.RelistOfListingId == id).Select(l => new { l.Id, l.Title, l.RelistReason }).ToListAsync(ct))
            .Select(l => (l.Id, l.Title, l.RelistReason)).ToList();
        (Previous, Next) = await Queue.NeighboursAsync(db, listing, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(long id, int version, string verb, string? note, long? next, CancellationToken ct)
    {
        if (!Decisions.Verbs.TryGetValue(verb ?? "", out var after)) return BadRequest($"unknown decision '{verb}'");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = await Decisions.DecideAsync(db, id, version, after, note, User.Actor(), ct);
        Message = DecisionText.Message(t, show, result);
        IsConflict = result.Outcome == DecisionOutcome.Conflict;
        if (result.Outcome == DecisionOutcome.NotFound) return NotFound();
        // Decided: on to the next listing of the queue, as a reviewer working through it expects.
        return result.Outcome == DecisionOutcome.Done && next is { } n ? RedirectToPage(new { id = n }) : RedirectToPage(new { id });
    }
}
