using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>
/// Fetches through one real Chromium per process: a browser context per marketplace (its own cookies,
/// locale id-ID, Asia/Jakarta) and a bounded pool of reused tabs (a fresh tab costs ~0.6 s, a reused one
/// ~0.2 s). Images, fonts and media are skipped when allowed; navigation off the marketplace is refused.
/// </summary>
public sealed class BrowserFetcher(BrowserOptions options) : IPageFetcher, IAsyncDisposable
{
    // Chromium phones home at start; on a closed network that floods refused connections and slows launch.
    public static readonly string[] QuietArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
    private static readonly HashSet<string> Skippable = ["image", "font", "media"];

    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly ConcurrentDictionary<string, Pool> _pools = new();

    public string UserAgent => options.UserAgent;

    // The pool outlives a run; each request brings the settings of its run, and the latest ones apply
    // (tab count, blocked resource types, allowed hosts) instead of those of the first run in the process.
    private sealed class Pool(IBrowserContext context, FetchRequest first, int recycleAfter)
    {
        private readonly ConcurrentDictionary<IPage, int> _uses = new();
        public IBrowserContext Context => context;
        public ResizableLimiter Slots { get; } = new(first.Concurrency);
        public ConcurrentBag<IPage> Idle { get; } = [];
        public volatile FetchRequest Settings = first;

        public void Apply(FetchRequest request)
        {
            Settings = request;
            Slots.Resize(request.Concurrency);
        }

        // A tab navigated for hours grows (Chromium keeps per-tab state across same-site navigations): after
        // recycleAfter pages it is closed and the next fetch opens a fresh one, which keeps memory flat.
        public async ValueTask ReturnAsync(IPage page)
        {
            var uses = _uses.AddOrUpdate(page, 1, (_, n) => n + 1);
            if (Idle.Count < Slots.Limit && (recycleAfter <= 0 || uses < recycleAfter)) Idle.Add(page);
            else
            {
                _uses.TryRemove(page, out _);
                try { await page.CloseAsync(); } catch (PlaywrightException) { }   // worn out, or the pool shrank
            }
            Slots.Release();
        }
    }

    public async Task<FetchedPage> FetchAsync(FetchRequest request, CancellationToken ct)
    {
        var pool = await PoolForAsync(request, ct);
        pool.Apply(request);
        await pool.Slots.WaitAsync(ct);
        IPage? page = null;
        try
        {
            if (!pool.Idle.TryTake(out page) || page.IsClosed)
            {
                page = await pool.Context.NewPageAsync();
                page.SetDefaultTimeout(options.PageTimeoutSeconds * 1000);
            }
            var result = await LoadAsync(page, request);
            var kept = page;
            page = null;   // ownership moves to the FetchedPage
            return new FetchedPage(result.Url, kept.Url, result.Status, result.Html, result.Rendered, result.Elapsed, result.RetryAfter, kept,
                () => pool.ReturnAsync(kept)) { Captures = result.Captures, OtherRequests = result.Others };
        }
        finally
        {
            if (page is not null)
            {
                // A tab that failed mid-navigation may be in any state: close it rather than reuse it.
                try { await page.CloseAsync(); } catch (PlaywrightException) { }
                pool.Slots.Release();
            }
        }
    }

    private sealed record Loaded(string Url, int Status, string Html, bool Rendered, TimeSpan Elapsed, TimeSpan? RetryAfter)
    {
        public IReadOnlyList<Marketplaces.CapturedResponse> Captures { get; init; } = [];
        public IReadOnlyList<string> Others { get; init; } = [];
    }

    private async Task<Loaded> LoadAsync(IPage page, FetchRequest request)
    {
        var started = DateTime.UtcNow;
        IResponse? main = null;
        void OnResponse(object? _, IResponse r) { if (r.Request.IsNavigationRequest && r.Frame == page.MainFrame) main = r; }
        page.Response += OnResponse;
        using var capture = NetworkCapture.Attach(page, request.Capture);
        try
        {
            try
            {
                await page.GotoAsync(request.Url, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            }
            catch (PlaywrightException e) when (main is not null)
            {
                // Chromium reports an error status with an empty body as a navigation failure; the status is what counts.
                _ = e;
            }
            catch (PlaywrightException e)
            {
                throw new FetchException(Describe(e, request.Url), transient: !e.Message.Contains("ERR_BLOCKED_BY_CLIENT"), e);
            }
            catch (TimeoutException e)
            {
                throw new FetchException($"timed out after {options.PageTimeoutSeconds} s loading {request.Url}", transient: true, e);
            }
            var status = main?.Status ?? 0;
            var retryAfter = main is not null && (await main.AllHeadersAsync()).TryGetValue("retry-after", out var ra) ? RetryAfter.Parse(ra) : null;
            if (status >= 400) return new Loaded(request.Url, status, "", false, DateTime.UtcNow - started, retryAfter);

            var rendered = true;
            if (request.WaitFor is { } waitFor)
            {
                rendered = await WaitRenderedAsync(page, waitFor, capture);
            }
            if (rendered && request.Scroll) await ScrollForLazyCardsAsync(page, options.ScrollLoadWaitMs);
            var html = await page.ContentAsync();
            return new Loaded(request.Url, status, html, rendered, DateTime.UtcNow - started, retryAfter)
            {
                Captures = capture is null ? [] : await capture.CollectAsync(TimeSpan.FromSeconds(options.RenderTimeoutSeconds)),
                Others = capture?.Others ?? [],
            };
        }
        finally
        {
            page.Response -= OnResponse;
        }
    }

    // The page counts as rendered when its cards (or "no results", or a block page) show, or when the data it renders
    // from has been captured: then the cards get a short grace to appear (the screenshot shows them), but markup
    // that changed under a capture costs ~1 s, not the whole render timeout.
    private async Task<bool> WaitRenderedAsync(IPage page, string waitFor, NetworkCapture? capture)
    {
        var selector = page.WaitForSelectorAsync(waitFor, new() { State = WaitForSelectorState.Attached, Timeout = options.RenderTimeoutSeconds * 1000 });
        try
        {
            if (capture is not null && await Task.WhenAny(selector, capture.FirstCaptured) != selector)
                await selector.WaitAsync(TimeSpan.FromSeconds(1));
            else await selector;
            return true;
        }
        catch (TimeoutException) { return capture?.FirstCaptured.IsCompleted == true; }   // the extractor tells "no results", block page or broken markup apart
        finally { _ = selector.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); }   // observed: it may fail after we stopped waiting
    }

