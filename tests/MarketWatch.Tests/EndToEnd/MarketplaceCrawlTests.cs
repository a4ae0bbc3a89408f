using MarketWatch.Data;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.EndToEnd;

/// <summary>Each of the five marketplaces, crawled through Chromium from the sandbox, and the faults a crawl must show.</summary>
public class MarketplaceCrawlTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static MarketWatchDb Open(string dataDir) => TestDb.OpenAt(dataDir);

    public static TheoryData<string> Marketplaces => new(SandboxSite.All.Select(s => s.Name));

    [Theory, MemberData(nameof(Marketplaces))]
    public async Task Crawl_stores_twenty_plus_complete_listings(string marketplace)
    {
        using var data = new TempDir();
        var crawl = await AppProcess.RunAsync("--data-dir", data.Path, "crawl", "-m", marketplace, "-q", "unblock imei", "--pages", "2", "--sandbox", sandbox.Url);
        Assert.True(crawl.ExitCode == 0, crawl.ToString());
        // The sandbox's pages render from its real-shaped APIs: the listings come from the captured responses.
        var source = System.Text.RegularExpressions.Regex.Match(crawl.Stdout, @"listings from capture: (\d+), from DOM: (\d+)");
        Assert.True(source.Success && int.Parse(source.Groups[1].Value) >= 20 && source.Groups[2].Value == "0", crawl.Stdout);
        await using var db = Open(data.Path);
        // The responses they were read from are kept as evidence beside the page's HTML, with their hash.
        Assert.Contains(await db.Evidence.Select(e => e.HtmlPath).ToListAsync(), path => path.EndsWith(".json.gz", StringComparison.Ordinal));
        var listings = await db.Listings.Include(l => l.Seller).Where(l => l.Marketplace == marketplace).ToListAsync();
        Assert.True(listings.Count >= 20, $"{listings.Count} listings");
        Assert.All(listings, l =>
        {
            Assert.False(string.IsNullOrWhiteSpace(l.Title));
            Assert.True(l.PriceIdr > 0, $"{l.Title}: no price");
            Assert.StartsWith(sandbox.Url + "/" + marketplace + "/", l.Url);
            Assert.False(string.IsNullOrWhiteSpace(l.ProductId));
            Assert.False(string.IsNullOrWhiteSpace(l.Seller?.Name), $"{l.Title}: no shop");
        });
        Assert.Equal(listings.Count, listings.Select(l => l.ProductId).Distinct().Count());
        Assert.Contains(listings, l => l.Flagged);
        Assert.Contains(listings, l => !l.Flagged);
    }

    [Fact]
    public async Task Captcha_and_changed_markup_pages_are_counted_and_listed_not_taken_for_empty_results()
    {
        using var data = new TempDir();
        sandbox.Server.Faults.Set([
            new FaultRule { Kind = FaultKind.Captcha, Marketplace = "shopee", Times = 2 },
            new FaultRule { Kind = FaultKind.ChangedMarkup, Marketplace = "bukalapak", Times = 1 },
        ]);
        try
        {
            // A captcha is answered with a back-off, then one more try; still blocked, the page is recorded as such.
            var env = new Dictionary<string, string> { ["MarketWatch__Crawl__BlockedBackoffSeconds"] = "2" };
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var blocked = await AppProcess.RunAsync(env, "--data-dir", data.Path, "crawl", "-m", "shopee", "-q", "imei", "--pages", "2", "--sandbox", sandbox.Url);
            Assert.Contains("1 blocked", blocked.Stdout);
            Assert.Contains("1 captcha back-off(s)", blocked.Stdout);
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2), "the back-off was waited out");
            Assert.Contains("DEGRADED", blocked.Stdout);
            Assert.Equal(3, blocked.ExitCode);
            var broken = await AppProcess.RunAsync("--data-dir", data.Path, "crawl", "-m", "bukalapak", "-q", "imei", "--pages", "2", "--sandbox", sandbox.Url);
            Assert.Contains("1 extractor-broken", broken.Stdout);
            Assert.Equal(3, broken.ExitCode);
        }
        finally { sandbox.Server.Faults.Set([]); }

        var runs = await AppProcess.RunAsync("--data-dir", data.Path, "runs");
        Assert.Contains("page 1: Blocked", runs.Stdout);
        Assert.Contains("page 1: ExtractorBroken - card selector 'div.bl-product-card' matched nothing", runs.Stdout);
        await using var db = Open(data.Path);
        // The broken page's HTML is kept: it shows what the markup changed to.
        var brokenPage = await db.CrawlPages.SingleAsync(p => p.Status == PageStatus.ExtractorBroken);
        Assert.Contains(await db.Evidence.ToListAsync(), e => e.Url == brokenPage.Url);
    }
}
