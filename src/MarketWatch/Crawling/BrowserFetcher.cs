using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>
/// Fetches through one real Chromium per process: a browser context per marketplace (its own cookies,
/// locale id-ID, Asia/Jakarta) and a bounded pool of reused tabs (a fresh tab costs ~0.6 s, a reused one
/// ~0.2 s). Images, fonts and media are skipped when allowed. Every request stays on the marketplace's origins
/// (<see cref="BrowserOrigins"/>); a page that tries to leave them is refused whole, and the URL its document
/// really came from (after allowed redirects) is the page's final URL.
/// </summary>
public sealed class BrowserFetcher(BrowserOptions options) : IPageFetcher, IAsyncDisposable
{
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Task<IBrowser>? _launching;
    private int? _driverPid;
    private static readonly SemaphoreSlim DriverStart = new(1, 1);

    /// <summary>The Playwright driver process this fetcher started, when it could be told apart (Linux).</summary>
    internal int? DriverPid => _driverPid;
    private readonly ConcurrentDictionary<string, TabPool> _pools = new();

    public string UserAgent => options.UserAgent;

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
            var capture = NetworkCapture.For(request.Capture);
            var watch = pool.Origins.Watch(page, request.Guard, capture);
            Loaded result;
            // Playwright's calls take no token: a stop closes the tab, which ends its navigation at once.
            var loading = page;
            await using (ct.Register(() => _ = CloseQuietlyAsync(loading)))
            {
                try { result = await LoadAsync(page, request, watch, capture); }
                catch (Exception e) when (ct.IsCancellationRequested && e is PlaywrightException or FetchException or TimeoutException)
                {
                    throw new OperationCanceledException("the fetch was cancelled", e, ct);
                }
                finally { watch.EndCapture(); }
            }
            ct.ThrowIfCancellationRequested();
            var kept = page;
            page = null;   // ownership moves to the FetchedPage
            return new FetchedPage(result.Url, result.FinalUrl, result.Status, result.Html, result.Rendered, result.Elapsed, result.RetryAfter, kept,
                () => pool.ReturnAsync(kept)) { Refused = watch.Refused, Captures = result.Captures, OtherRequests = result.Others, RoutedRequests = watch.Routed };
        }
        finally
        {
            if (page is not null)
            {
                // A tab that failed mid-navigation, or whose page tried to leave the marketplace, is closed rather than reused.
                pool.Origins.Forget(page);
                try { await page.CloseAsync(); } catch (PlaywrightException) { }
                pool.Slots.Release();
            }
        }
    }

    private sealed record Loaded(string Url, string FinalUrl, int Status, string Html, bool Rendered, TimeSpan Elapsed, TimeSpan? RetryAfter)
    {
        public IReadOnlyList<Marketplaces.CapturedResponse> Captures { get; init; } = [];
        public IReadOnlyList<string> Others { get; init; } = [];
    }

    private async Task<Loaded> LoadAsync(IPage page, FetchRequest request, TabWatch watch, NetworkCapture? capture)
    {
        var started = DateTime.UtcNow;
        // The document's status and Retry-After come from the origin guard, which fetched it: no response events a page.
        try
        {
            await page.GotoAsync(request.Url, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        }
        catch (PlaywrightException e) when (watch.Answered is not null)
        {
            // Chromium reports an error status with an empty body as a navigation failure; the status is what counts.
            _ = e;
        }
        catch (PlaywrightException e)
        {
            ThrowIfLeft(watch);
            throw new FetchException(Describe(e, request.Url), transient: !e.Message.Contains("ERR_BLOCKED_BY_CLIENT"), e);
        }
        catch (TimeoutException e)
        {
            throw new FetchException($"timed out after {options.PageTimeoutSeconds} s loading {request.Url}", transient: true, e);
        }
        ThrowIfLeft(watch);
        var status = watch.Answered?.Status ?? 0;
        if (status >= 400)
            return new Loaded(request.Url, watch.RenderedUrl(page.Url), status, "", false, DateTime.UtcNow - started, RetryAfter.Parse(watch.Answered?.RetryAfter));

        var rendered = true;
        if (request.WaitFor is { } waitFor)
        {
            rendered = await WaitRenderedAsync(page, waitFor, capture);
        }
        if (rendered && request.Scroll) await LazyScroll.UntilSettledAsync(page, options.ScrollLoadWaitMs, () => watch.OpenCalls);
        var html = await page.ContentAsync();
        // Checked after the content is read: a script or meta refresh that tried to leave while the page rendered
        // makes all of it unusable, and the tab's own URL is held to the marketplace as a last guard.
        ThrowIfLeft(watch);
        var final = watch.RenderedUrl(page.Url);
        if (request.Guard.Refuse(final) is { } why) throw new FetchRefusedException(final, why);
        return new Loaded(request.Url, final, status, html, rendered, DateTime.UtcNow - started, null)
        {
            Captures = capture is null ? [] : await capture.CollectAsync(TimeSpan.FromSeconds(options.RenderTimeoutSeconds)),
            Others = capture?.Others ?? [],
        };
    }

    private static void ThrowIfLeft(TabWatch watch)
    {
        if (watch.NavigationRefused is { } left) throw new FetchRefusedException(left.Url, left.Reason);
    }

    // The page counts as rendered when its cards (or "no results", or a block page) show, or when the data it renders
    // from has been captured: then the cards get a short grace to appear (the screenshot shows them), but markup
    // that changed under a capture costs ~1 s, not the whole render timeout.
    private async Task<bool> WaitRenderedAsync(IPage page, string waitFor, NetworkCapture? capture)
    {
        // A locator's wait returns no element handle: one left per page of a reused tab stays in this process and the
        // driver until the tab closes.
        var selector = page.Locator(waitFor).First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = options.RenderTimeoutSeconds * 1000 });
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

    private async Task<TabPool> PoolForAsync(FetchRequest request, CancellationToken ct)
    {
        if (_pools.TryGetValue(request.Marketplace, out var pool)) return pool;
        await _launch.WaitAsync(ct);
        try
        {
            if (_pools.TryGetValue(request.Marketplace, out pool)) return pool;
            var context = await (await LaunchAsync(ct)).NewContextAsync(new()
            {
                UserAgent = options.UserAgent, Locale = options.Locale, TimezoneId = options.TimezoneId,
                ViewportSize = new() { Width = 1280, Height = 1600 },
                ServiceWorkers = ServiceWorkerPolicy.Block,   // a service worker's requests bypass routing
            });
            var created = new TabPool(context, request, options.RecycleTabAfterPages, options.CollectGarbageEveryPages);
            created.Origins = await BrowserOrigins.InstallAsync(context, request.Guard, () => created.Settings.BlockResources, options.PageTimeoutSeconds * 1000);
            return _pools[request.Marketplace] = created;
        }
        finally { _launch.Release(); }
    }

    /// <summary>The one Chromium of the process, launched on first use (also drawing snapshots: <see cref="SnapshotRenderer"/>).</summary>
    public async Task<IBrowser> BrowserAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _browser) is { } launched) return launched;
        await _launch.WaitAsync(ct);
        try { return await LaunchAsync(ct); }
        finally { _launch.Release(); }
    }

    // Under _launch. One Chromium per process, launched at the first fetch (or readiness check) and kept. A launch takes
    // 1-4 s and Playwright cannot cancel it: a stop stops waiting for it, and the launch, left running, is the next
    // caller's (or is ended with the driver when the host disposes this fetcher).
    private async Task<IBrowser> LaunchAsync(CancellationToken ct)
    {
        if (_browser is { } running) return running;
        if (_launching is null || _launching.IsFaulted || _launching.IsCanceled) _launching = LaunchCoreAsync();
        return _browser = await _launching.WaitAsync(ct);
    }

    private async Task<IBrowser> LaunchCoreAsync()
    {
        var path = ChromiumLocator.Locate(options.ExecutablePath);
        if (_playwright is null)
        {
            // The driver this instance starts, told apart from any other instance's by appearing now (a kill on a stuck
            // close needs it). Fetchers of one process start their drivers one at a time, so the difference is one process.
            await DriverStart.WaitAsync();
            try
            {
                var before = Service.ProcessTree.PlaywrightDrivers();
                _playwright = await Playwright.CreateAsync();
                var started = Service.ProcessTree.PlaywrightDrivers().Except(before).ToList();
                _driverPid = started.Count == 1 ? started[0] : null;
            }
            finally { DriverStart.Release(); }
        }
        return await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = options.Headless, Args = ChromiumArgs.Quiet, Timeout = 60_000 });
    }

    /// <summary>
    /// Readiness: the browser is running, or can be launched now (it then stays up for the next crawl, so the check costs
    /// nothing twice). Throws what a crawl would meet: BrowserNotFoundException, PlaywrightException.
    /// </summary>
    public async Task EnsureLaunchableAsync(CancellationToken ct)
    {
        if (_browser?.IsConnected == true) return;
        await _launch.WaitAsync(ct);
        try
        {
            if (_browser is { IsConnected: false } gone)
            {
                // Chromium died under us (killed, crashed): forget it, pools and all, so the next fetch launches a fresh one.
                (_browser, _launching) = (null, null);
                _pools.Clear();
                try { await gone.CloseAsync(); } catch (PlaywrightException) { }
            }
            await LaunchAsync(ct);
        }
        finally { _launch.Release(); }
    }

    private static async Task CloseQuietlyAsync(IPage page)
    {
        try { await page.CloseAsync(); } catch (PlaywrightException) { }
    }

    private static string Describe(PlaywrightException e, string url)
    {
        var first = e.Message.Split('\n')[0].Trim();
        if (first.Contains("ERR_CONNECTION_REFUSED")) return $"connection refused by {new Uri(url).Authority} (is the site or sandbox running?)";
        if (first.Contains("ERR_BLOCKED_BY_CLIENT")) return $"navigation to {url} refused: not a host of this marketplace";
        return first;
    }

    /// <summary>
    /// Closes Chromium and stops the Playwright driver (when the host stops), within <see cref="CloseTimeout"/>: a stop
    /// has 5 s in all. Past it (a loaded machine, a hung browser) the driver and its Chromium are killed instead.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var browser = Interlocked.Exchange(ref _browser, null);
        var playwright = Interlocked.Exchange(ref _playwright, null);
        if (playwright is null) return;
        var closing = Task.Run(async () =>
        {
            if (browser is not null)
                try { await browser.CloseAsync(); } catch (PlaywrightException) { }
            playwright.Dispose();   // synchronous, and it waits for the driver to exit
        });
        try { await closing.WaitAsync(CloseTimeout); }
        catch (TimeoutException)
        {
            // A dispose never throws: a stop goes on, and the driver (with its Chromium) is killed when we know it.
            if (_driverPid is { } driver) Service.ProcessTree.Kill(driver);
        }
    }

    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);
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
