using MarketWatch.Crawling;

namespace MarketWatch.Tests.Crawling;

public class PolitenessUnitTests
{
    [Theory]
    [InlineData("/search?q=imei", true)]
    [InlineData("/cart/checkout", false)]
    [InlineData("/cart/public/info", true)]        // the longer Allow wins
    [InlineData("/p/x.php", false)]                 // "*" and "$"
    [InlineData("/p/x.php5", true)]
    public void Robots_txt_longest_match_decides_for_our_group(string path, bool allowed)
    {
        var robots = RobotsTxt.Parse("""
            User-agent: Googlebot
            Disallow: /

            User-agent: *
            Disallow: /cart/
            Allow: /cart/public/
            Disallow: /*.php$
            Crawl-delay: 2.5
            """, "MarketWatch");
        Assert.Equal(allowed, robots.Allows(new Uri("https://shop.example" + path)));
        Assert.Equal(2.5, robots.CrawlDelaySeconds);
    }

    [Fact]
    public void A_group_naming_us_replaces_the_star_group()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nAllow: /\n\nUser-agent: marketwatch\nDisallow: /search\n", "MarketWatch/0.1");
        Assert.False(robots.Allows(new Uri("https://shop.example/search?q=1")));
        Assert.True(robots.Allows(new Uri("https://shop.example/p/1")));
        Assert.False(RobotsTxt.Unreachable("503").Allows(new Uri("https://shop.example/p/1")));   // RFC 9309: unreachable means disallow all
    }

    [Theory]
    [InlineData("https://www.tokopedia.com/shop/x-1", false, null)]
    [InlineData("https://evil.example/x", false, "not a host of this marketplace")]
    [InlineData("javascript:alert(1)", false, "not http(s)")]
    [InlineData("http://127.0.0.1:8080/admin", false, "private or loopback")]
    [InlineData("http://192.168.1.1/", false, "private or loopback")]
    [InlineData("http://10.0.0.5/", false, "private or loopback")]
    [InlineData("http://127.0.0.1:8080/admin", true, "not a host of this marketplace")]
    [InlineData("http://www.tokopedia.com/shop/x-1", false, "not a host of this marketplace")]     // an origin is scheme, host and port
    [InlineData("https://www.tokopedia.com:8443/shop/x-1", false, "not a host of this marketplace")]
    [InlineData("wss://www.tokopedia.com/socket", false, null)]                                     // a WebSocket belongs to its https origin
    [InlineData("ws://www.tokopedia.com/socket", false, "not a host of this marketplace")]
    [InlineData("https://images.tokopedia.net/a.js", false, null)]                                  // declared in ExtraOrigins
    [InlineData("http://169.254.169.254/latest/meta-data/", true, "cloud metadata service")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/", true, "cloud metadata service")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", true, "cloud metadata service")]
    [InlineData("http://169.254.1.1/", true, "link-local")]
    [InlineData("http://[fe80::1]/", true, "link-local")]
    [InlineData("http://[::ffff:10.0.0.1]/", false, "private or loopback")]
    [InlineData("http://0.0.0.0:8080/", true, "unspecified")]
    [InlineData("http://localhost:8080/", false, "private or loopback")]
    public void Link_guard_refuses_what_a_crawl_must_not_follow(string url, bool sandbox, string? reason)
    {
        var guard = LinkGuard.For("https://www.tokopedia.com", ["https://images.tokopedia.net"], sandbox);
        var refused = guard.Refuse(url);
        if (reason is null) Assert.Null(refused);
        else Assert.Contains(reason, refused);
    }

    [Fact]
    public void A_local_marketplace_may_use_its_own_local_origin_and_nothing_else()
    {
        var guard = LinkGuard.For("http://127.0.0.1:5081/tokopedia", null, sandbox: false);
        Assert.Null(guard.Refuse("http://127.0.0.1:5081/tokopedia/search?q=imei"));
        Assert.Contains("private or loopback", guard.Refuse("http://127.0.0.1:5082/"));
        Assert.Contains("private or loopback", guard.Refuse("http://127.0.0.2:5081/"));
        Assert.Contains("cloud metadata service", LinkGuard.For("http://169.254.169.254", null, sandbox: true).Refuse("http://169.254.169.254/latest/"));
    }

    [Fact]
    public async Task Link_guard_resolves_a_host_name_and_refuses_one_that_points_at_a_local_address()
    {
        // This machine's own name resolves to a loopback or private address (127.0.1.1 on Debian, the container's
        // address in a container; link-local ones too): only resolving shows it, as with a public marketplace name re-pointed at
        // 127.0.0.1 or 169.254.169.254 (DNS rebinding).
        var name = System.Net.Dns.GetHostName();
        var guard = LinkGuard.For($"http://{name}:8080", null, sandbox: false);
        Assert.Null(guard.Refuse($"http://{name}:8080/cari"));
        Assert.Matches($"host '{name}' resolves to .*, which is (private or loopback|link-local)", await guard.RefuseAsync(new Uri($"http://{name}:8080/cari")));
    }

    [Fact]
    public void Auto_throttle_follows_latency_within_bounds_and_errors_never_speed_it_up()
    {
        var throttle = new HostThrottle(concurrency: 1, minDelaySeconds: 1, maxDelaySeconds: 10, autoThrottle: true);
        throttle.Observe(TimeSpan.FromSeconds(5), ok: true);
        Assert.Equal(3, throttle.CurrentDelaySeconds, 3);    // (1 + 5) / 2
        throttle.Observe(TimeSpan.FromSeconds(0.1), ok: false);
        Assert.Equal(3, throttle.CurrentDelaySeconds, 3);    // an error response cannot lower the delay
        throttle.Observe(TimeSpan.FromSeconds(0.1), ok: true);
        Assert.Equal(1.55, throttle.CurrentDelaySeconds, 3);
        for (var i = 0; i < 20; i++) throttle.Observe(TimeSpan.FromSeconds(60), ok: true);
        Assert.Equal(10, throttle.CurrentDelaySeconds, 3);   // capped
    }

    [Fact]
    public async Task Throttle_spaces_request_starts_and_a_pause_holds_the_host()
    {
        var throttle = new HostThrottle(1, 0.2, 0.2, autoThrottle: false);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 3; i++) using (await throttle.AcquireAsync(default)) { }
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(190), $"{watch.ElapsedMilliseconds} ms for three starts 0.1-0.3 s apart");
        throttle.Pause(TimeSpan.FromMilliseconds(600));
        watch.Restart();
        using (await throttle.AcquireAsync(default)) { }
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(550), $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_limiter_grown_while_full_admits_waiters_at_once_and_a_shrunk_one_waits_for_releases()
    {
        var limiter = new ResizableLimiter(1);
        await limiter.WaitAsync(default);
        var second = limiter.WaitAsync(default);
        Assert.False(second.IsCompleted);
        limiter.Resize(3);
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        await limiter.WaitAsync(default).WaitAsync(TimeSpan.FromSeconds(5));   // three held now

        limiter.Resize(1);
        var next = limiter.WaitAsync(default);
        limiter.Release();
        limiter.Release();
        Assert.False(next.IsCompleted);           // one still held, and the limit is one
        limiter.Release();
        await next.WaitAsync(TimeSpan.FromSeconds(5));

        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.WaitAsync(cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        limiter.Release();
        await limiter.WaitAsync(default).WaitAsync(TimeSpan.FromSeconds(5));   // the cancelled waiter took no slot
    }

    [Fact]
    public async Task A_later_run_with_other_politeness_gets_its_own_settings_in_the_same_process()
    {
        using var gate = new PolitenessGate(new BrowserOptions(), new CrawlOptions());
        var url = new Uri("http://127.0.0.1:9/search");
        var guard = LinkGuard.For(url.ToString(), null, sandbox: true);
        var first = await gate.ThrottleAsync(url, new Politeness { ObeyRobots = false, Concurrency = 1, DelaySeconds = 5 }, guard, default);
        Assert.Equal(5, first.CurrentDelaySeconds, 3);
        var second = await gate.ThrottleAsync(url, new Politeness { ObeyRobots = false, Concurrency = 4, DelaySeconds = 0 }, guard, default);
        Assert.Same(first, second);                // still one throttle per host
        Assert.Equal(4, second.Concurrency);
        Assert.Equal(0, second.CurrentDelaySeconds, 3);
        var held = new List<IDisposable>();
        for (var i = 0; i < 4; i++) held.Add(await second.AcquireAsync(default).WaitAsync(TimeSpan.FromSeconds(5)));
        held.ForEach(h => h.Dispose());
    }

    [Theory]
    [InlineData("5", 5.0)]
    [InlineData("0", 0.0)]
    [InlineData("soon", null)]
    public void Retry_after_reads_delay_seconds(string value, double? seconds) =>
        Assert.Equal(seconds, RetryAfter.Parse(value)?.TotalSeconds);
}
