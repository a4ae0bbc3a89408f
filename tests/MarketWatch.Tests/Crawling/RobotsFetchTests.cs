using System.Text;
using MarketWatch.Crawling;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// Fetching robots.txt as RFC 9309 §2.3-2.5 says, against two real loopback servers: the marketplace's own
/// origin and another one it must never reach through a redirect.
/// </summary>
public class RobotsFetchTests : IDisposable
{
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly WireMockServer _other = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly ManualClock _clock = new();
    private readonly RobotsFetcher _fetcher;
    private readonly LinkGuard _guard;

    public RobotsFetchTests()
    {
        // A generous timeout: a loaded machine must not turn a slow answer into "unreachable" (the timeout test has its own).
        _fetcher = new RobotsFetcher("MarketWatch/0.1 (+mailto:test@example.go.id)", "MarketWatch", TimeSpan.FromHours(24), _clock, TimeSpan.FromSeconds(60));
        // Sandbox mode: the configured loopback host is trusted; the other loopback origin is not ours.
        _guard = LinkGuard.For(_site.Url!, null, sandbox: true);
    }

    public void Dispose()
    {
        _fetcher.Dispose();
        _site.Stop();
        _other.Stop();
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private Uri Page(string path = "/search?q=imei") => new(_site.Url + path);

    private void Serve(string path, IResponseBuilder response) => _site.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(response);

    private int RobotsRequests() => _site.LogEntries.Count(e => e.RequestMessage.Path == "/robots.txt");

    [Fact]
    public async Task A_file_read_is_parsed_for_our_product_token()
    {
        Serve("/robots.txt", Response.Create().WithBody("User-agent: *\nAllow: /\n\nUser-agent: MarketWatch\nDisallow: /search\nCrawl-delay: 3\n"));
        var robots = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Null(robots.Problem);
        Assert.False(robots.Allows(Page()));
        Assert.True(robots.Allows(Page("/p/1")));
        Assert.Equal(3, robots.CrawlDelaySeconds);
        Assert.Contains("MarketWatch/0.1", _site.LogEntries.Single().RequestMessage.Headers!["User-Agent"].Single());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(401)]
    [InlineData(410)]
    public async Task A_4xx_means_there_is_no_robots_txt_and_everything_is_allowed(int status)
    {
        Serve("/robots.txt", Response.Create().WithStatusCode(status).WithBody("User-agent: *\nDisallow: /\n"));
        var robots = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Null(robots.Problem);
        Assert.True(robots.Allows(Page()));
        Assert.Contains($"answered {status}", robots.Absent);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]    // "come back later" does not say the file is missing
    public async Task A_5xx_or_429_means_unreachable_and_everything_is_disallowed(int status)
    {
        Serve("/robots.txt", Response.Create().WithStatusCode(status));
        var robots = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Contains($"answered {status}", robots.Problem);
        Assert.False(robots.Allows(Page("/p/1")));
    }

    [Fact]
    public async Task A_timeout_or_a_refused_connection_means_unreachable()
    {
        Serve("/robots.txt", Response.Create().WithBody("User-agent: *\nAllow: /\n").WithDelay(TimeSpan.FromSeconds(20)));
        using var impatient = new RobotsFetcher("MarketWatch/0.1", "MarketWatch", TimeSpan.FromHours(24), _clock, TimeSpan.FromSeconds(1));
        var slow = await impatient.GetAsync(Page(), _guard, default);
        Assert.Contains("timed out", slow.Problem);
        Assert.False(slow.Allows(Page()));

        var closed = new Uri("http://127.0.0.1:9/search");
        var refused = await _fetcher.GetAsync(closed, LinkGuard.For(closed.ToString(), null, true), default);
        Assert.Contains("connection refused", refused.Problem);
    }

    [Fact]
    public async Task Up_to_five_redirects_on_our_own_origin_are_followed()
    {
        Serve("/robots.txt", Response.Create().WithStatusCode(301).WithHeader("Location", "/r1"));
        for (var i = 1; i < 5; i++) Serve($"/r{i}", Response.Create().WithStatusCode(302).WithHeader("Location", $"{_site.Url}/r{i + 1}"));
        Serve("/r5", Response.Create().WithBody("User-agent: *\nDisallow: /secret\n"));
        var robots = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Null(robots.Problem);
        Assert.False(robots.Allows(Page("/secret/x")));
        Assert.True(robots.Allows(Page("/open")));
    }

    [Fact]
    public async Task A_sixth_redirect_makes_robots_txt_unreachable()
    {
        Serve("/robots.txt", Response.Create().WithStatusCode(302).WithHeader("Location", "/r1"));
        for (var i = 1; i <= 5; i++) Serve($"/r{i}", Response.Create().WithStatusCode(302).WithHeader("Location", $"/r{i + 1}"));
        Serve("/r6", Response.Create().WithBody("User-agent: *\nAllow: /\n"));
        var robots = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Contains("more than 5 redirects", robots.Problem);
        Assert.False(robots.Allows(Page()));
        Assert.DoesNotContain(_site.LogEntries, e => e.RequestMessage.Path == "/r6");
    }

    [Theory]
    [InlineData("{other}/robots.txt", "not a host of this marketplace")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata service")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata service")]
    [InlineData("file:///etc/passwd", "not http(s)")]
    public async Task A_redirect_off_the_marketplace_is_refused_and_never_requested(string location, string reason)
    {
        _other.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithBody("User-agent: *\nAllow: /\n"));
        Serve("/robots.txt", Response.Create().WithStatusCode(302).WithHeader("Location", "/hop"));
        Serve("/hop", Response.Create().WithStatusCode(307).WithHeader("Location", location.Replace("{other}", _other.Url)));
        var robots = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Contains("refused", robots.Problem);
        Assert.Contains(reason, robots.Problem);
        Assert.False(robots.Allows(Page()));     // a refused redirect counts as unreachable: disallow all
        Assert.Empty(_other.LogEntries);
    }

    [Fact]
    public async Task A_file_read_is_cached_for_24_hours_then_fetched_again()
    {
        Serve("/robots.txt", Response.Create().WithBody("User-agent: *\nDisallow: /a\n"));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _fetcher.GetAsync(Page(), _guard, default)));
        Assert.Equal(1, RobotsRequests());       // pages in flight together share one fetch

        _clock.Now += TimeSpan.FromHours(23.9);
        await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Equal(1, RobotsRequests());

        _site.Reset();
        Serve("/robots.txt", Response.Create().WithBody("User-agent: *\nDisallow: /b\n"));
        _clock.Now += TimeSpan.FromHours(0.2);
        var fresh = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Equal(1, RobotsRequests());
        Assert.True(fresh.Allows(Page("/a")));
        Assert.False(fresh.Allows(Page("/b")));
    }

    [Fact]
    public async Task An_unreachable_file_is_asked_for_again_and_read_once_it_answers()
    {
        Serve("/robots.txt", Response.Create().WithStatusCode(503));
        Assert.NotNull((await _fetcher.GetAsync(Page(), _guard, default)).Problem);
        _site.Reset();
        Serve("/robots.txt", Response.Create().WithBody("User-agent: *\nAllow: /\n"));
        var robots = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Null(robots.Problem);
        Assert.True(robots.Allows(Page()));
    }

    [Fact]
    public async Task Half_a_mebibyte_is_parsed_and_a_line_cut_at_the_limit_is_dropped()
    {
        var body = new StringBuilder("User-agent: *\n");
        while (body.Length < RobotsFetcher.ParseLimitBytes - 200) body.Append("# ").Append('x', 97).Append('\n');
        body.Append("Disallow: /late\n");
        // This rule straddles the 500 KiB limit: read cut, it would allow far more than it says.
        body.Append("Allow: /").Append('p', RobotsFetcher.ParseLimitBytes - body.Length).Append("ublic-only\n");
        body.Append("Disallow: /after-the-limit\n");
        Serve("/robots.txt", Response.Create().WithBody(body.ToString()));
        var robots = await _fetcher.GetAsync(Page(), _guard, default);
        Assert.Null(robots.Problem);
        Assert.False(robots.Allows(Page("/late/x")));
        Assert.DoesNotContain(robots.Rules, r => r.Allow);
        Assert.True(robots.Allows(Page("/after-the-limit")));
    }
}
