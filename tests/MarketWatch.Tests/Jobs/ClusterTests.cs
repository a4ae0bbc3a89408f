using System.Diagnostics;
using MarketWatch.Data;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Jobs;

/// <summary>
/// Two `serve` processes (nodes), each with its own data directory, sharing one PostgreSQL database and so one
/// Quartz cluster: a fire runs on one node, a node killed with SIGKILL mid-patrol has its patrol and its crawl
/// run taken over by the other, and a schedule paused on one node is paused on both.
/// </summary>
public class ClusterTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDir _a = new(), _b = new();

    public void Dispose()
    {
        sandbox.Server.Faults.Set([]);
        _b.Dispose();
        _a.Dispose();
    }

    private MarketWatchDb Open() => TestDb.OpenAt(_a.Path);

    /// <summary>Two nodes on one new PostgreSQL database, with the same schedule; returns when both have joined the cluster.</summary>
    private async Task<(Process A, Process B, int PortA, int PortB)> StartNodesAsync(object schedules)
    {
        await TestDb.UseAsync(_a.Path, DatabaseProvider.Postgres);
        TestDb.Share(_a.Path, _b.Path);
        var (portA, portB) = (Ports.Unused(), Ports.Unused());
        var a = ServeProcess.Start(ServeProcess.Config(_a.Path, schedules), _a.Path, portA);
        var b = ServeProcess.Start(ServeProcess.Config(_b.Path, schedules), _b.Path, portB);
        await ServeProcess.Until(async () => await NodesAsync() == 2, TimeSpan.FromSeconds(120), "both nodes to check in to the cluster", a, b);
        return (a, b, portA, portB);
    }

    private async Task<long> NodesAsync()
    {
        await using var db = Open();
        return (await db.Database.SqlQueryRaw<long>("""SELECT COUNT(*) AS "Value" FROM quartz.qrtz_scheduler_state""").ToListAsync()).Single();
    }

    private static void Stop(params Process[] nodes)
    {
        foreach (var n in nodes.Where(n => !n.HasExited)) n.Kill(entireProcessTree: true);
        foreach (var n in nodes) n.WaitForExit();
    }

    /// <summary>A cron that fires once, at the given second (Quartz crons have an optional year field).</summary>
    private static string Once(DateTime utc) => $"{utc:s m H d M} ? {utc:yyyy}";

    private object Schedules(string cron, params string[] marketplaces) => new
    {
        SandboxUrl = sandbox.Url, TimeZone = "UTC",
        Patrols = marketplaces.Select(m => ServeProcess.Patrol(m, m, cron, pages: 4)).ToArray(),
    };

    [Fact]
    public async Task A_trigger_fires_on_one_node_of_the_cluster_only()
    {
        var at = DateTime.UtcNow.AddSeconds(75);
        var (a, b, _, _) = await StartNodesAsync(Schedules(Once(at), "tokopedia", "shopee"));
        try
        {
            Assert.True(DateTime.UtcNow < at, "both nodes must be up before the fire time");
            await ServeProcess.Until(async () => { await using var db = Open(); return await db.JobExecutions.CountAsync(e => e.FinishedAt != null) >= 2; },
                TimeSpan.FromSeconds(240), "both patrols to finish");
            await Task.Delay(TimeSpan.FromSeconds(5));   // a second fire on the other node would have started by now
        }
        finally { Stop(a, b); }
        await using var check = Open();
        var executions = await check.JobExecutions.Where(e => e.Kind == "patrol").ToListAsync();
        Assert.Equal(["shopee", "tokopedia"], executions.Select(e => e.JobName).Order());   // each fired once, on one node
        Assert.All(executions, e => Assert.Equal(JobOutcome.Succeeded, e.Outcome));
        Assert.Equal(2, await check.CrawlRuns.CountAsync());
    }

    [Fact]
    public async Task A_node_killed_mid_patrol_has_its_patrol_recovered_and_its_crawl_run_resumed_by_the_other()
    {
        // Slow search pages, so the kill lands mid-run.
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.Slow, Marketplace = "tokopedia", PathPrefix = "/tokopedia/search", DelayMilliseconds = 2_500 }]);
        var at = DateTime.UtcNow.AddSeconds(75);
        var (a, b, _, _) = await StartNodesAsync(Schedules(Once(at), "tokopedia"));
        var nodes = new[] { a, b };
        try
        {
            await ServeProcess.Until(async () => { await using var db = Open(); return await db.CrawlPages.AnyAsync(p => p.Status == PageStatus.Done); },
                TimeSpan.FromSeconds(240), "a first stored page");
            CrawlRun run;
            await using (var db = Open()) run = await db.CrawlRuns.SingleAsync();
            var holder = nodes.Single(n => run.LeaseOwner!.Contains($":{n.Id}:"));
            holder.Kill(entireProcessTree: true);   // SIGKILL: no goodbye to the cluster, the lease simply stops being renewed
            await holder.WaitForExitAsync();
            sandbox.Server.Faults.Set([]);
            var survivor = nodes.Single(n => n != holder);

            await ServeProcess.Until(async () => { await using var db = Open(); return (await db.CrawlRuns.SingleAsync(r => r.Id == run.Id)).Status != CrawlStatus.Running; },
                TimeSpan.FromSeconds(180), "the other node to finish the run");
            await using var check = Open();
            var finished = await check.CrawlRuns.Include(r => r.Pages).SingleAsync(r => r.Id == run.Id);
            Assert.Equal(CrawlStatus.Succeeded, finished.Status);                        // the same run, resumed, not a new one
            Assert.Equal(1, await check.CrawlRuns.CountAsync());
            Assert.Contains($":{survivor.Id}:", finished.LeaseOwner);
            Assert.All(finished.Pages, p => Assert.Equal(PageStatus.Done, p.Status));
            Assert.Equal(4, finished.PagesFetched);                                      // each page counted once
            var listings = await check.Listings.CountAsync();
            Assert.Equal(finished.Pages.Sum(p => p.ListingCount), listings);
            Assert.Equal(listings, await check.Sightings.CountAsync());                 // nothing stored twice
            var executions = await check.JobExecutions.OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([JobOutcome.Failed, JobOutcome.Succeeded], executions.Select(e => e.Outcome));
            Assert.StartsWith("interrupted", executions[0].Error);
        }
        finally { Stop(a, b); }
    }

    [Fact]
    public async Task A_schedule_paused_on_one_node_is_paused_on_every_node()
    {
        var (a, b, portA, portB) = await StartNodesAsync(Schedules("0/2 * * * * ?", "tokopedia"));
        try
        {
            await ServeProcess.Until(async () => { await using var db = Open(); return await db.JobExecutions.AnyAsync(e => e.FinishedAt != null); },
                TimeSpan.FromSeconds(180), "a first patrol");
            using var onA = await ReviewSession.SignedInAsync($"http://127.0.0.1:{portA}", _a.Path);
            using var onB = await ReviewSession.SignedInAsync($"http://127.0.0.1:{portB}", _b.Path);
            var paused = await ReviewSession.PostFormAsync(onA, "/health", [], "/health?handler=Pause&name=tokopedia");
            Assert.True(paused.IsSuccessStatusCode, paused.StatusCode.ToString());
            Assert.Equal("paused", await StateAsync(onB, "tokopedia"));                  // the other node reads the same schedule

            await ServeProcess.Until(async () => { await using var db = Open(); return !await db.JobExecutions.AnyAsync(e => e.FinishedAt == null); },
                TimeSpan.FromSeconds(120), "the running patrol to end");
            var pausedAt = DateTime.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(10));                                  // five slots on both nodes
            await using (var db = Open()) Assert.False(await db.JobExecutions.AnyAsync(e => e.StartedAt > pausedAt), "a paused patrol fired");

            await ReviewSession.PostFormAsync(onB, "/health", [], "/health?handler=Resume&name=tokopedia");
            await ServeProcess.Until(async () => { await using var db = Open(); return await db.JobExecutions.AnyAsync(e => e.StartedAt > pausedAt); },
                TimeSpan.FromSeconds(60), "a patrol after resuming on the other node");
        }
        finally { Stop(a, b); }
    }

    private static async Task<string> StateAsync(HttpClient http, string name)
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await http.GetStringAsync("/health"));
        var row = page.QuerySelectorAll("tbody tr").First(r => r.QuerySelector("td")!.TextContent == name);
        return row.QuerySelectorAll("td")[4].TextContent.Trim();
    }
}
