using System.Diagnostics;
using MarketWatch.Data;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Crawling;

/// <summary>A crawl killed with SIGKILL resumes exactly where it stopped; evidence is exactly what was captured.</summary>
public class ResumeAndEvidenceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDir _data = new();

    public void Dispose()
    {
        sandbox.Server.Faults.Set([]);
        _data.Dispose();
    }

    private MarketWatchDb Open() => TestDb.OpenAt(_data.Path);

    private string[] CrawlArgs(int pages) =>
        ["--data-dir", _data.Path, "crawl", "-m", "tokopedia", "-q", "unblock imei", "--pages", pages.ToString(), "--sandbox", sandbox.Url];

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Killed_mid_run_the_next_crawl_resumes_without_refetching_losing_or_duplicating(DatabaseProvider provider)
    {
        await TestDb.UseAsync(_data.Path, provider);
        // Every search page answers slowly, so the kill lands between pages.
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.Slow, Marketplace = "tokopedia", PathPrefix = "/tokopedia/search", DelayMilliseconds = 1_500 }]);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(AppProcess.Dll);
        foreach (var a in CrawlArgs(5)) psi.ArgumentList.Add(a);
        psi.Environment["MarketWatch__Detection__ModelCacheDir"] = SharedData.ModelCache;
        psi.Environment["MarketWatch__Crawl__Politeness__DelaySeconds"] = "0";
        TestDb.Apply(psi, _data.Path);
        using (var first = Process.Start(psi)!)
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline && await DonePagesAsync() < 2) await Task.Delay(100);
            first.Kill();   // SIGKILL: no cleanup, no flush, like a crash or an OOM kill
            await first.WaitForExitAsync();
        }
        var doneBeforeKill = await DonePagesAsync();
        Assert.InRange(doneBeforeKill, 2, 4);
        await using (var db = Open())
            Assert.Equal(CrawlStatus.Running, (await db.CrawlRuns.SingleAsync()).Status);
        var donePageUrls = await DonePageUrlsAsync();
        var requestsBefore = sandbox.Server.Faults.Requests.Count;

        sandbox.Server.Faults.Set([]);
        var second = await AppProcess.RunAsync(CrawlArgs(5));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("resuming run 1", second.Stdout);

        var refetched = sandbox.Server.Faults.Requests.Skip(requestsBefore).Select(r => r.Path).Where(p => p.StartsWith("/tokopedia/search"))
            .Where(p => donePageUrls.Any(u => u.EndsWith(p, StringComparison.Ordinal))).ToList();
        Assert.Empty(refetched);
        await using (var db = Open())
        {
            var run = await db.CrawlRuns.Include(r => r.Pages).SingleAsync();
            Assert.Equal(CrawlStatus.Succeeded, run.Status);
            Assert.All(run.Pages, p => Assert.Equal(PageStatus.Done, p.Status));
            Assert.Equal(5, run.PagesFetched);   // counted once each, though the first process died mid-run
            var listings = await db.Listings.CountAsync();
            Assert.Equal(run.Pages.Sum(p => p.ListingCount), listings);
            Assert.Equal(listings, await db.Sightings.CountAsync());   // one sighting per listing: nothing stored twice
            Assert.Equal(run.ListingsNew, listings);
            if (provider == DatabaseProvider.Sqlite) Assert.Equal("ok", (await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync()).Single());
        }
    }

    private async Task<int> DonePagesAsync()
    {
        if (!TestDb.OptionsFor(_data.Path).IsPostgres && !File.Exists(Path.Combine(_data.Path, "marketwatch.db"))) return 0;
        try
        {
            await using var db = Open();
            return await db.CrawlPages.CountAsync(p => p.Status == PageStatus.Done);
        }
        catch (System.Data.Common.DbException) { return 0; }   // schema not migrated yet
    }

    private async Task<List<string>> DonePageUrlsAsync()
    {
        await using var db = Open();
        return await db.CrawlPages.Where(p => p.Status == PageStatus.Done).Select(p => p.Url).ToListAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Evidence_verifies_and_a_modified_file_is_reported_as_tampered(DatabaseProvider provider)
    {
        await TestDb.UseAsync(_data.Path, provider);
        var crawl = await AppProcess.RunAsync(CrawlArgs(1));
        Assert.True(crawl.ExitCode == 0, crawl.ToString());
        var clean = await AppProcess.RunAsync("--data-dir", _data.Path, "evidence", "verify");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Matches(@"[1-9]\d* capture\(s\) checked, 0 problem\(s\)", clean.Stdout);

        EvidenceCapture capture;
        await using (var db = Open())
        {
            capture = await db.Evidence.Where(e => e.SnapshotPath != null).FirstAsync();   // Evidence:Capture = snapshot, the default
            Assert.Null(capture.ScreenshotPath);                                                // drawn only when someone looks
            Assert.Equal(64, capture.HtmlSha256.Length);
            Assert.Contains("MarketWatch", capture.UserAgent);
            Assert.True(DateTime.UtcNow - capture.CapturedAt < TimeSpan.FromMinutes(5));
        }
        if (provider == DatabaseProvider.Sqlite)
            Assert.True(File.GetAttributes(Path.Combine(_data.Path, capture.SnapshotPath!)).HasFlag(FileAttributes.ReadOnly), "evidence is written once, read-only");
        else
            Assert.False(Directory.Exists(Path.Combine(_data.Path, "evidence")), "on PostgreSQL evidence lives in the database, for every node");
        await TestDb.TamperEvidenceAsync(_data.Path, capture.SnapshotPath!);

        var tampered = await AppProcess.RunAsync("--data-dir", _data.Path, "evidence", "verify");
        Assert.Equal(4, tampered.ExitCode);
        Assert.Contains("TAMPERED", tampered.Stdout);
        Assert.Contains(capture.SnapshotPath!, tampered.Stdout);
        Assert.Contains("SHA-256 differs", tampered.Stdout);
    }

    [Fact]
    public async Task Detail_pages_reveal_offers_hidden_in_descriptions()
    {
        var crawl = await AppProcess.RunAsync(CrawlArgs(6));
        Assert.True(crawl.ExitCode == 0, crawl.ToString());
        await using var db = Open();
        Assert.True((await db.CrawlRuns.SingleAsync()).DetailPagesFetched > 0);
        var hidden = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(SandboxFixture.FixturesDir, "sandbox", "catalogue.json")))
            .RootElement.EnumerateArray().Where(i => i.GetProperty("hiddenInDescription").GetBoolean()).Select(i => i.GetProperty("id").GetString()!).ToHashSet();
        var found = await db.Listings.Where(l => hidden.Contains(l.ProductId)).ToListAsync();
        Assert.NotEmpty(found);
        var revealed = found.Where(l => l.Flagged && l.Description is not null).ToList();
        Assert.True(revealed.Count * 2 >= found.Count, $"{revealed.Count} of {found.Count} hidden offers flagged from their descriptions");
        // Their evidence is the listing's own page, with its snapshot.
        var sighting = await db.Sightings.FirstAsync(s => s.ListingId == revealed[0].Id);
        var evidence = await db.Evidence.SingleAsync(e => e.Id == sighting.EvidenceId);
        Assert.Equal(revealed[0].Url, evidence.Url);
        Assert.NotNull(evidence.SnapshotPath);
    }
}
