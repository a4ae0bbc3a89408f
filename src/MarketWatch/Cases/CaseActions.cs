using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Review.Auth;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Cases;

/// <summary>What a decision on a case did: one result per listing, as the queue's bulk decision reports them.</summary>
public sealed record CaseDecision(long CaseId, IReadOnlyList<DecisionResult> Results)
{
    public int Done => Results.Count(r => r.Outcome == DecisionOutcome.Done);
    public IReadOnlyList<long> Conflicts => Results.Where(r => r.Outcome == DecisionOutcome.Conflict).Select(r => r.ListingId).ToList();
}

/// <summary>
/// A reviewer's actions on a case. Deciding goes through the one decision path (Review/Decisions.cs) listing by
/// listing, each on the version the reviewer saw, so each listing gets its own decision row, audit entry and conflict
/// check: a case decision is a convenience, never a second kind of decision. Splitting is the only way a case parts.
/// </summary>
public static class CaseActions
{
    /// <summary>Decides the given listings (id and the version seen) of the case; listings no longer in the case are refused, not decided.</summary>
    public static async Task<CaseDecision> DecideAsync(MarketWatchDb db, long caseId, IReadOnlyList<(long Id, int Version)> seen, ReviewStatus after, string? note,
        string actor, CancellationToken ct)
    {
        var ids = seen.Select(s => s.Id).ToList();
        var inCase = (await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id) && l.CaseId == caseId).Select(l => l.Id).ToListAsync(ct)).ToHashSet();
        var results = new List<DecisionResult>();
        foreach (var (id, version) in seen.DistinctBy(s => s.Id))
            results.Add(inCase.Contains(id) ? await Decisions.DecideAsync(db, id, version, after, note, actor, ct)
                : new DecisionResult(DecisionOutcome.NotFound, id, $"listing {id} is not in case {caseId}"));
        return new CaseDecision(caseId, results);
    }

    /// <summary>
    /// Moves the chosen listings (and their links) out into a new case, recorded in the audit log with the reviewer's
    /// note; the two cases are never merged again by upkeep. Returns the new case's id, or null when nothing would move
    /// (no chosen listing in the case, or every one of them: that is not a split).
    /// </summary>
    public static async Task<long?> SplitAsync(MarketWatchDb db, long caseId, IReadOnlyList<long> listingIds, string? note, string actor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Database.LockForWriteAsync(db, CaseUpkeep.LockName, ct);
        var members = await db.Listings.Where(l => l.CaseId == caseId).Select(l => l.Id).ToListAsync(ct);
        var moving = members.Intersect(listingIds).ToList();
        if (moving.Count == 0 || moving.Count == members.Count) return null;
        var now = DateTime.UtcNow;
        var split = new Case { CreatedAt = now, SplitFromId = caseId };
        db.Cases.Add(split);
        await db.SaveChangesAsync(ct);
        await db.Listings.Where(l => l.CaseId == caseId && moving.Contains(l.Id)).ExecuteUpdateAsync(s => s.SetProperty(l => l.CaseId, split.Id), ct);
        await db.CaseLinks.Where(c => c.CaseId == caseId && moving.Contains(c.ListingId)).ExecuteUpdateAsync(s => s.SetProperty(c => c.CaseId, split.Id), ct);
        db.CaseSplits.Add(new CaseSplit { CaseId = caseId, OtherCaseId = split.Id, By = actor, At = now });
        Audit.Add(db, actor, "case-split", $"case {caseId}", $"{members.Count} listings",
            $"case {split.Id}: listings {string.Join(", ", moving.Order())}", string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 2000)]);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return split.Id;
    }
}