    // Scroll to the bottom, give the page two frames to react, and report the height before and after.
    private const string ScrollScript = """
        async () => {
          const before = document.body.scrollHeight;
          window.scrollTo(0, before);
          await new Promise(r => setTimeout(r, 16));
          await new Promise(r => setTimeout(r, 16));
          return [before, document.body.scrollHeight];
        }
        """;

    /// <summary>
    /// Storefronts add cards as the shopper scrolls: scroll until the page stops growing. A page that grew
    /// within two frames is scrolled again; one that did not is waited for only while it has a fetch/XHR in
    /// flight (the next batch of cards on its way). A page with nothing lazy costs one round of ~35 ms,
    /// not a fixed sleep per round (a fixed 150 ms cost 40% of the throughput of a bare tab loop).
    /// </summary>
    public static async Task ScrollForLazyCardsAsync(IPage page, int loadWaitMs)
    {
        var inFlight = 0;
        void Started(object? _, IRequest r) { if (r.ResourceType is "fetch" or "xhr") Interlocked.Increment(ref inFlight); }
        void Ended(object? _, IRequest r) { if (r.ResourceType is "fetch" or "xhr") Interlocked.Decrement(ref inFlight); }
        page.Request += Started;
        page.RequestFinished += Ended;
        page.RequestFailed += Ended;
        try
        {
            for (var round = 0; round < MaxScrollRounds; round++)
            {
                var heights = await page.EvaluateAsync<int[]>(ScrollScript);
                if (heights[1] > heights[0]) continue;
                if (Volatile.Read(ref inFlight) <= 0) return;
                try
                {
                    await page.WaitForFunctionAsync("h => document.body.scrollHeight > h", heights[0],
                        new() { Timeout = loadWaitMs, PollingInterval = 25 });
                }
                catch (TimeoutException) { return; }
            }
        }
        finally
        {
            page.Request -= Started;
            page.RequestFinished -= Ended;
            page.RequestFailed -= Ended;
        }
    }

    private const int MaxScrollRounds = 10;

    private async Task<Pool> PoolForAsync(FetchRequest request, CancellationToken ct)
    {
        if (_pools.TryGetValue(request.Marketplace, out var pool)) return pool;
        await _launch.WaitAsync(ct);
        try
        {
            if (_pools.TryGetValue(request.Marketplace, out pool)) return pool;
            if (_browser is null)
            {
                var path = ChromiumLocator.Locate(options.ExecutablePath);
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = options.Headless, Args = QuietArgs, Timeout = 60_000 });
            }
            var context = await _browser.NewContextAsync(new()
            {
                UserAgent = options.UserAgent, Locale = options.Locale, TimezoneId = options.TimezoneId,
                ViewportSize = new() { Width = 1280, Height = 1600 },
            });
            var created = new Pool(context, request, options.RecycleTabAfterPages);
            await context.RouteAsync("**/*", async route =>
            {
                var r = route.Request;
                var settings = created.Settings;
                if (r.IsNavigationRequest && r.Frame.ParentFrame is null && !settings.AllowedHosts.Contains(new Uri(r.Url).Authority)) await route.AbortAsync("blockedbyclient");
                else if (settings.BlockResources && Skippable.Contains(r.ResourceType)) await route.AbortAsync();
                else await route.ContinueAsync();
            });
            return _pools[request.Marketplace] = created;
        }
        finally { _launch.Release(); }
    }

    private static string Describe(PlaywrightException e, string url)
    {
        var first = e.Message.Split('\n')[0].Trim();
        if (first.Contains("ERR_CONNECTION_REFUSED")) return $"connection refused by {new Uri(url).Authority} (is the site or sandbox running?)";
        if (first.Contains("ERR_BLOCKED_BY_CLIENT")) return $"navigation to {url} refused: not a host of this marketplace";
        return first;
    }

    public async ValueTask DisposeAsync()
    {
        var browser = Interlocked.Exchange(ref _browser, null);
        if (browser is not null) await browser.CloseAsync();
        Interlocked.Exchange(ref _playwright, null)?.Dispose();
    }
}

public static class RetryAfter
{
    /// <summary>RFC 9110 10.2.3: delay-seconds or an HTTP-date.</summary>
    public static TimeSpan? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), out var seconds)) return TimeSpan.FromSeconds(Math.Max(0, seconds));
        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero
            : null;
    }
}
