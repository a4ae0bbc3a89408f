using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketWatch.Data;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketWatch.Tests.Jobs;

/// <summary>
/// `serve` with Quartz on its persistent SQLite store, as a real process against the sandbox: schedules fire
/// and crawl, never overlap, survive kill -9 firing a missed slot once, and raise alerts to a webhook.
/// </summary>
public class SchedulingTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDir _data = new();

    public void Dispose()
    {
        sandbox.Server.Faults.Set([]);
        _data.Dispose();
    }

    private MarketWatchDb Open() => TestDb.OpenAt(_data.Path);

    private string Config(object schedules) => ServeProcess.Config(_data.Path, schedules);

    private static object Patrol(string name, string marketplace, string cron, int pages = 1) => ServeProcess.Patrol(name, marketplace, cron, pages);

    private Process Serve(string config, int port) => ServeProcess.Start(config, _data.Path, port);

    private static Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what, params Process[] watch) => ServeProcess.Until(condition, timeout, what, watch);

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Schedules_fire_and_crawl_without_overlap_show_on_the_health_page_and_alert_the_webhook(DatabaseProvider provider)
    {
        await TestDb.UseAsync(_data.Path, provider);
        using var webhook = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        webhook.Given(Request.Create().WithPath("/alerts").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        sandbox.Server.Faults.Set([
            new FaultRule { Kind = FaultKind.Slow, Marketplace = "tokopedia", PathPrefix = "/tokopedia/search", DelayMilliseconds = 3_000 },
            new FaultRule { Kind = FaultKind.ChangedMarkup, Marketplace = "bukalapak" },
        ]);
        var config = Config(new
        {
            SandboxUrl = sandbox.Url, DefaultQueries = new[] { "unblock imei" },
            Patrols = new[] { Patrol("toko", "tokopedia", "0/2 * * * * ?"), Patrol("buka", "bukalapak", "0/2 * * * * ?") },
            Alerts = new { AfterRuns = 2, AfterFailures = 3, WebhookUrl = webhook.Url + "/alerts" },
        });
        var port = Ports.Unused();
        using var serve = Serve(config, port);
        try
        {
            await Until(async () => { await using var db = Open(); return await db.JobExecutions.CountAsync(e => e.JobName == "toko" && e.FinishedAt != null) >= 2; },
                TimeSpan.FromSeconds(90), "two finished patrols of tokopedia");
            await Until(() => Task.FromResult(webhook.LogEntries.Any()), TimeSpan.FromSeconds(60), "the webhook alert");
            using var http = await ReviewSession.SignedInAsync($"http://127.0.0.1:{port}", _data.Path);
            var health = await http.GetStringAsync("/health");
            Assert.Contains("toko", health);
            Assert.Contains("0/2 * * * * ?", health);
            Assert.Contains("extractor-broken", health);

            // Pause from the page (a form with its anti-forgery token), see it paused, resume it.
            Assert.Equal("paused", await ActAsync(http, "Pause", "buka"));
            Assert.Equal(System.Net.HttpStatusCode.BadRequest,
                (await http.PostAsync("/health?handler=Pause&name=toko", new FormUrlEncodedContent([]))).StatusCode);   // no token, no action
            Assert.NotEqual("paused", await ActAsync(http, "Resume", "buka"));
        }
        finally { serve.Kill(entireProcessTree: true); await serve.WaitForExitAsync(); }

        var alert = JsonDocument.Parse(webhook.LogEntries.First().RequestMessage.Body!).RootElement;
        Assert.Equal("extractor-broken", alert.GetProperty("kind").GetString());
        Assert.Equal("bukalapak", alert.GetProperty("subject").GetString());
        await using (var db = Open())
        {
            var executions = await db.JobExecutions.Where(e => e.JobName == "toko" && e.FinishedAt != null).OrderBy(e => e.StartedAt).ToListAsync();
            // Each 3 s crawl outlasts the 2 s cron period: a second run must wait for the first to end.
            Assert.All(executions.Zip(executions.Skip(1)), pair => Assert.True(pair.Second.StartedAt >= pair.First.FinishedAt,
                $"overlap: {pair.First.StartedAt:HH:mm:ss.fff}-{pair.First.FinishedAt:HH:mm:ss.fff} and {pair.Second.StartedAt:HH:mm:ss.fff}"));
            Assert.True(await db.CrawlRuns.CountAsync(r => r.Marketplace == "tokopedia" && r.Status == CrawlStatus.Succeeded) >= 2);
            Assert.Single(await db.Alerts.Where(a => a.Kind == "extractor-broken" && a.Subject == "bukalapak").ToListAsync());   // raised once while it holds
        }
        var schedules = await AppProcess.RunAsync("--config", config, "--data-dir", _data.Path, "schedules");
        Assert.True(schedules.ExitCode == 0, schedules.ToString());
        // The process was killed: its last execution may have been cut off while running.
        Assert.Matches(@"toko\s+0/2 \* \* \* \* \?\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+(Succeeded|Running)", schedules.Stdout);
        Assert.Contains("ALERT extractor-broken bukalapak", schedules.Stdout);
    }

    private static async Task<string> ActAsync(HttpClient http, string handler, string name)
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await http.GetStringAsync("/health"));
        var form = page.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains($"handler={handler}") && f.GetAttribute("action")!.Contains($"name={name}"));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.True(response.IsSuccessStatusCode, $"{handler} {name}: {response.StatusCode}");
        var after = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var row = after.QuerySelectorAll("tbody tr").First(r => r.QuerySelector("td")!.TextContent == name);
        return row.QuerySelectorAll("td")[4].TextContent.Trim();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task After_kill_9_the_missed_slot_fires_once_and_the_unfinished_crawl_resumes(DatabaseProvider provider)
    {
        await TestDb.UseAsync(_data.Path, provider);
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.Slow, Marketplace = "shopee", PathPrefix = "/shopee/search", DelayMilliseconds = 2_000 }]);
        var config = Config(new { SandboxUrl = sandbox.Url, Patrols = new[] { Patrol("shop", "shopee", "0/3 * * * * ?", pages: 4) } });
        long runId;
        using (var first = Serve(config, Ports.Unused()))
        {
            await Until(async () => { await using var db = Open(); return await db.CrawlPages.AnyAsync(p => p.Status == PageStatus.Done); },
                TimeSpan.FromSeconds(90), "a first stored page", first);
            first.Kill(entireProcessTree: true);   // SIGKILL: Quartz and the crawl get no chance to clean up
            await first.WaitForExitAsync();
        }
        await using (var db = Open())
        {
            var run = await db.CrawlRuns.SingleAsync();
            Assert.Equal(CrawlStatus.Running, run.Status);
            runId = run.Id;
        }
        await Task.Delay(TimeSpan.FromSeconds(8));   // two or three slots go by while nothing runs

        sandbox.Server.Faults.Set([]);
        var restarted = DateTime.UtcNow;
        using var second = Serve(config, Ports.Unused());
        try
        {
            await Until(async () => { await using var db = Open(); return (await db.CrawlRuns.SingleAsync(r => r.Id == runId)).Status != CrawlStatus.Running; },
                TimeSpan.FromSeconds(90), "the unfinished run to finish", second);
        }
        finally { second.Kill(entireProcessTree: true); await second.WaitForExitAsync(); }

        await using (var db = Open())
        {
            var run = await db.CrawlRuns.Include(r => r.Pages).SingleAsync(r => r.Id == runId);
            Assert.Equal(CrawlStatus.Succeeded, run.Status);                 // the same run, resumed, not a new one
            Assert.All(run.Pages, p => Assert.Equal(PageStatus.Done, p.Status));
            var firstAfterRestart = await db.JobExecutions.Where(e => e.StartedAt >= restarted).OrderBy(e => e.StartedAt).FirstAsync();
            var resumedBy = await db.JobExecutions.Where(e => e.StartedAt >= restarted && e.StartedAt < firstAfterRestart.StartedAt.AddSeconds(2.5)).CountAsync();
            Assert.Equal(1, resumedBy);                                      // the missed slots fired once, not once each
            Assert.Equal(await db.Listings.CountAsync(), await db.Listings.Select(l => l.ProductId).Distinct().CountAsync());
        }
    }

    [Theory]
    [InlineData("bad cron", "tokopedia", "Schedules:Patrols:0 (p1): Cron 'bad cron' is not a valid cron expression")]
    [InlineData("0 0 * * * ?", "ebay", "Schedules:Patrols:0 (p1): Marketplace: unknown marketplace 'ebay'")]
    public async Task Invalid_schedules_stop_the_start_naming_the_schedule(string cron, string marketplace, string expected)
    {
        var config = Config(new { Patrols = new[] { Patrol("p1", marketplace, cron) } });
        foreach (var verb in new[] { new[] { "serve", "--urls", $"http://127.0.0.1:{Ports.Unused()}" }, new[] { "schedules" } })
        {
            var result = await AppProcess.RunAsync(["--config", config, "--data-dir", _data.Path, .. verb]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(expected, result.Stderr);
        }
    }
}
