using System.Net;
using MarketWatch.Data;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Service;

/// <summary>`serve`'s probes as an orchestrator sees them, and a second signal that will not wait.</summary>
public class ProbeAndSecondSignalTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDir _data = new();

    public void Dispose()
    {
        sandbox.Server.Faults.Set([]);
        _data.Dispose();
    }

    [Fact]
    public async Task Healthz_and_readyz_answer_anonymously_with_one_word_and_readyz_fails_when_the_database_file_is_gone()
    {
        // No patrol fires during the test: readiness alone is under test.
        var config = ServeProcess.Config(_data.Path, new { SandboxUrl = sandbox.Url, Patrols = new[] { ServeProcess.Patrol("toko", "tokopedia", "0 0 0 1 1 ? 2099") } });
        var port = Ports.Unused();
        using var serve = ServeProcess.Start(config, _data.Path, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            // Ready once the database is migrated, the scheduler runs and Chromium has launched.
            await ServeProcess.Until(async () =>
            {
                try { return (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK; }
                catch (HttpRequestException) { return false; }   // not listening yet
            }, TimeSpan.FromSeconds(120), "/readyz to answer 200", serve);
            Assert.Equal("ready", await http.GetStringAsync("/readyz"));
            Assert.Equal("ok", await http.GetStringAsync("/healthz"));
            Assert.Equal(HttpStatusCode.Redirect, (await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync($"http://127.0.0.1:{port}/health")).StatusCode);   // the rest still asks to sign in

            // Tests run as root, which chmod does not stop: the file is replaced by a directory instead.
            var file = Path.Combine(_data.Path, "marketwatch.db");
            File.Delete(file);
            Directory.CreateDirectory(file);
            var answer = await http.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("not ready", await answer.Content.ReadAsStringAsync());   // which check failed is logged, not told
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);   // alive all the same: no restart needed
        }
        finally { serve.Kill(entireProcessTree: true); await serve.WaitForExitAsync(); }
    }

    [Fact]
    public async Task A_second_sigterm_ends_the_stop_at_once_without_a_half_written_page_and_the_next_start_resumes()
    {
        var config = ServeProcess.Config(_data.Path, new { SandboxUrl = sandbox.Url, Patrols = new[] { ServeProcess.Patrol("toko", "tokopedia", "0/5 * * * * ?", pages: 6) } });
        using (var serve = ServeProcess.Start(config, _data.Path, Ports.Unused()))
        {
            try
            {
                await ServeProcess.Until(async () => { await using var db = TestDb.OpenAt(_data.Path); return await db.CrawlPages.AnyAsync(p => p.Status == PageStatus.Done); },
                    TimeSpan.FromSeconds(120), "a first stored page", serve);
                Signals.Send(serve, Signals.SIGTERM);
                await Task.Delay(50);
                var took = await Signals.SendAndWaitAsync(serve, Signals.SIGTERM, TimeSpan.FromSeconds(5));
                Assert.True(serve.ExitCode == 143, $"exit {serve.ExitCode} after {took.TotalSeconds:0.0} s: the second signal was not the one that ended it\n{ServeProcess.Tail(serve)}");
            }
            finally { if (!serve.HasExited) serve.Kill(entireProcessTree: true); }
        }
        long runId;
        await using (var db = TestDb.OpenAt(_data.Path))
        {
            var run = await db.CrawlRuns.Include(r => r.Pages).SingleAsync();
            // Whatever the exit cut short, every page is stored and counted whole, or left pending.
            Assert.Equal(run.PagesFetched, run.Pages.Count(p => p.Status == PageStatus.Done));
            Assert.All(run.Pages.Where(p => p.Status == PageStatus.Pending), p => Assert.Null(p.FetchedAt));
            runId = run.Id;
        }
        using (var second = ServeProcess.Start(config, _data.Path, Ports.Unused()))
        {
            try
            {
                await ServeProcess.Until(async () => { await using var db = TestDb.OpenAt(_data.Path); return (await db.CrawlRuns.SingleAsync(r => r.Id == runId)).Status == CrawlStatus.Succeeded; },
                    TimeSpan.FromSeconds(120), "the cut-off run to finish", second);
            }
            finally { second.Kill(entireProcessTree: true); await second.WaitForExitAsync(); }
        }
        await using (var db = TestDb.OpenAt(_data.Path))
        {
            var run = await db.CrawlRuns.Include(r => r.Pages).SingleAsync(r => r.Id == runId);
            Assert.All(run.Pages, p => Assert.Equal(PageStatus.Done, p.Status));
            Assert.Equal(run.Pages.Count, run.PagesFetched);
            Assert.Equal(await db.Listings.CountAsync(), await db.Listings.Select(l => new { l.Marketplace, l.ProductId }).Distinct().CountAsync());
        }
    }
}
