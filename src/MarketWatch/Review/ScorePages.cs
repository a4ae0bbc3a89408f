using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>One page of a list of listings, and how many rows come before it.</summary>
public sealed record ListPage<T>(List<T> Rows, int RowsBefore);

/// <summary>An order of listings that keyset paging can seek in: a sort key per row, then the id.</summary>
public interface IListOrder
{
    IQueryable<Listing> Ordered(IQueryable<Listing> q);
    IQueryable<Listing> After(IQueryable<Listing> q, Keyset k);
    IQueryable<Listing> Before(IQueryable<Listing> q, Keyset k);
    IQueryable<Listing> Backwards(IQueryable<Listing> q);
    /// <summary>A row's position in this order, from its score and id.</summary>
    Keyset KeyOf(double score, long id);
}

/// <summary>Highest risk first (the default queue and the seller page): index seeks on Score.</summary>
public sealed class RiskOrder : IListOrder
{
    public static readonly RiskOrder Instance = new();
    public IQueryable<Listing> Ordered(IQueryable<Listing> q) => ScorePages.Ordered(q);
    public IQueryable<Listing> After(IQueryable<Listing> q, Keyset k) => ScorePages.After(q, k);
    public IQueryable<Listing> Before(IQueryable<Listing> q, Keyset k) => ScorePages.Before(q, k);
    public IQueryable<Listing> Backwards(IQueryable<Listing> q) => q.OrderBy(l => l.Score).ThenByDescending(l => l.Id);
    public Keyset KeyOf(double score, long id) => new(score, id);
}

/// <summary>
/// Nearest the flag threshold first (issue 16: where a reviewer's decision teaches the model most). The key is the
/// distance |score - threshold|; it has no index, so this order sorts the rows it filters (a few percent of the
/// listings) instead of seeking, which the queue's own filters keep small.
/// </summary>
public sealed class UncertaintyOrder(double threshold) : IListOrder
{
    public IQueryable<Listing> Ordered(IQueryable<Listing> q) => q.OrderBy(l => l.Score >= threshold ? l.Score - threshold : threshold - l.Score).ThenBy(l => l.Id);
    public IQueryable<Listing> After(IQueryable<Listing> q, Keyset k) =>
        q.Where(l => (l.Score >= threshold ? l.Score - threshold : threshold - l.Score) > k.Score
            || ((l.Score >= threshold ? l.Score - threshold : threshold - l.Score) == k.Score && l.Id > k.Id));
    public IQueryable<Listing> Before(IQueryable<Listing> q, Keyset k) =>
        q.Where(l => (l.Score >= threshold ? l.Score - threshold : threshold - l.Score) < k.Score
            || ((l.Score >= threshold ? l.Score - threshold : threshold - l.Score) == k.Score && l.Id < k.Id));
    public IQueryable<Listing> Backwards(IQueryable<Listing> q) =>
        q.OrderByDescending(l => l.Score >= threshold ? l.Score - threshold : threshold - l.Score).ThenByDescending(l => l.Id);
    public Keyset KeyOf(double score, long id) => new(score >= threshold ? score - threshold : threshold - score, id);
}

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

    /// <summary>The page after or before a row (neither: the first page), projected by <paramref name="project"/>.</summary>
    public static Task<ListPage<T>> PageAsync<T>(IQueryable<Listing> q, Keyset? after, Keyset? before, int pageSize,
        Func<IQueryable<Listing>, IQueryable<T>> project, Func<T, Keyset> key, CancellationToken ct) =>
        PageAsync(RiskOrder.Instance, q, after, before, pageSize, project, key, ct);

    public static async Task<ListPage<T>> PageAsync<T>(IListOrder order, IQueryable<Listing> q, Keyset? after, Keyset? before, int pageSize,
        Func<IQueryable<Listing>, IQueryable<T>> project, Func<T, Keyset> key, CancellationToken ct)
    {
        List<T>? rows = null;
        if (before is { } b)
        {
            rows = await project(order.Backwards(order.Before(q, b)).Take(pageSize)).ToListAsync(ct);
            rows.Reverse();
            if (rows.Count < pageSize) rows = null;   // fewer rows before it than a page (some were decided since): the first page
        }
        else if (after is { } a) rows = await project(order.Ordered(order.After(q, a)).Take(pageSize)).ToListAsync(ct);
        rows ??= await project(order.Ordered(q).Take(pageSize)).ToListAsync(ct);
        var rowsBefore = rows.Count == 0 ? 0 : await order.Before(q, key(rows[0])).CountAsync(ct);
        return new ListPage<T>(rows, rowsBefore);
    }
}
