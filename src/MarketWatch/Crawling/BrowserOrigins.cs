using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>A request the browser was not let make: where it would have gone and why not.</summary>
public sealed record RefusedRequest(string Url, string Reason, bool Navigation);

/// <summary>
/// Holds one browser context to its marketplace's origins (<see cref="LinkGuard"/>). Every request of the context
/// is routed here: one off the marketplace is aborted. Playwright does not route redirect hops, so no allowed
/// request is left to Chromium's network stack either: it is fetched here with redirects off
/// (<c>route.FetchAsync(MaxRedirects = 0)</c>), each <c>Location</c> is checked before it is asked for, and Chromium
/// gets the final answer. Chromium therefore never contacts a refused target, whatever the page does: redirects,
/// scripts, meta refresh, frames, fetch/XHR. Service workers are blocked on the context (they bypass routing) and
/// WebSockets to other origins are closed before they connect.
/// </summary>
public sealed class BrowserOrigins
{
    public const int MaxRedirects = 5;

    /// <summary>
    /// The policy added to every document when resources are blocked: images, fonts and media are not loaded from the
    /// network at all (inline data: and blob: ones still show). Blink checks it before it makes the request, so the
    /// 40-odd card images of a search page never become routed requests: each one routed here only to be aborted cost
    /// Chromium, the driver and this process a round trip (a storefront with an image per card loaded 30-40% more
    /// pages a minute without them; docs/decisions.md). Images that slip past it (a favicon) are still aborted below.
    /// </summary>
    public const string BlockingPolicy = "img-src data: blob:; font-src data:; media-src data: blob:";

    private static readonly HashSet<string> Skippable = ["image", "font", "media"];

    /// <summary>Whether a request of this resource type is kept out when resources are blocked (images, fonts, media).</summary>
    public static bool IsBlockable(string resourceType) => Skippable.Contains(resourceType);

    private readonly ConcurrentDictionary<IPage, TabWatch> _tabs = new();
    private readonly Func<bool> _blocking;
    private readonly float _timeoutMs;
    private volatile LinkGuard _guard;

    private BrowserOrigins(LinkGuard guard, Func<bool> blocking, float timeoutMs) => (_guard, _blocking, _timeoutMs) = (guard, blocking, timeoutMs);

    /// <param name="blocking">Whether images, fonts and media are kept out (the marketplace's BlockResources, read per request).</param>
    public static async Task<BrowserOrigins> InstallAsync(IBrowserContext context, LinkGuard guard, Func<bool> blocking, float timeoutMs)
    {
        var origins = new BrowserOrigins(guard, blocking, timeoutMs);
        await context.RouteAsync("**/*", origins.RouteAsync);
        // Only WebSockets the guard refuses are routed; closing them without connecting means no byte leaves.
        await context.RouteWebSocketAsync(url => origins.GuardFor(null).Refuse(url) is not null, ws =>
        {
            _ = ws.CloseAsync(new() { Code = 1008, Reason = "not an origin of this marketplace" });
        });
        return origins;
    }

    /// <summary>
    /// Starts a fetch on a tab: its refusals, rendered URL and captured responses from here on, under this run's guard.
    /// </summary>
    public TabWatch Watch(IPage page, LinkGuard guard, NetworkCapture? capture = null)
    {
        _guard = guard;   // the latest run's guard applies to tabs not in a fetch (a popup)
        var watch = _tabs.GetOrAdd(page, _ => new TabWatch());
        watch.Begin(guard, capture);
        return watch;
    }

    public void Forget(IPage page) => _tabs.TryRemove(page, out _);

    private LinkGuard GuardFor(IRequest? request)
    {
        if (request is null) return _guard;
        return WatchOf(request)?.Guard ?? _guard;
    }

    private TabWatch? WatchOf(IRequest request)
    {
        try { return _tabs.GetValueOrDefault(request.Frame.Page); }
        catch (PlaywrightException) { return null; }   // a worker's request has no frame
    }

    private static bool IsMainFrame(IRequest request)
    {
        try { return request.IsNavigationRequest && request.Frame.ParentFrame is null; }
        catch (PlaywrightException) { return false; }
    }

    private async Task RouteAsync(IRoute route)
    {
        var request = route.Request;
        var watch = WatchOf(request);
        var guard = watch?.Guard ?? _guard;
        var main = IsMainFrame(request);
        // The scroll step asks whether the page still waits for data: every fetch/XHR passes here, so it is counted
        // here, with no request events sent to this process for it.
        var call = watch is not null && request.ResourceType is "fetch" or "xhr";
        watch?.RouteStarted();
        if (call) watch!.CallStarted();
        try
        {
            if (await guard.RefuseAsync(new Uri(request.Url)) is { } why)
            {
                watch?.Refuse(new RefusedRequest(request.Url, why, main));
                await route.AbortAsync("blockedbyclient");
            }
            else if (_blocking() && IsBlockable(request.ResourceType)) await route.AbortAsync();
            else await FetchAsync(route, request, guard, watch, main);
        }
        catch (PlaywrightException) { }   // the tab closed while its request was on the way
        finally { if (call) watch!.CallEnded(); }
    }

    // The page's own policy stays: policies joined by a comma are each enforced (CSP 3, "serialized CSP list"), so
    // adding ours can only forbid more, never lift what the marketplace forbids.
    public static Dictionary<string, string> WithBlockingPolicy(IReadOnlyDictionary<string, string> headers)
    {
        var with = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        with["content-security-policy"] = with.TryGetValue("content-security-policy", out var own) && !string.IsNullOrWhiteSpace(own)
            ? $"{own}, {BlockingPolicy}" : BlockingPolicy;
        return with;
    }

