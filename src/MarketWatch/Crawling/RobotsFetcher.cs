using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace MarketWatch.Crawling;

/// <summary>
/// Fetches robots.txt as RFC 9309 §2.3 says: redirects followed by hand, at most five, each only to a target
/// the marketplace's link guard allows (a refused or sixth redirect makes it unreachable); 2xx is parsed
/// (the first 500 KiB, §2.5); 4xx means no robots.txt, so everything is allowed; 5xx, 429, timeouts and
/// network errors mean unreachable, so everything is disallowed until it can be read. A file read is
/// cached per origin for at most <c>Crawl:RobotsCacheHours</c> (≤ 24 h, §2.4); an unreachable one is not
/// cached, so the next page asks again.
/// </summary>
public sealed class RobotsFetcher : IDisposable
{
    public const int MaxRedirects = 5;
    public const int ParseLimitBytes = 500 * 1024;

    private readonly HttpClient _http;
    private readonly string _token;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (RobotsTxt Robots, DateTimeOffset At)> _cache = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fetching = new();

    public RobotsFetcher(string userAgent, string productToken, TimeSpan maxAge, TimeProvider? clock = null, TimeSpan? timeout = null)
    {
        // Redirects are ours to follow: each hop is checked against the guard before it is requested.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = timeout ?? TimeSpan.FromSeconds(15) };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        (_token, _maxAge, _clock) = (productToken, maxAge, clock ?? TimeProvider.System);
    }

    /// <summary>The robots.txt of the page's origin, from the cache while it is fresh.</summary>
    public async Task<RobotsTxt> GetAsync(Uri page, LinkGuard guard, CancellationToken ct)
    {
        var origin = page.GetLeftPart(UriPartial.Authority);
        if (Fresh(origin) is { } cached) return cached;
        var gate = _fetching.GetOrAdd(origin, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Fresh(origin) is { } again) return again;   // fetched by the page we waited for
            var robots = await FetchAsync(new Uri(origin + "/robots.txt"), guard, ct);
            if (robots.Problem is null) _cache[origin] = (robots, _clock.GetUtcNow());
            else _cache.TryRemove(origin, out _);
            return robots;
        }
        finally { gate.Release(); }
    }

    private RobotsTxt? Fresh(string origin) =>
        _cache.TryGetValue(origin, out var entry) && _clock.GetUtcNow() - entry.At < _maxAge ? entry.Robots : null;

    /// <summary>One fetch, no cache: what the crawl would read now.</summary>
    public async Task<RobotsTxt> FetchAsync(Uri robotsUrl, LinkGuard guard, CancellationToken ct)
    {
        var target = robotsUrl;
        try
        {
            for (var hop = 0; ; hop++)
            {
                // The first request too: the marketplace's own name may resolve to an address the guard refuses.
                if (hop == 0 && await guard.RefuseAsync(target, ct) is { } refused) return RobotsTxt.Unreachable($"robots.txt at {target} refused ({refused})");
                using var response = await _http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, ct);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = new Uri(target, location);
                    if (hop == MaxRedirects) return RobotsTxt.Unreachable($"robots.txt at {robotsUrl}: more than {MaxRedirects} redirects (last to {next})");
                    if (await guard.RefuseAsync(next, ct) is { } why)
                        return RobotsTxt.Unreachable($"robots.txt at {robotsUrl}: redirect to {next} refused ({why})");
                    target = next;
                    continue;
                }
                if (status is >= 200 and < 300) return RobotsTxt.Parse(await ReadAsync(response, ct), _token);
                // 429 asks us to come back later; it does not say the file is missing.
                if (status is >= 400 and < 500 && status != 429) return RobotsTxt.Missing(_token, $"robots.txt at {target} answered {status}, so there is none");
                return RobotsTxt.Unreachable($"robots.txt at {target} answered {status}");
            }
        }
        catch (HttpRequestException e)
        {
            return RobotsTxt.Unreachable(e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                ? $"connection refused by {target.Authority} (is the site or sandbox running?)"
                : $"robots.txt at {target} unreachable: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return RobotsTxt.Unreachable($"robots.txt at {target} timed out");
        }
    }

    // §2.5: at least 500 KiB are parsed; past the limit the cut line is dropped, since half a rule can
    // allow more than the whole one did ("Allow: /a" from "Allow: /admin-public").
    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ParseLimitBytes + 1];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        if (read <= ParseLimitBytes) return Encoding.UTF8.GetString(buffer, 0, read);
        var end = Array.FindLastIndex(buffer, ParseLimitBytes - 1, b => b is (byte)'\n' or (byte)'\r');
        return Encoding.UTF8.GetString(buffer, 0, end + 1);
    }

    public void Dispose() => _http.Dispose();
}
