using MarketWatch.Crawling;
using MarketWatch.Crawling.Stages;
using MarketWatch.Data;
using MarketWatch.Marketplaces;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Crawling.Stages;

/// <summary>Each stage alone, on a real SQLite file, with the page served from memory where the browser is not the point.</summary>
public class StageTests
{
    private static string Golden(string name) => File.ReadAllText(Path.Combine(SandboxFixture.FixturesDir, "marketplaces", "tokopedia", name));

    private static FetchedPage Served(string url, string html, int status = 200) => new(url, url, status, html, true, TimeSpan.Zero, null, null, null);

    [Fact]
    public async Task Plan_asks_for_the_rendered_cards_on_the_marketplace_hosts_only()
    {
        await using var h = await StageHarness.CreateAsync();
        await using var db = h.Open();
        var page = h.Page(1, db);
        await new PlanStage().RunAsync(page, default);
        Assert.Equal(h.RunRow.Pages[0].Url, page.Request!.Url);
        Assert.Contains(h.Profile.Card, page.Request.WaitFor);
        Assert.Contains(h.Profile.NoResultsMarker!, page.Request.WaitFor);
        Assert.Equal([new Uri(h.RunRow.Pages[0].Url).GetLeftPart(UriPartial.Authority)], page.Request.Guard.Origins);
        Assert.Equal(1, page.Page.Attempts);
    }

    [Fact]
    public async Task Fetch_retries_a_503_and_counts_the_retry_on_its_page_with_an_event()
    {
        await using var h = await StageHarness.CreateAsync();
        var url = h.RunRow.Pages[0].Url;
        h.Fetcher.Serve(url, (503, ""), (200, "<html>ok</html>"));
        await using var db = h.Open();
        var page = h.Page(1, db);
        await new PlanStage().RunAsync(page, default);
        await new FetchStage().RunAsync(page, default);
        Assert.False(page.Settled);
        Assert.Equal(200, page.Fetched!.Status);
        Assert.Equal(1, page.Tally.Retries);
        Assert.Equal(2, h.Fetcher.Requested.Count);
        await using var check = h.Open();
        var e = Assert.Single(await check.CrawlEvents.ToListAsync());
        Assert.Equal((CrawlEventKind.Retry, 1, url), (e.Kind, e.PageNumber, e.Url));
        Assert.Contains("HTTP 503", e.Message);
    }

    [Fact]
    public async Task Fetch_settles_a_page_that_keeps_failing_as_failed()
    {
        await using var h = await StageHarness.CreateAsync();
        h.Fetcher.Serve(h.RunRow.Pages[0].Url, (500, ""));
        await using var db = h.Open();
        var page = h.Page(1, db);
        await new PlanStage().RunAsync(page, default);
        await new FetchStage().RunAsync(page, default);
        Assert.Equal(PageStatus.Failed, page.Status);
        Assert.Contains("HTTP 500", page.Error);
        Assert.Equal(2, page.Tally.Retries);
    }

    [Fact]
    public async Task A_block_page_backs_the_host_off_and_asks_for_the_page_again_then_settles_as_blocked()
    {
        await using var h = await StageHarness.CreateAsync();
        var options = new CrawlOptions { BlockedBackoffSeconds = 30, BlockedAttempts = 2 };
        var stage = new ExtractStage(new ListingExtractor(), options);
        const string captcha = "<html><body><div id='captcha-container'>Verifikasi</div></body></html>";
        await using var db = h.Open();
        var tally = new PageTally();
        var first = new PageContext(h.Run, h.RunRow.Pages[0], db, tally, attempt: 1) { Fetched = Served(h.RunRow.Pages[0].Url, captcha) };
        Assert.Equal(StageResult.Refetch, await stage.RunAsync(first, default));
        Assert.Equal(1, tally.BlockedBackoffs);
        Assert.True(h.Run.Throttle!.CurrentDelaySeconds >= 0);
        var second = new PageContext(h.Run, h.RunRow.Pages[0], db, tally, attempt: 2) { Fetched = Served(h.RunRow.Pages[0].Url, captcha) };
        Assert.Equal(StageResult.Next, await stage.RunAsync(second, default));
        Assert.Equal(PageStatus.Blocked, second.Status);
        await using var check = h.Open();
        var e = Assert.Single(await check.CrawlEvents.ToListAsync());
        Assert.Equal((CrawlEventKind.CaptchaBackoff, 30.0), (e.Kind, e.DelaySeconds));
    }

    [Fact]
    public async Task Extract_records_and_drops_listing_links_off_the_marketplace()
    {
        // The golden page links to www.tokopedia.com; this run's marketplace host is another one.
        await using var h = await StageHarness.CreateAsync();
        await using var db = h.Open();
        var page = h.Page(1, db);
        page.Fetched = Served(h.RunRow.Pages[0].Url, Golden("search-1.html"));
        await new ExtractStage(new ListingExtractor(), new CrawlOptions()).RunAsync(page, default);
        Assert.Empty(page.Listings);
        Assert.True(page.Tally.SuspiciousLinks > 10);
        Assert.Equal(page.Tally.SuspiciousLinks, db.ChangeTracker.Entries<SuspiciousLink>().Count());
        await using var check = h.Open();
        Assert.Equal(CrawlEventKind.LinkRefused, Assert.Single(await check.CrawlEvents.ToListAsync()).Kind);
    }

