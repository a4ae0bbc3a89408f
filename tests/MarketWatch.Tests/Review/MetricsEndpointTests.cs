using MarketWatch.Crawling;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Tests.Review;

/// <summary>The Prometheus endpoint: off by default; when on, a scrape from this machine reads the crawl's metrics without signing in.</summary>
public class MetricsEndpointTests
{
    private static async Task<(WebApplication Web, HttpClient Http)> StartAsync(TestDb db, bool enabled)
    {
        var web = WebApp.Build(AppPaths.Resolve(null, db.DataDir), "http://127.0.0.1:0",
            overrides: [new("Schedules:Enabled", "false"), new("Metrics:Enabled", enabled ? "true" : "false"), Support.EnglishUi.Setting]);
        await web.StartAsync();
        return (web, new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(web.BoundUrl()) });
    }

    [Fact]
    public async Task A_loopback_scrape_reads_the_crawl_counters_in_prometheus_format()
    {
        await using var db = await TestDb.CreateAsync();
        var (web, http) = await StartAsync(db, enabled: true);
        await using (web)
        using (http)
        {
            var metrics = web.Services.GetRequiredService<CrawlMetrics>();
            metrics.Page("tokopedia", "done");
            metrics.Listings("tokopedia", fresh: 3, changed: 0, unchanged: 1, flagged: 2);
            metrics.Fetched("tokopedia", "search", TimeSpan.FromMilliseconds(300));
            var response = await http.GetAsync("/metrics");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
            Assert.Contains("marketwatch_pages_total{", text);
            Assert.Matches(@"marketwatch_pages_total\{[^}]*marketplace=""tokopedia""[^}]*\} 1", text);
            Assert.Matches(@"marketwatch_listings_flagged_total\{[^}]*\} 2", text);
            Assert.Contains("marketwatch_fetch_duration_seconds_bucket", text);
        }
    }

    [Fact]
    public async Task The_endpoint_is_off_by_default()
    {
        await using var db = await TestDb.CreateAsync();
        var (web, http) = await StartAsync(db, enabled: false);
        await using (web)
        using (http)
        {
            var response = await http.GetAsync("/metrics");
            Assert.False(response.IsSuccessStatusCode);
            Assert.DoesNotContain("marketwatch_", await response.Content.ReadAsStringAsync());
        }
    }
}
