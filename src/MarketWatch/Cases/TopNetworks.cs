using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Cases;

/// <summary>A network on the dashboard: the case, and the listings it put up after its first confirmation (a takedown request's basis).</summary>
public sealed record NetworkRow(CaseSummary Case, DateTime? FirstConfirmedAt, int RecurredAfter);

/// <summary>The dashboard's networks: most open listings, and most listings put up again after a takedown.</summary>
public static class TopNetworks
{
    public static async Task<(List<NetworkRow> ByOpen, List<NetworkRow> ByRecurrence)> ReadAsync(MarketWatchDb db, int take, CancellationToken ct)
    {
        var all = await CaseQueue.AllAsync(db, ct);
        // From the confirmed members (the case index) to their decisions (by listing): never a pass over all decisions.
        var firsts = (await db.Listings.AsNoTracking().Where(l => l.CaseId != null && l.ReviewStatus == ReviewStatus.Confirmed)
                .Select(l => new
                {
                    CaseId = l.CaseId!.Value,
                    First = db.ReviewDecisions.Where(d => d.ListingId == l.Id && d.After == ReviewStatus.Confirmed).Min(d => (DateTime?)d.DecidedAt),
                }).ToListAsync(ct))
            .Where(x => x.First is not null).GroupBy(x => x.CaseId).ToDictionary(g => g.Key, g => g.Min(x => x.First!.Value));
        var ids = firsts.Keys.ToList();
        var seen = (ids.Count == 0 ? [] : await db.Listings.AsNoTracking().Where(l => l.CaseId != null && ids.Contains(l.CaseId.Value))
            .Select(l => new { CaseId = l.CaseId!.Value, l.FirstSeenAt }).ToListAsync(ct)).ToLookup(l => l.CaseId);
        NetworkRow Row(CaseSummary c) => firsts.TryGetValue(c.Id, out var first)
            ? new NetworkRow(c, first, seen[c.Id].Count(l => l.FirstSeenAt > first)) : new NetworkRow(c, null, 0);
        var byOpen = all.Where(c => c.Open > 0).OrderByDescending(c => c.Open).ThenByDescending(c => c.Risk).ThenBy(c => c.Id).Take(take).Select(Row).ToList();
        var byRecurrence = all.Where(c => firsts.ContainsKey(c.Id)).Select(Row).Where(r => r.RecurredAfter > 0)
            .OrderByDescending(r => r.RecurredAfter).ThenBy(r => r.Case.Id).Take(take).ToList();
        var described = (await CaseQueue.DescribeAsync(db, byOpen.Concat(byRecurrence).Select(r => r.Case).DistinctBy(c => c.Id).ToList(), ct)).ToDictionary(c => c.Id);
        return (byOpen.Select(r => r with { Case = described[r.Case.Id] }).ToList(), byRecurrence.Select(r => r with { Case = described[r.Case.Id] }).ToList());
    }
}
