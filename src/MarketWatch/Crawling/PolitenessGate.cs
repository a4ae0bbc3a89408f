using System.Collections.Concurrent;

namespace MarketWatch.Crawling;

/// <summary>Per-host throttles and robots.txt, shared by every run of the process.</summary>
public sealed class PolitenessGate(BrowserOptions browser, CrawlOptions crawl) : IDisposable
{
    private readonly ConcurrentDictionary<string, HostThrottle> _throttles = new();
    private readonly RobotsFetcher _robots = new(browser.UserAgent, crawl.ProductToken, TimeSpan.FromHours(crawl.RobotsCacheHours));

    public async Task<HostThrottle> ThrottleAsync(Uri url, Politeness p, LinkGuard guard, CancellationToken ct)
    {
        // Crawl-delay is a floor under our own delay, never a reason to go faster.
        var robotsDelay = p.ObeyRobots == true ? (await RobotsAsync(url, guard, ct)).CrawlDelaySeconds ?? 0 : 0;
        var min = Math.Max(p.DelaySeconds ?? 0, robotsDelay);
        var max = Math.Max(min, p.MaxDelaySeconds ?? min);
        var throttle = _throttles.GetOrAdd(url.Authority, _ => new HostThrottle(p.Concurrency ?? 1, min, max, p.AutoThrottle == true));
        throttle.Reconfigure(p.Concurrency ?? 1, min, max, p.AutoThrottle == true);   // the latest run's settings win
        return throttle;
    }

    /// <summary>The host's robots.txt (RFC 9309 §2.3): redirects only where the guard allows, cached up to 24 h.</summary>
    public Task<RobotsTxt> RobotsAsync(Uri url, LinkGuard guard, CancellationToken ct) => _robots.GetAsync(url, guard, ct);

    public void Dispose() => _robots.Dispose();
}
