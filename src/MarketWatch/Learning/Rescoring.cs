using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Learning;

public sealed record RescoreSummary(int Listings, int NowFlagged, int NoLongerFlagged);

/// <summary>
/// After a change of champion, every pending listing (not yet decided) is detected again with the new model:
/// a new detection row naming the model, and the listing's flag and score updated. A listing whose flag
/// changes says so in its reasons, with the score before and after, so a reviewer sees why it (dis)appeared.
/// </summary>
public static class Rescoring
{
    private const int Batch = 500;

    public static async Task<RescoreSummary> RunAsync(MarketWatchDb db, Detector detector, string why, CancellationToken ct)
    {
        int count = 0, flagged = 0, unflagged = 0;
        long after = 0;
        while (true)
        {
            var batch = await db.Listings.Where(l => l.ReviewStatus == ReviewStatus.Pending && l.Id > after).OrderBy(l => l.Id).Take(Batch)
                .Select(l => new { l.Id, l.Marketplace, l.ProductId, l.Title, l.Description, l.PriceIdr, l.Flagged, l.Score, ShopKey = l.Seller == null ? null : l.Seller.ShopKey })
                .ToListAsync(ct);
            if (batch.Count == 0) break;
            after = batch[^1].Id;
            var ids = batch.Select(l => l.Id).ToList();
            // Who else offers the same valid IMEIs: the cloning evidence detection weighs, read once per batch.
            var imeis = await db.ImeiMentions.Where(m => ids.Contains(m.ListingId) && m.Status == "valid").Select(m => m.Imei).Distinct().ToListAsync(ct);
            var known = new KnownImeis((await db.ImeiMentions.Where(m => imeis.Contains(m.Imei))
                    .Join(db.Listings, m => m.ListingId, l => l.Id, (m, l) => new { m.Imei, l.Marketplace, l.ProductId, ShopKey = l.Seller == null ? null : l.Seller.ShopKey })
                    .ToListAsync(ct))
                .GroupBy(h => h.Imei).ToDictionary(g => g.Key, g => (IReadOnlyList<ImeiHolder>)g.Select(h => new ImeiHolder(h.Marketplace, h.ProductId, h.ShopKey)).ToList()));
            var now = DateTime.UtcNow;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var rows = new List<(long ListingId, Data.Detection Row)>();
            foreach (var l in batch)
            {
                var context = new DetectionContext(new ImeiHolder(l.Marketplace, l.ProductId, l.ShopKey), known);
                var result = detector.Detect(new ListingText(l.Title, l.Description, l.PriceIdr), context);
                var reasons = result.Reasons.ToList();
                if (result.Flagged != l.Flagged)
                {
                    reasons.Insert(0, $"{(result.Flagged ? "now flagged" : "no longer flagged")}: {why}; score {l.Score:0.00} before, {result.Score:0.00} now");
                    if (result.Flagged) flagged++; else unflagged++;
                }
                rows.Add((l.Id, new Data.Detection
                {
                    ListingId = l.Id, Score = result.Score, Flagged = result.Flagged, Reasons = string.Join('\n', reasons),
                    ModelVersion = result.ModelVersion, DetectedAt = now,
                }));
            }
            db.Detections.AddRange(rows.Select(r => r.Row));
            await db.SaveChangesAsync(ct);
            foreach (var (listingId, row) in rows)
                await db.Listings.Where(l => l.Id == listingId).ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.Flagged, row.Flagged).SetProperty(l => l.Score, row.Score).SetProperty(l => l.LatestDetectionId, row.Id), ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            count += batch.Count;
        }
        // Listings flagged now join their networks (issue 18), as if their page had just been stored.
        if (flagged > 0) await Cases.CaseUpkeep.BackfillAsync(db, ct);
        return new RescoreSummary(count, flagged, unflagged);
    }
}
