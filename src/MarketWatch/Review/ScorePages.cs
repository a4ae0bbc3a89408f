using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>One page of a list of listings, and how many rows come before it.</summary>
public sealed record ListPage<T>(List<T> Rows, int RowsBefore);

/// <summary>
/// Keyset paging over listings in risk order (Score descending, then Id), shared by the queue and the seller page.
/// A page seeks to the row it follows in an index instead of skipping the rows before it, so page 100 costs what
/// page 1 costs; links carry that row's score and id (<see cref="Keyset"/>).
/// </summary>
public static class ScorePages
{
    /// <summary>Highest risk first; ties by id so paging and j/k order are stable.</summary>
    public static IQueryable<Listing> Ordered(IQueryable<Listing> q) => q.OrderByDescending(l => l.Score).ThenBy(l => l.Id);

    // Each condition leads with a plain range on Score, which SQLite and PostgreSQL turn into an index seek.
    public static IQueryable<Listing> After(IQueryable<Listing> q, Keyset k) => q.Where(l => l.Score <= k.Score && (l.Score < k.Score || l.Id > k.Id));
    public static IQueryable<Listing> Before(IQueryable<Listing> q, Keyset k) => q.Where(l => l.Score >= k.Score && (l.Score > k.Score || l.Id < k.Id));
    private static IQueryable<Listing> Backwards(IQueryable<Listing> q) => q.OrderBy(l => l.Score).ThenByDescending(l => l.Id);

    /// <summary>The page after or before a row (neither: the first page), projected by <paramref name="project"/>.</summary>
    public static async Task<ListPage<T>> PageAsync<T>(IQueryable<Listing> q, Keyset? after, Keyset? before, int pageSize,
        Func<IQueryable<Listing>, IQueryable<T>> project, Func<T, Keyset> key, CancellationToken ct)
    {
        List<T>? rows = null;
        if (before is { } b)
        {
            rows = await project(Backwards(Before(q, b)).Take(pageSize)).ToListAsync(ct);
            rows.Reverse();
            if (rows.Count < pageSize) rows = null;   // fewer rows before it than a page (some were decided since): the first page
        }
        else if (after is { } a) rows = await project(Ordered(After(q, a)).Take(pageSize)).ToListAsync(ct);
        rows ??= await project(Ordered(q).Take(pageSize)).ToListAsync(ct);
        var rowsBefore = rows.Count == 0 ? 0 : await Before(q, key(rows[0])).CountAsync(ct);
        return new ListPage<T>(rows, rowsBefore);
    }
}
