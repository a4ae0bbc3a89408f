using System.Collections.Concurrent;
using System.Net;

namespace MarketWatch.Crawling;

/// <summary>Per-host throttles and robots.txt, shared by every run of the process.</summary>
public sealed class PolitenessGate(BrowserOptions browser) : IDisposable
{
    private readonly ConcurrentDictionary<string, HostThrottle> _throttles = new();
    private readonly ConcurrentDictionary<string, Task<RobotsTxt>> _robots = new();
    private readonly HttpClient _http = CreateClient(browser);

    private static HttpClient CreateClient(BrowserOptions options)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        return http;
    }

    public async Task<HostThrottle> ThrottleAsync(Uri url, Politeness p, CancellationToken ct)
    {
        var robotsDelay = p.ObeyRobots == true ? (await RobotsAsync(url, ct)).CrawlDelaySeconds ?? 0 : 0;
        var min = Math.Max(p.DelaySeconds ?? 0, robotsDelay);
        var max = Math.Max(min, p.MaxDelaySeconds ?? min);
        var throttle = _throttles.GetOrAdd(url.Authority, _ => new HostThrottle(p.Concurrency ?? 1, min, max, p.AutoThrottle == true));
        throttle.Reconfigure(p.Concurrency ?? 1, min, max, p.AutoThrottle == true);   // the latest run's settings win
        return throttle;
    }

    /// <summary>The host's robots.txt, fetched once per process (RFC 9309: 4xx means allow all, unreachable means disallow all).</summary>
    public Task<RobotsTxt> RobotsAsync(Uri url, CancellationToken ct) =>
        _robots.GetOrAdd(url.Scheme + "://" + url.Authority, root => FetchRobotsAsync(new Uri(root + "/robots.txt"), ct));

    private async Task<RobotsTxt> FetchRobotsAsync(Uri robots, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(robots, ct);
            if (response.IsSuccessStatusCode) return RobotsTxt.Parse(await response.Content.ReadAsStringAsync(ct), "MarketWatch");
            if ((int)response.StatusCode is >= 400 and < 500) return RobotsTxt.AllowAll;
            return Unavailable(robots, $"robots.txt at {robots} answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return Unavailable(robots, e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused }
                ? $"connection refused by {robots.Authority} (is the site or sandbox running?)"
                : $"robots.txt at {robots} unreachable: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Unavailable(robots, $"robots.txt at {robots} timed out");
        }
    }

    private RobotsTxt Unavailable(Uri robots, string problem)
    {
        _robots.TryRemove(robots.Scheme + "://" + robots.Authority, out _);   // asked again by the next page or run
        return RobotsTxt.Unreachable(problem);
    }

    public void Dispose() => _http.Dispose();
}
