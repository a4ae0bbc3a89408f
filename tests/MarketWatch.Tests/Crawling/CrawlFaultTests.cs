using System.Diagnostics;
using MarketWatch.Data;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// The crawl engine under the faults real marketplaces produce, driven through the real binary, Chromium
/// and the sandbox on 127.0.0.1: rate limits, outages, slowness, truncation, robots.txt, an open breaker.
/// </summary>
public class CrawlFaultTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDir _data = new();

    public void Dispose()
    {
        sandbox.Server.Faults.Set([]);
        sandbox.Server.Faults.RobotsTxt = new SandboxOptions().RobotsTxt;
        _data.Dispose();
    }

    private MarketWatchDb Open() => TestDb.OpenAt(_data.Path);

    private Task<CliResult> Crawl(string marketplace, int pages, Dictionary<string, string>? env = null) =>
        AppProcess.RunAsync(env ?? [], "--data-dir", _data.Path, "crawl", "-m", marketplace, "-q", "unblock imei", "--pages", pages.ToString(), "--sandbox", sandbox.Url);

    private int SearchRequests(string marketplace) =>
        sandbox.Server.Faults.Requests.Count(r => r.Path.StartsWith($"/{marketplace}/") && SandboxServer.IsSearch(r.Path.Split('?')[0]) && !r.Path.Contains("/api/"));

    [Fact]
    public async Task A_429_is_waited_out_as_its_retry_after_says_then_the_page_is_stored()
    {
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.TooManyRequests, Marketplace = "tokopedia", Times = 2, RetryAfterSeconds = 1 }]);
        var watch = Stopwatch.StartNew();
        var result = await Crawl("tokopedia", 1);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 retried", result.Stdout);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2), "two Retry-After: 1 waits");
        await using var db = Open();
        Assert.Equal(2, (await db.CrawlRuns.SingleAsync()).Retries);
        Assert.Equal(PageStatus.Done, (await db.CrawlPages.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_burst_of_503_is_retried_and_an_outage_fails_the_page_clearly()
    {
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.ServiceUnavailable, Marketplace = "shopee", Times = 2 }]);
        var burst = await Crawl("shopee", 1);
        Assert.True(burst.ExitCode == 0, burst.ToString());
        Assert.Contains("2 retried", burst.Stdout);

        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.ServiceUnavailable, Marketplace = "lazada" }]);
        var outage = await Crawl("lazada", 1, new() { ["MarketWatch__Crawl__RetryAttempts"] = "2" });
        Assert.Equal(1, outage.ExitCode);
        Assert.Contains("2 retried, 1 failed", outage.Stdout);
        Assert.Contains("HTTP 503", outage.Stderr);
    }

    [Fact]
    public async Task A_page_slower_than_the_timeout_fails_after_its_retries()
    {
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.Slow, Marketplace = "blibli", DelayMilliseconds = 4_000 }]);
        var result = await Crawl("blibli", 1, new() { ["MarketWatch__Browser__PageTimeoutSeconds"] = "1", ["MarketWatch__Crawl__RetryAttempts"] = "1" });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out", result.Stderr);
        Assert.Contains("1 retried", result.Stdout);
    }

    [Fact]
    public async Task Truncated_html_is_read_as_far_as_it_goes_and_its_off_site_links_are_not_followed()
    {
        // The sandbox answers with half of a saved bukalapak.com page: its cards link to the real site.
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.TruncatedHtml, Marketplace = "bukalapak", Times = 1 }]);
        var result = await Crawl("bukalapak", 1);
        Assert.True(result.ExitCode is 0 or 3, result.ToString());
        await using var db = Open();
        var suspicious = await db.SuspiciousLinks.ToListAsync();
        Assert.NotEmpty(suspicious);
        Assert.All(suspicious, s => Assert.Contains("www.bukalapak.com", s.Reason));
        Assert.DoesNotContain(await db.Listings.ToListAsync(), l => l.Url.Contains("www.bukalapak.com"));
        Assert.Contains("suspicious link(s) not followed", result.Stdout);
    }

    [Fact]
    public async Task Robots_txt_disallow_is_obeyed_and_no_request_is_made()
    {
        sandbox.Server.Faults.RobotsTxt = "User-agent: *\nDisallow: /shopee/\n";
        var before = SearchRequests("shopee");
        var result = await Crawl("shopee", 2);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("2 disallowed by robots.txt", result.Stdout);
        Assert.Equal(before, SearchRequests("shopee"));
        await using var db = Open();
        Assert.All(await db.CrawlPages.ToListAsync(), p => Assert.Equal(PageStatus.RobotsDisallowed, p.Status));
    }

    [Fact]
    public async Task Crawl_delay_from_robots_txt_spaces_the_requests()
    {
        sandbox.Server.Faults.RobotsTxt = "User-agent: *\nCrawl-delay: 1\nAllow: /\n";
        var start = DateTime.UtcNow;
        var result = await Crawl("tokopedia", 3, new() { ["MarketWatch__Crawl__DetailPages__Mode"] = "None", ["MarketWatch__Crawl__Politeness__AutoThrottle"] = "false" });
        Assert.True(result.ExitCode == 0, result.ToString());
        var times = sandbox.Server.Faults.Requests.Where(r => r.At >= start && r.Path.StartsWith("/tokopedia/search")).Select(r => r.At).Order().ToList();
        Assert.Equal(3, times.Count);
        // Jitter spreads each wait between 0.5x and 1.5x of the delay.
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromMilliseconds(450), $"gap {gap.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task The_breaker_stops_a_failing_marketplace_and_the_others_go_on()
    {
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.ServiceUnavailable, Marketplace = "lazada" }]);
        var before = SearchRequests("lazada");
        var result = await AppProcess.RunAsync(new Dictionary<string, string> { ["MarketWatch__Crawl__BreakerFailures"] = "2", ["MarketWatch__Crawl__RetryAttempts"] = "0" },
            "--data-dir", _data.Path, "crawl", "-m", "lazada,blibli", "-q", "unblock imei", "--pages", "8", "--sandbox", sandbox.Url);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("circuit breaker opened", result.Stderr);
        Assert.True(SearchRequests("lazada") - before < 8, "the breaker stopped the requests before the page budget ran out");
        await using var db = Open();
        var lazada = await db.CrawlRuns.Include(r => r.Pages).SingleAsync(r => r.Marketplace == "lazada");
        Assert.Equal(1, lazada.BreakerOpenings);
        Assert.Contains(lazada.Pages, p => p.Status == PageStatus.Pending);
        Assert.Equal(CrawlStatus.Succeeded, (await db.CrawlRuns.SingleAsync(r => r.Marketplace == "blibli")).Status);
    }
}