    [Fact]
    public async Task Dedupe_keeps_one_card_per_listing_and_lends_known_descriptions()
    {
        await using var h = await StageHarness.CreateAsync();
        await using (var seed = h.Open())
        {
            seed.Listings.Add(new Listing { Marketplace = "tokopedia", ProductId = "7", Title = "Stok", Url = "u", Description = "stored description" });
            await seed.SaveChangesAsync();
        }
        await using var db = h.Open();
        var page = h.Page(1, db);
        page.Listings = [StageHarness.Card("7", "Stok", "a"), StageHarness.Card("8", "Lain", "b"), StageHarness.Card("8", "Lain (sponsored)", "b")];
        await new DedupeStage().RunAsync(page, default);
        Assert.Equal(["7", "8"], page.Listings.Select(l => l.ProductId));
        Assert.Equal("stored description", page.Listings[0].Description);
        Assert.True(page.Known.ContainsKey("7"));
    }

    [Fact]
    public async Task A_whole_page_goes_through_the_pipeline_stored_and_counted_once_with_html_evidence_for_its_offers()
    {
        var url = "https://www.tokopedia.com/search?q=imei&page=1";
        var fetcher = new InMemoryFetcher();
        fetcher.Serve(url, (200, Golden("search-1.html")));
        await using var h = await StageHarness.CreateAsync(pages: 1, fetcher: fetcher, pageUrl: url);
        var pipeline = Pipeline(h);
        Assert.Equal(["plan", "politeness", "fetch", "extract", "dedupe", "detect", "snapshot", "enrich", "evidence", "store", "account"], pipeline.Stages.Select(s => s.Name));
        await pipeline.RunAsync(h.Run, h.RunRow.Pages[0], default);

        await using var db = h.Open();
        var run = await db.CrawlRuns.Include(r => r.Pages).SingleAsync();
        Assert.Equal(PageStatus.Done, run.Pages[0].Status);
        Assert.Equal(1, run.PagesFetched);
        var listings = await db.Listings.CountAsync();
        Assert.Equal((listings, listings), (run.ListingsNew, await db.Sightings.CountAsync()));
        Assert.True(run.ListingsFlagged > 0);
        Assert.True(run.Bytes > 0);
        // Fetched without a browser: no screenshot, but the page's HTML is the offers' evidence, one capture for all.
        var capture = Assert.Single(await db.Evidence.ToListAsync());
        Assert.Null(capture.ScreenshotPath);
        Assert.Equal(run.ListingsFlagged, await db.Sightings.CountAsync(s => s.EvidenceId == capture.Id));
    }

    [Fact]
    public async Task A_node_whose_run_was_taken_by_another_node_stores_nothing_of_the_page()
    {
        var url = "https://www.tokopedia.com/search?q=imei&page=1";
        var fetcher = new InMemoryFetcher();
        fetcher.Serve(url, (200, Golden("search-1.html")));
        await using var h = await StageHarness.CreateAsync(pages: 1, fetcher: fetcher, pageUrl: url);
        await using (var other = h.Open())   // this node stalled past its lease, and another node took the run
            await other.CrawlRuns.Where(r => r.Id == h.RunRow.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, "other-node:1:abc").SetProperty(r => r.LeaseUntil, DateTime.UtcNow.AddMinutes(1)));
        await Assert.ThrowsAsync<RunLeasedException>(() => Pipeline(h).RunAsync(h.Run, h.RunRow.Pages[0], default));
        await using var db = h.Open();
        Assert.Equal(0, await db.Listings.CountAsync());
        Assert.Equal(PageStatus.Pending, (await db.CrawlPages.SingleAsync()).Status);
        Assert.Equal(0, (await db.CrawlRuns.SingleAsync()).PagesFetched);
    }

    internal static PagePipeline Pipeline(StageHarness h, EvidenceOptions? evidence = null)
    {
        evidence ??= new EvidenceOptions();
        var options = new CrawlOptions { DetailPages = { Mode = DetailMode.None } };
        return new PagePipeline(new PlanStage(), new PolitenessStage(new PolitenessGate(new BrowserOptions(), new CrawlOptions())), new FetchStage(),
            new ExtractStage(new ListingExtractor(), options), new DedupeStage(), new DetectStage(), new SnapshotStage(evidence), new EnrichStage(options, evidence),
            new EvidenceStage(new EvidenceStore(h.DataDir), evidence, new BrowserOptions()), new StoreStage(), new AccountStage(), h.Factory, h.Run.Metrics);
    }
}
