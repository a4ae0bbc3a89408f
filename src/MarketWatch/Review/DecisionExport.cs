using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>
/// Reviewer decisions as labelled data for `train` and `evaluate`: confirmed = 1 (an illegal IMEI offer),
/// dismissed = 0; undecided and "needs info" listings carry no label and are left out. The listing's
/// current text is what the reviewer saw last. Columns past the first four are context for analysts.
/// Written by the Exporter like every export (temporary file, formula guard, manifest).
/// </summary>
public static class DecisionExport
{
    public static readonly string[] Columns = ["title", "description", "price_idr", "label", "marketplace", "product_id", "listing_id", "reviewer", "decided_at", "url"];

    public static IAsyncEnumerable<object?[]> Rows(MarketWatchDb db, DateTime? sinceUtc)
    {
        var q = db.Listings.AsNoTracking().Where(l => l.ReviewStatus == ReviewStatus.Confirmed || l.ReviewStatus == ReviewStatus.Dismissed);
        if (sinceUtc is { } s) q = q.Where(l => l.ReviewedAt >= s);
        return q.OrderBy(l => l.Id)
            .Select(l => new object?[] { l.Title, l.Description, l.PriceIdr, l.ReviewStatus == ReviewStatus.Confirmed ? 1 : 0, l.Marketplace, l.ProductId, l.Id, l.ReviewedBy, l.ReviewedAt, l.Url })
            .AsAsyncEnumerable();
    }
}
