using MarketWatch.Data;
using MarketWatch.Exports;
using MarketWatch.Review;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Cases;

public sealed record DossierAccount(long SellerId, string Marketplace, string Name, string? Url, string? Location, int Listings);
public sealed record DossierContact(string Kind, string Value, int Listings);
public sealed record DossierImei(string Imei, string Tac, string? Brand, string? Model, int Listings);
public sealed record DossierLink(long ListingId, long? OtherListingId, string Kind, string Evidence, DateTime At);
/// <summary>Kind: first-seen, relisted, or a decision (confirmed, dismissed, needs-info, reopened).</summary>
public sealed record DossierEvent(DateTime At, string Kind, long ListingId, string Marketplace, string? By, string Text);
public sealed record DossierDecision(string Before, string After, string Reviewer, DateTime At, string? Note);
public sealed record DossierListing(long Id, string Marketplace, string ProductId, string Url, string Title, long? SellerId, string? Seller, long? PriceIdr,
    double Score, string ReviewStatus, DateTime FirstSeenAt, DateTime LastSeenAt, string? Reasons, DateTime? EvidenceCapturedAt, string? EvidenceHtmlSha256,
    string? EvidenceScreenshotSha256, string? EvidenceSnapshotSha256, IReadOnlyList<DossierDecision> Decisions);

/// <summary>
/// Everything known about one network, for the case page and for investigators (export case): its accounts per
/// marketplace, contacts, IMEIs with TAC brand/model, the links and their evidence, a timeline of listings and
/// decisions (a confirmation is what a takedown request is made from), and every listing with its evidence hashes.
/// </summary>
public sealed record Dossier(long CaseId, CaseSummary Summary, IReadOnlyList<DossierAccount> Accounts, IReadOnlyList<DossierContact> Contacts,
    IReadOnlyList<DossierImei> Imeis, IReadOnlyList<DossierLink> Links, IReadOnlyList<DossierEvent> Timeline, IReadOnlyList<DossierListing> Listings)
{
    public static readonly string[] ContactKinds = ["phone", "email", "handle"];

    /// <summary>The dossier of a live case; null when there is no such case (a merged one: ask <see cref="CaseQueue.LiveAsync"/> first).</summary>
    public static async Task<Dossier?> LoadAsync(MarketWatchDb db, long caseId, CancellationToken ct)
    {
        if (await CaseQueue.AllAsync(db, ct, caseId) is not [var summary]) return null;
        summary = (await CaseQueue.DescribeAsync(db, [summary], ct))[0];
        var rows = new List<TakedownRow>();
        await foreach (var row in ExportQueries.CaseListings(db, caseId).WithCancellation(ct)) rows.Add(row);
        var listings = await db.Listings.AsNoTracking().Where(l => l.CaseId == caseId)
            .Select(l => new { l.Id, l.SellerId, l.Score, l.ReviewStatus, l.RelistedAt, l.RelistReason, l.RelistOfListingId }).ToDictionaryAsync(l => l.Id, ct);
        var ids = listings.Keys.ToList();
        var decisions = (await db.ReviewDecisions.AsNoTracking().Where(d => ids.Contains(d.ListingId)).OrderBy(d => d.DecidedAt).ThenBy(d => d.Id).ToListAsync(ct))
            .ToLookup(d => d.ListingId);
        var links = await db.CaseLinks.AsNoTracking().Where(c => c.CaseId == caseId).OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(ct);

        var sellerIds = listings.Values.Select(l => l.SellerId).OfType<long>().Distinct().ToList();
        var accounts = (await db.Sellers.AsNoTracking().Where(s => sellerIds.Contains(s.Id)).ToListAsync(ct))
            .Select(s => new DossierAccount(s.Id, s.Marketplace, s.Name, s.Url, s.Location, listings.Values.Count(l => l.SellerId == s.Id)))
            .OrderBy(a => a.Marketplace).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var contacts = links.Where(c => ContactKinds.Contains(c.Kind)).GroupBy(c => (c.Kind, Value: c.Key[(c.Kind.Length + 1)..]))
            .Select(g => new DossierContact(g.Key.Kind, g.Key.Value, g.Select(c => c.ListingId).Distinct().Count()))
            .OrderByDescending(c => c.Listings).ThenBy(c => c.Kind).ThenBy(c => c.Value).ToList();
        var imeiRows = await db.ImeiMentions.AsNoTracking().Where(m => ids.Contains(m.ListingId) && m.Status == "valid")
            .GroupJoin(db.Tacs.AsNoTracking(), m => m.Tac, t => t.Tac, (m, t) => new { m, t }).SelectMany(x => x.t.DefaultIfEmpty(), (x, t) => new
            {
                x.m.Imei, x.m.Tac, x.m.ListingId, Brand = t == null ? null : t.Brand, Model = t == null ? null : t.Model,
            }).ToListAsync(ct);
        var imeis = imeiRows.GroupBy(i => i.Imei).Select(g => new DossierImei(g.Key, g.First().Tac, g.First().Brand, g.First().Model, g.Select(i => i.ListingId).Distinct().Count()))
            .OrderByDescending(i => i.Listings).ThenBy(i => i.Imei).ToList();

        var timeline = new List<DossierEvent>();
        foreach (var r in rows)
        {
            timeline.Add(new(r.FirstSeenAt, "first-seen", r.ListingId, r.Marketplace, r.SellerName, $"first seen: {r.Title}"));
            if (listings[r.ListingId] is { RelistedAt: { } at } l)
                timeline.Add(new(at, "relisted", r.ListingId, r.Marketplace, r.SellerName, l.RelistOfListingId is { } of ? $"relisting of listing {of}: {l.RelistReason}" : l.RelistReason ?? "relisted"));
            foreach (var d in decisions[r.ListingId])
                timeline.Add(new(d.DecidedAt, EventKind(d.After), r.ListingId, r.Marketplace,
                    d.Reviewer, $"{Decisions.Label(d.Before)} → {Decisions.Label(d.After)}" + (d.Note is null ? "" : $": {d.Note}")));
        }
        var items = rows.OrderByDescending(r => listings[r.ListingId].Score).ThenBy(r => r.ListingId).Select(r => new DossierListing(r.ListingId, r.Marketplace, r.ProductId, r.Url, r.Title,
            listings[r.ListingId].SellerId, r.SellerName, r.PriceIdr, listings[r.ListingId].Score, listings[r.ListingId].ReviewStatus.ToString(), r.FirstSeenAt, r.LastSeenAt,
            r.Reason, r.CapturedAt, r.HtmlSha256, r.ScreenshotSha256, r.SnapshotSha256,
            decisions[r.ListingId].Select(d => new DossierDecision(d.Before.ToString(), d.After.ToString(), d.Reviewer, d.DecidedAt, d.Note)).ToList())).ToList();
        return new Dossier(caseId, summary, accounts, contacts, imeis,
            links.Where(c => c.OtherListingId is not null).Select(c => new DossierLink(c.ListingId, c.OtherListingId, c.Kind, c.Evidence, c.At)).ToList(),
            timeline.OrderBy(e => e.At).ThenBy(e => e.ListingId).ToList(), items) { Rows = rows };
    }

    private static string EventKind(ReviewStatus after) => after switch
    {
        ReviewStatus.Confirmed => "confirmed", ReviewStatus.Dismissed => "dismissed", ReviewStatus.NeedsInfo => "needs-info", _ => "reopened",
    };

    /// <summary>The listings in the takedown shape (screenshot path, card box): what the PDF draws each listing page from.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<TakedownRow> Rows { get; init; } = [];
}
