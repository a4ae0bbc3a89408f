using System.Text.Json;
using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.EndToEnd;

/// <summary>
/// Sandbox on 127.0.0.1 -> crawl through a real Chromium (the real binary, as a child process) -> a real
/// SQLite file -> the review page served by Kestrel lists the flagged listings.
/// </summary>
public class WalkingSkeletonTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static MarketWatchDb Open(string dataDir) => TestDb.OpenAt(dataDir);

    [Fact]
    public async Task Crawl_stores_listings_flags_offers_and_the_review_page_lists_them()
    {
        using var data = new TempDir();
        var crawl = await AppProcess.RunAsync("--data-dir", data.Path, "crawl", "--marketplace", "tokopedia", "--query", "unblock imei", "--sandbox", sandbox.Url);
        Assert.True(crawl.ExitCode == 0, crawl.ToString());
        Assert.Contains("SUCCEEDED", crawl.Stdout);

        await using (var db = Open(data.Path))
        {
            Assert.True(await db.Listings.CountAsync() >= 20);
            Assert.All(await db.Listings.Include(l => l.Seller).ToListAsync(), l =>
            {
                Assert.False(string.IsNullOrWhiteSpace(l.Title));
                Assert.NotNull(l.PriceIdr);
                Assert.StartsWith(sandbox.Url, l.Url);
                Assert.NotNull(l.Seller);
            });
            var offer = await db.Listings.SingleAsync(l => l.ProductId == "6606140558");   // "JUAL IMEI BERSIH PER BRAND ..."
            Assert.True(offer.Flagged);
            Assert.Equal(15_000, offer.PriceIdr);
            // Against the catalogue's own labels: every hard negative passes, every offer visible on its card is flagged.
            var catalogue = MarketWatch.Sandbox.Catalogue.Load(Path.Combine(SandboxFixture.FixturesDir, "sandbox", "catalogue.json"));
            var hidden = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(SandboxFixture.FixturesDir, "sandbox", "catalogue.json")))
                .RootElement.EnumerateArray().Where(i => i.GetProperty("hiddenInDescription").GetBoolean()).Select(i => i.GetProperty("title").GetString()!).ToList();
            var stored = await db.Listings.ToListAsync();
            var kinds = stored.Select(l => (Listing: l, Item: catalogue.Find(l.ProductId)!)).ToList();
            Assert.Contains(kinds, k => k.Item.Kind == "hardneg");
            Assert.All(kinds.Where(k => k.Item.Kind != "offer"), k => Assert.False(k.Listing.Flagged, "false flag: " + k.Listing.Title));
            Assert.All(kinds.Where(k => k.Item.Kind == "offer" && !hidden.Any(h => k.Item.Title.Contains(h))),
                k => Assert.True(k.Listing.Flagged, "missed offer: " + k.Listing.Title));
            Assert.True(await db.Detections.CountAsync() >= 20);
            Assert.All(await db.Detections.ToListAsync(), d => Assert.StartsWith("imei-offer-", d.ModelVersion));
            // Pages with flagged listings keep their HTML and MHTML snapshot, hashed.
            var evidence = await db.Evidence.ToListAsync();
            Assert.NotEmpty(evidence);
            // Pages with flagged listings keep their HTML and MHTML snapshot, and the API responses they were read from (no screenshot), hashed.
            var pages = evidence.Where(e => e.HtmlPath.EndsWith(".html.gz", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(pages);
            Assert.All(pages, e => Assert.True(File.Exists(Path.Combine(data.Path, e.HtmlPath)) && File.Exists(Path.Combine(data.Path, e.SnapshotPath!))));
            Assert.All(evidence.Except(pages), e => Assert.True(e.HtmlPath.EndsWith(".json.gz", StringComparison.Ordinal) && File.Exists(Path.Combine(data.Path, e.HtmlPath))));
            Assert.Equal("wal", (await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync()).Single());
        }

        var flaggedTitles = await FlaggedTitlesAsync(data.Path);
        await using var web = WebApp.Build(AppPaths.Resolve(null, data.Path), "http://127.0.0.1:0",
            overrides: [new("Schedules:Enabled", "false"), EnglishUi.Setting]);   // the default patrols point at the real sites
        await Services.PrepareDatabaseAsync(web.Services);
        await web.StartAsync();
        using var http = await ReviewSession.SignedInAsync(web.BoundUrl(), data.Path, "ani", "reviewer");
        var response = await http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains("Content-Security-Policy", response.Headers.Select(h => h.Key));
        var shown = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html)
            .QuerySelectorAll("td.title a.open").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(flaggedTitles.Order(), shown.Order());
        Assert.DoesNotContain("Tidak Perlu Registrasi IMEI", html);
        await web.StopAsync();
    }

    private static async Task<List<string>> FlaggedTitlesAsync(string dataDir)
    {
        await using var db = Open(dataDir);
        return await db.Listings.Where(l => l.Flagged).Select(l => l.Title).ToListAsync();
    }

    [Fact]
    public async Task Second_crawl_of_the_same_pages_updates_listings_and_adds_sightings_without_duplicates()
    {
        using var data = new TempDir();
        string[] args = ["--data-dir", data.Path, "crawl", "-m", "tokopedia", "-q", "unblock imei", "--pages", "2", "--sandbox", sandbox.Url];
        var first = await AppProcess.RunAsync(args);
        Assert.True(first.ExitCode == 0, first.ToString());
        int listings, sightings;
        await using (var db = Open(data.Path)) { listings = await db.Listings.CountAsync(); sightings = await db.Sightings.CountAsync(); }

        var second = await AppProcess.RunAsync(args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("(0 new, 0 changed, " + listings + " unchanged)", second.Stdout);
        await using (var db = Open(data.Path))
        {
            Assert.Equal(listings, await db.Listings.CountAsync());
            Assert.Equal(2 * sightings, await db.Sightings.CountAsync());
            Assert.All(await db.Listings.ToListAsync(), l => Assert.Equal(2, l.SightingCount));
            Assert.Equal(2, await db.CrawlRuns.CountAsync());
        }
    }

    [Fact]
    public async Task Listings_json_prints_the_stored_listings_with_detections()
    {
        using var data = new TempDir();
        var crawl = await AppProcess.RunAsync("--data-dir", data.Path, "crawl", "-m", "tokopedia", "-q", "imei", "--pages", "1", "--sandbox", sandbox.Url);
        Assert.True(crawl.ExitCode == 0, crawl.ToString());
        var all = await AppProcess.RunAsync("--data-dir", data.Path, "listings", "--json");
        var flagged = await AppProcess.RunAsync("--data-dir", data.Path, "listings", "--flagged", "--json");
        Assert.True(all.ExitCode == 0, all.ToString());
        var allRows = JsonDocument.Parse(all.Stdout).RootElement.EnumerateArray().ToList();
        var flaggedRows = JsonDocument.Parse(flagged.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(20, allRows.Count);
        Assert.InRange(flaggedRows.Count, 1, allRows.Count - 1);
        Assert.All(flaggedRows, r =>
        {
            Assert.True(r.GetProperty("flagged").GetBoolean());
            Assert.NotEmpty(r.GetProperty("reasons").EnumerateArray());
            foreach (var key in new[] { "marketplace", "productId", "title", "priceIdr", "seller", "url", "score", "imeis" })
                Assert.True(r.TryGetProperty(key, out _), key);
        });
        var table = await AppProcess.RunAsync("--data-dir", data.Path, "listings");
        Assert.Contains("20 listing(s)", table.Stdout);
    }

    [Fact]
    public async Task Crawl_against_a_port_where_nothing_listens_fails_clearly_and_keeps_stored_data()
    {
        using var data = new TempDir();
        var ok = await AppProcess.RunAsync("--data-dir", data.Path, "crawl", "-m", "tokopedia", "-q", "unblock imei", "--pages", "1", "--sandbox", sandbox.Url);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        List<(string, string, long?)> before;
        await using (var db = Open(data.Path))
            before = (await db.Listings.OrderBy(l => l.Id).ToListAsync()).Select(l => (l.ProductId, l.Title, l.PriceIdr)).ToList();

        var dead = $"http://127.0.0.1:{Ports.Unused()}";
        var failed = await AppProcess.RunAsync("--data-dir", data.Path, "crawl", "-m", "tokopedia", "-q", "unblock imei", "--pages", "2", "--sandbox", dead);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("FAILED", failed.Stdout);
        Assert.Contains("connection refused", failed.Stderr);

        await using (var db = Open(data.Path))
        {
            var after = (await db.Listings.OrderBy(l => l.Id).ToListAsync()).Select(l => (l.ProductId, l.Title, l.PriceIdr)).ToList();
            Assert.Equal(before, after);
            Assert.Equal("ok", (await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync()).Single());
            var run = await db.CrawlRuns.OrderBy(r => r.Id).LastAsync();
            Assert.Equal(CrawlStatus.Failed, run.Status);
            Assert.Equal(2, run.PagesFailed);
        }
    }

    [Fact]
    public async Task Unknown_marketplace_is_refused_with_the_configured_names()
    {
        using var data = new TempDir();
        var result = await AppProcess.RunAsync("--data-dir", data.Path, "crawl", "-m", "ebay", "-q", "imei", "--sandbox", sandbox.Url);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown marketplace 'ebay'", result.Stderr);
        Assert.Contains("tokopedia", result.Stderr);
    }
}
