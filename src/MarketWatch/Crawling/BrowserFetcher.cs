using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>
/// Fetches pages through one real Chromium per process. Pages are reused rather than opened per URL:
/// a fresh tab costs ~0.6 s, a reused one ~0.2 s.
/// </summary>
public sealed class BrowserFetcher(BrowserOptions options) : IAsyncDisposable
{
    // Chromium phones home at start; on a closed network that floods refused connections and slows launch.
    private static readonly string[] QuietArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly Dictionary<string, IBrowserContext> _contexts = [];
    private readonly Dictionary<string, IPage> _pages = [];

    public string UserAgent => options.UserAgent;

    private async Task<IPage> PageForAsync(string marketplace)
    {
        if (_pages.TryGetValue(marketplace, out var existing) && !existing.IsClosed) return existing;
        if (_browser is null)
        {
            var path = ChromiumLocator.Locate(options.ExecutablePath);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = path, Headless = options.Headless, Args = QuietArgs, Timeout = 60_000,
            });
        }
        // A context per marketplace: its own cookies, as a shopper who only visits that site would have.
        if (!_contexts.TryGetValue(marketplace, out var context))
        {
            context = await _browser.NewContextAsync(new()
            {
                UserAgent = options.UserAgent, Locale = options.Locale, TimezoneId = options.TimezoneId,
                ViewportSize = new() { Width = 1280, Height = 1600 },
            });
            _contexts[marketplace] = context;
        }
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(options.PageTimeoutSeconds * 1000);
        return _pages[marketplace] = page;
    }

    /// <summary>Loads the URL and waits for <paramref name="waitFor"/>; a page that never shows it is returned as is.</summary>
    public async Task<FetchedPage> FetchAsync(string marketplace, string url, string waitFor, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var page = await PageForAsync(marketplace);
            var started = DateTime.UtcNow;
            var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            var status = response?.Status ?? 0;
            var rendered = true;
            try
            {
                await page.WaitForSelectorAsync(waitFor, new() { State = WaitForSelectorState.Attached, Timeout = options.RenderTimeoutSeconds * 1000 });
            }
            catch (TimeoutException)
            {
                rendered = false;   // the extractor decides whether this is "no results", a block page or broken markup
            }
            var html = await page.ContentAsync();
            return new FetchedPage(url, page.Url, status, html, rendered, DateTime.UtcNow - started, page) { Owner = this };
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    internal void Release() => _gate.Release();

    public async ValueTask DisposeAsync()
    {
        var browser = Interlocked.Exchange(ref _browser, null);
        if (browser is not null) await browser.CloseAsync();
        Interlocked.Exchange(ref _playwright, null)?.Dispose();
    }
}
