using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>
/// Reviewer decisions as labelled data for `train` and `evaluate`: confirmed = 1 (an illegal IMEI offer),
/// dismissed = 0; undecided and "needs info" listings carry no label and are left out. The listing's
/// current text is what the reviewer saw last. Columns past the first four are context for analysts.
/// </summary>
public static class DecisionExport
{
    public static readonly string[] Header = ["title", "description", "price_idr", "label", "marketplace", "product_id", "listing_id", "reviewer", "decided_at", "url"];

    public static async Task<int> WriteAsync(MarketWatchDb db, TextWriter output, DateTime? since, CancellationToken ct)
    {
        CsvWriter.WriteRecord(output, Header);
        var q = db.Listings.AsNoTracking().Where(l => l.ReviewStatus == ReviewStatus.Confirmed || l.ReviewStatus == ReviewStatus.Dismissed);
        if (since is { } s) q = q.Where(l => l.ReviewedAt >= s);
        var rows = 0;
        await foreach (var l in q.OrderBy(l => l.Id).Select(l => new { l.Title, l.Description, l.PriceIdr, l.ReviewStatus, l.Marketplace, l.ProductId, l.Id, l.ReviewedBy, l.ReviewedAt, l.Url })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            // Seller text is guarded against spreadsheet formulas like every export; `train` reads it back literally.
            CsvWriter.WriteRecord(output, [MarketWatch.Exports.FormulaGuard.Neutralise(l.Title), l.Description is null ? null : MarketWatch.Exports.FormulaGuard.Neutralise(l.Description),
                l.PriceIdr?.ToString(), l.ReviewStatus == ReviewStatus.Confirmed ? "1" : "0",
                l.Marketplace, l.ProductId, l.Id.ToString(), MarketWatch.Exports.FormulaGuard.Neutralise(l.ReviewedBy ?? ""), l.ReviewedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                MarketWatch.Exports.FormulaGuard.Neutralise(l.Url)]);
            rows++;
        }
        return rows;
    }
}