    private static string? Header(IAPIResponse response, string name) =>
        response.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    // The request as Chromium would make it, with its redirects followed here, hop by checked hop.
    private async Task FetchAsync(IRoute route, IRequest request, LinkGuard guard, TabWatch? watch, bool main)
    {
        var url = request.Url;
        var options = new RouteFetchOptions { MaxRedirects = 0, Timeout = _timeoutMs };
        for (var hop = 0; ; hop++)
        {
            IAPIResponse response;
            try { response = await route.FetchAsync(options); }
            catch (PlaywrightException e)
            {
                await route.AbortAsync(e.Message.Contains("ECONNREFUSED") ? "connectionrefused" : e.Message.Contains("Timeout") ? "timedout" : "failed");
                return;
            }
            var location = response.Status is >= 300 and < 400 ? Header(response, "location") : null;
            if (location is null)
            {
                if (main) watch?.Rendered(request.Url, url, response.Status, Header(response, "retry-after"));
                // The capture reads the body from the driver while Chromium is handed the same answer.
                var captured = watch?.Capture?.Record(request, response);
                var headers = _blocking() && request.ResourceType == "document" ? WithBlockingPolicy(response.Headers) : null;
                try { await route.FulfillAsync(new() { Response = response, Headers = headers }); }
                finally
                {
                    if (captured is not null) await captured;
                    // The driver keeps every fetched body for the context's lifetime unless it is disposed, and a
                    // patrol's context lives for days (DriverMemoryTests).
                    await response.DisposeAsync();
                }
                return;
            }
            await response.DisposeAsync();
            var next = Uri.TryCreate(new Uri(url), location, out var target) ? target : null;
            var why = next is null ? $"redirect to an unreadable Location '{location}'"
                : hop == MaxRedirects ? $"more than {MaxRedirects} redirects"
                : await guard.RefuseAsync(next) is { } refused ? $"redirect from {url} refused: {refused}" : null;
            if (why is not null)
            {
                watch?.Refuse(new RefusedRequest(next?.ToString() ?? location, why, main));
                await route.AbortAsync("blockedbyclient");
                return;
            }
            url = next!.ToString();
            options.Url = url;
            // RFC 9110 15.4: a 303, and a 301/302 answering a POST, are followed with GET.
            if (response.Status == 303 || response.Status is 301 or 302 && request.Method == "POST") (options.Method, options.PostData) = ("GET", null);
        }
    }
}

/// <summary>
/// What one tab did during one fetch, as its requests passed the origin guard: the requests refused, the document
/// it was answered (where it really came from, its status and Retry-After), and the page's fetch/XHR calls still open.
/// </summary>
public sealed class TabWatch
{
    private readonly Lock _lock = new();
    private readonly List<RefusedRequest> _refused = [];
    private Document? _document;
    private int _calls;
    private int _routed;

    /// <summary>The main frame's latest document: the URL asked for, where its redirects ended, its answer.</summary>
    public sealed record Document(string Requested, string Final, int Status, string? RetryAfter);

    public LinkGuard Guard { get; private set; } = null!;

    /// <summary>Where the fetch's API answers go (null when the profile captures none).</summary>
    public NetworkCapture? Capture { get; private set; }

    public void Begin(LinkGuard guard, NetworkCapture? capture)
    {
        lock (_lock)
        {
            Guard = guard;
            Capture = capture;
            _refused.Clear();
            _document = null;
            _routed = 0;
        }
    }

    /// <summary>The fetch is over: a reused tab's later requests (a page that polls while it waits in the pool) are not kept.</summary>
    public void EndCapture() { lock (_lock) Capture = null; }

    public void Refuse(RefusedRequest refused) { lock (_lock) _refused.Add(refused); }

    public void Rendered(string requested, string final, int status, string? retryAfter) { lock (_lock) _document = new(requested, final, status, retryAfter); }

    /// <summary>The document the tab's main frame was last answered in this fetch (null: none reached it).</summary>
    public Document? Answered { get { lock (_lock) return _document; } }

    public void RouteStarted() => Interlocked.Increment(ref _routed);

    /// <summary>The requests of this fetch that reached the guard so far.</summary>
    public int Routed => Volatile.Read(ref _routed);

    // Not reset by Begin: a call of the previous page still in the guard ends (and is counted off) after it.
    public void CallStarted() => Interlocked.Increment(ref _calls);
    public void CallEnded() => Interlocked.Decrement(ref _calls);

    /// <summary>The page's fetch/XHR calls the guard is still answering.</summary>
    public int OpenCalls => Volatile.Read(ref _calls);

    public IReadOnlyList<RefusedRequest> Refused { get { lock (_lock) return [.. _refused]; } }

    /// <summary>The first navigation of the tab's page that was refused: the page tried to leave the marketplace.</summary>
    public RefusedRequest? NavigationRefused { get { lock (_lock) return _refused.FirstOrDefault(r => r.Navigation); } }

    /// <summary>The URL the shown document was answered from: the tab's URL, or where its redirects ended.</summary>
    public string RenderedUrl(string pageUrl)
    {
        lock (_lock) return _document is { } d && d.Requested == pageUrl ? d.Final : pageUrl;
    }
}
