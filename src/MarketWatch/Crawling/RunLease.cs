using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Crawling;

/// <summary>Section "Crawl:RunLease".</summary>
public sealed class RunLeaseOptions
{
    /// <summary>How long a run stays a node's after its last renewal. Renewed every third of it while the node crawls.</summary>
    public int Seconds { get; set; } = 30;
}

public sealed class RunLeasedException(string message) : Exception(message);

/// <summary>
/// A crawl run belongs to one node at a time: the node that holds its lease (CrawlRuns.LeaseOwner, LeaseUntil)
/// and keeps renewing it. A node that dies stops renewing, so its run is free again within one lease period and
/// the next node to start it resumes it. A node that cannot renew in time (its lease taken, the database gone)
/// stops crawling the run: <see cref="Lost"/> is cancelled. Times are the database's clock (Database.NowAsync),
/// so nodes on several machines agree on them.
/// </summary>
public sealed class RunLease : IAsyncDisposable
{
    /// <summary>This process, as named in LeaseOwner: machine, process id and a random part (pids are reused).</summary>
    public static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    private readonly IDbContextFactory<MarketWatchDb> _dbFactory;
    private readonly TimeSpan _period;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _lost = new(), _stop = new();
    private readonly Task _renewing;
    private int _disposed;

    public long RunId { get; }
    public CancellationToken Lost => _lost.Token;

    private RunLease(IDbContextFactory<MarketWatchDb> dbFactory, long runId, TimeSpan period, ILogger log)
    {
        (_dbFactory, RunId, _period, _log) = (dbFactory, runId, period, log);
        _renewing = RenewAsync();
    }

    /// <summary>
    /// Takes the run's lease, waiting out one held by another node (at most two lease periods: a live owner
    /// keeps renewing, a dead one stops). Throws <see cref="RunLeasedException"/> when the run stays taken.
    /// </summary>
    public static async Task<RunLease> TakeAsync(IDbContextFactory<MarketWatchDb> dbFactory, long runId, RunLeaseOptions options, ILogger log, CancellationToken ct)
    {
        var period = TimeSpan.FromSeconds(options.Seconds);
        var deadline = DateTime.UtcNow + 2 * period;
        while (true)
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var now = await Database.NowAsync(db, ct);
                var until = now + period;
                // One statement decides: two nodes racing for a free run cannot both match it. An interrupted run (its node
                // stopped gracefully and let go of it) is free, and taking it makes it running again.
                var taken = await db.CrawlRuns.Where(r => r.Id == runId && (r.Status == CrawlStatus.Running || r.Status == CrawlStatus.Interrupted)
                        && (r.LeaseOwner == null || r.LeaseOwner == Node || r.LeaseUntil == null || r.LeaseUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, Node).SetProperty(r => r.LeaseUntil, until)
                        .SetProperty(r => r.Status, CrawlStatus.Running), ct);
                if (taken == 1) return new RunLease(dbFactory, runId, period, log);
                var holder = await db.CrawlRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.LeaseOwner, r.LeaseUntil, r.Status }).SingleAsync(ct);
                if (holder.Status is not (CrawlStatus.Running or CrawlStatus.Interrupted)) throw new RunLeasedException($"run {runId} was finished by {holder.LeaseOwner ?? "another node"}");
                if (DateTime.UtcNow > deadline)
                    throw new RunLeasedException($"run {runId} is being crawled by {holder.LeaseOwner} (lease renewed until {holder.LeaseUntil:HH:mm:ss} UTC)");
                log.LogInformation("run {Run} is leased by {Owner} until {Until:HH:mm:ss}; waiting for it", runId, holder.LeaseOwner, holder.LeaseUntil);
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(period.TotalSeconds / 6, 0.2, 5)), ct);
        }
    }

    private async Task RenewAsync()
    {
        var confirmedAt = DateTime.UtcNow;
        while (!_stop.IsCancellationRequested)
        {
            try { await Task.Delay(_period / 3, _stop.Token); }
            catch (OperationCanceledException) { return; }
            try
            {
                await using var db = await _dbFactory.CreateDbContextAsync(_stop.Token);
                var until = await Database.NowAsync(db, _stop.Token) + _period;
                var kept = await db.CrawlRuns.Where(r => r.Id == RunId && r.LeaseOwner == Node)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, until), _stop.Token);
                if (kept == 0) { Lose("another node took its lease"); return; }
                confirmedAt = DateTime.UtcNow;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                _log.LogWarning("run {Run}: could not renew its lease: {Error}", RunId, e.Message);
                // Stop before the lease can run out under us: past that, another node may have started the run.
                if (DateTime.UtcNow - confirmedAt > _period * 2 / 3) { Lose("its lease could not be renewed"); return; }
            }
        }
    }

    private void Lose(string why)
    {
        _log.LogWarning("run {Run}: stopping, {Why}", RunId, why);
        _lost.Cancel();
    }

    /// <summary>
    /// Whether no other node has taken the run (it is this node's, or nobody's yet), asked inside a page's transaction.
    /// It is a write to the run's row, so on PostgreSQL another node's take of the lease waits for this page's commit
    /// (and then reads the page as stored).
    /// </summary>
    public static async Task<bool> HeldAsync(MarketWatchDb db, long runId, CancellationToken ct) =>
        await db.CrawlRuns.Where(r => r.Id == runId && (r.LeaseOwner == null || r.LeaseOwner == Node)).ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, r => r.LeaseOwner), ct) > 0;

    /// <summary>Stops renewing and frees the run (LeaseOwner stays as the record of who crawled it last).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync();
        await _renewing;
        if (!_lost.IsCancellationRequested)
        {
            try
            {
                await using var db = await _dbFactory.CreateDbContextAsync();
                await db.CrawlRuns.Where(r => r.Id == RunId && r.LeaseOwner == Node).ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, (DateTime?)null));
            }
            catch (Exception e) { _log.LogWarning("run {Run}: lease not released ({Error}); it expires by itself", RunId, e.Message); }
        }
        _lost.Dispose();
        _stop.Dispose();
    }
}
