using MarketWatch.Data;
using MarketWatch.Review.Auth;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

public enum DecisionOutcome { Done, Conflict, NotFound, Unchanged }

/// <param name="Message">In English, for the log and the command line; pages say it in the reader's language from the other fields.</param>
/// <param name="Status">The status now (Done, Unchanged) or the one someone else set (Conflict).</param>
/// <param name="By">Conflict: who decided first, and <paramref name="At"/> when.</param>
public sealed record DecisionResult(DecisionOutcome Outcome, long ListingId, string Message, ReviewStatus? Status = null, string? By = null, DateTime? At = null);

/// <summary>
/// A reviewer's decision on a listing. Optimistic: the reviewer decides on the version they saw; when
/// someone else decided in between, the update matches no row and the reviewer is told who and what,
/// instead of silently overwriting. The decision, the listing's status and the audit entry are one transaction.
/// </summary>
public static class Decisions
{
    public static readonly Dictionary<string, ReviewStatus> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["confirm"] = ReviewStatus.Confirmed, ["dismiss"] = ReviewStatus.Dismissed, ["needs-info"] = ReviewStatus.NeedsInfo, ["reopen"] = ReviewStatus.Pending,
    };

    public static string Label(ReviewStatus s) => s switch
    {
        ReviewStatus.Confirmed => "confirmed", ReviewStatus.Dismissed => "dismissed", ReviewStatus.NeedsInfo => "needs info", _ => "pending",
    };

    public static async Task<DecisionResult> DecideAsync(MarketWatchDb db, long listingId, int seenVersion, ReviewStatus after, string? note, string actor, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 2000)];
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = await db.Listings.AsNoTracking().Where(l => l.Id == listingId)
            .Select(l => new { l.ReviewStatus, l.ReviewVersion, l.ReviewedBy, l.ReviewedAt }).FirstOrDefaultAsync(ct);
        if (current is null) return new(DecisionOutcome.NotFound, listingId, $"listing {listingId} does not exist");
        if (current.ReviewVersion != seenVersion)
            return new(DecisionOutcome.Conflict, listingId,
                $"Listing {listingId} was decided by {current.ReviewedBy ?? "someone else"} at {current.ReviewedAt:yyyy-MM-dd HH:mm:ss} UTC " +
                $"({Label(current.ReviewStatus)}) after you opened it. Your decision was not saved; reload to see it and decide again if needed.",
                current.ReviewStatus, current.ReviewedBy, current.ReviewedAt);
        if (current.ReviewStatus == after && note is null) return new(DecisionOutcome.Unchanged, listingId, $"listing {listingId} is already {Label(after)}", after);

        var now = DateTime.UtcNow;
        // The version check is in the UPDATE itself: two reviewers racing cannot both match it.
        var updated = await db.Listings.Where(l => l.Id == listingId && l.ReviewVersion == seenVersion).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.ReviewStatus, after).SetProperty(l => l.ReviewVersion, seenVersion + 1)
            .SetProperty(l => l.ReviewedBy, actor).SetProperty(l => l.ReviewedAt, now), ct);
        if (updated == 0) return new(DecisionOutcome.Conflict, listingId, $"Listing {listingId} was decided by someone else a moment ago. Reload and decide again if needed.");
        db.ReviewDecisions.Add(new ReviewDecision { ListingId = listingId, Before = current.ReviewStatus, After = after, Note = note, Reviewer = actor, DecidedAt = now });
        Audit.Add(db, actor, "decide", $"listing {listingId}", Label(current.ReviewStatus), Label(after), note);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(DecisionOutcome.Done, listingId, $"listing {listingId}: {Label(after)}", after);
    }
}
