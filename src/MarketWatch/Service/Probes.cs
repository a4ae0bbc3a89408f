using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Marketplaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace MarketWatch.Service;

/// <summary>
/// Liveness and readiness for systemd, a load balancer or Kubernetes probes. Both are anonymous and answer one word:
/// which check failed goes to the log, not to whoever asks.
/// <code>
/// GET /healthz   200 "ok"          the process answers
/// GET /readyz    200 "ready"       database reachable, migrations applied, scheduler started, Chromium launchable
///                503 "not ready"   otherwise, and while the process is stopping
/// </code>
/// </summary>
public static class Probes
{
    public static IServiceCollection AddProbes(this IServiceCollection services) => services.AddSingleton<Readiness>();

    public static void MapProbes(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
        app.MapGet("/readyz", async (Readiness readiness, CancellationToken ct) =>
            await readiness.CheckAsync(ct) ? Results.Text("ready") : Results.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable)).AllowAnonymous();
    }
}

/// <summary>
/// The readiness checks. The database is asked on a connection of its own every time (SQLite: unpooled and never
/// creating the file), so a database file that is gone, replaced or corrupt shows at once, not when a pooled connection
/// finally notices. Chromium's launch is the costly check (~1.3 s): its answer is kept <see cref="BrowserCache"/>.
/// </summary>
public sealed class Readiness(DatabaseOptions database, AppPaths paths, MarketplaceCatalog marketplaces, BrowserFetcher browser,
    IHostApplicationLifetime lifetime, IServiceProvider services, ILogger<Readiness> log)
{
    public static readonly TimeSpan BrowserCache = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _browserCheck = new(1, 1);
    private (DateTime At, string? Problem)? _browser;
    private string? _lastProblem;

    public async Task<bool> CheckAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        string? problem;
        try
        {
            problem = lifetime.ApplicationStopping.IsCancellationRequested ? "the process is stopping"
                : await DatabaseProblemAsync(deadline.Token) ?? await SchedulerProblemAsync(deadline.Token) ?? await BrowserProblemAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { problem = "the checks took longer than 10 s"; }
        // Logged when the answer changes, not on every probe.
        if (Interlocked.Exchange(ref _lastProblem, problem) != problem)
        {
            if (problem is null) log.LogInformation("ready");
            else log.LogWarning("not ready: {Problem}", problem);
        }
        return problem is null;
    }

    private async Task<string?> DatabaseProblemAsync(CancellationToken ct)
    {
        try
        {
            await using var db = database.IsPostgres ? Database.Open(database, paths.DataDir) : new MarketWatchDb(new DbContextOptionsBuilder<MarketWatchDb>()
                .UseSqlite(new SqliteConnectionStringBuilder(Database.ConnectionString(paths.DataDir)) { Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString())
                .Options);
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet();
            var missing = db.Database.GetMigrations().Count(m => !applied.Contains(m));
            return missing == 0 ? null : $"{missing} migration(s) not applied";
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return "database: " + e.Message;
        }
    }

    private async Task<string?> SchedulerProblemAsync(CancellationToken ct)
    {
        // Absent when Schedules:Enabled is false: then there is no scheduler to wait for.
        if (services.GetService<ISchedulerFactory>() is not { } factory) return null;
        var scheduler = await factory.GetScheduler(ct);
        return await scheduler.GetStatus(ct) == SchedulerStatus.Running ? null : "the scheduler is not running";
    }

    private async Task<string?> BrowserProblemAsync(CancellationToken ct)
    {
        if (marketplaces.All.All(m => m.FetchMode != FetchMode.Browser)) return null;
        if (_browser is { } known && DateTime.UtcNow - known.At < BrowserCache) return known.Problem;
        await _browserCheck.WaitAsync(ct);   // probes arriving together launch one Chromium, not one each
        try
        {
            if (_browser is { } again && DateTime.UtcNow - again.At < BrowserCache) return again.Problem;
            string? problem = null;
            try { await browser.EnsureLaunchableAsync(ct); }
            catch (Exception e) when (e is BrowserNotFoundException or Microsoft.Playwright.PlaywrightException or TimeoutException)
            {
                problem = "Chromium: " + e.Message.Split('\n')[0];
            }
            _browser = (DateTime.UtcNow, problem);
            return problem;
        }
        finally { _browserCheck.Release(); }
    }
}
