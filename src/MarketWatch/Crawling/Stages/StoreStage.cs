using MarketWatch.Data;
using MarketWatch.Pipeline;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// store: opens the page's transaction and writes everything the page produced: evidence rows, listings with their
/// sightings, IMEIs and detections (<see cref="ListingWriter"/>), refused links, and the page's own status. The
/// account stage counts the page and commits; a killed process leaves the page wholly stored or still pending.
/// </summary>
public sealed class StoreStage : IPageStage
{
    public string Name => "store";
    public bool RunsWhenSettled => true;

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        var (db, now) = (page.Db, DateTime.UtcNow);
        var tx = await db.Database.BeginTransactionAsync(ct);
        page.Defer(tx.DisposeAsync);   // rolls back unless the account stage committed
        page.Transaction = tx;
        await Database.LockForWriteAsync(db, page.Run.Profile.Name, ct);   // PostgreSQL: one writer per marketplace, as on SQLite
        // Case upkeep may merge networks across marketplaces (moving other marketplaces' listings): its lock is taken
        // before this page touches a row, so two pages never hold rows the other's merge needs (a deadlock).
        await Database.LockForWriteAsync(db, Cases.CaseUpkeep.LockName, ct);
        // Fencing: a node that lost the run's lease (it stalled past the lease period) must not commit a page the
        // run's new owner may be crawling too. Checked inside the page's transaction, so it holds until the commit.
        if (!await RunLease.HeldAsync(db, page.Run.RunId, ct))
            throw new RunLeasedException($"run {page.Run.RunId}: this node no longer holds its lease; page {page.Page.PageNumber} is left to the run's owner");
        foreach (var capture in page.Evidence.Values.Select(e => e.Capture).Append(page.PageEvidence).Concat(page.ResponseEvidence).OfType<EvidenceCapture>().Distinct())
            if (db.Entry(capture).State == Microsoft.EntityFrameworkCore.EntityState.Detached) db.Evidence.Add(capture);
        await db.SaveChangesAsync(ct);   // sightings below point at the captures

        if (!page.Settled)
        {
            var outcome = await ListingWriter.WriteAsync(db, page.Run.Profile.Name, page.Run.RunId, page.Page.PageNumber, page.Detected, page.Evidence, now, ct);
            (page.Tally.New, page.Tally.Changed, page.Tally.Unchanged, page.Tally.Flagged) = (outcome.New, outcome.Changed, outcome.Unchanged, outcome.Flagged);
        }
        page.Tally.Status = page.Status ?? PageStatus.Done;
        page.Page.Status = page.Tally.Status;
        page.Page.Error = page.Error;
        page.Page.ListingCount = page.Detected.Count;
        page.Page.FetchedAt = now;
        await db.SaveChangesAsync(ct);
        return StageResult.Next;
    }
}
