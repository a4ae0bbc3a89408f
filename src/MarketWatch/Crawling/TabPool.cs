using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>
/// One marketplace's browser context and its reused tabs (<see cref="BrowserFetcher"/>): how many may be open, which
/// are idle, when one is collected or closed. The pool outlives a run; each request brings the settings of its run,
/// and the latest ones apply (tab count, blocked resource types, allowed hosts) instead of those of the first run.
/// </summary>
internal sealed class TabPool(IBrowserContext context, FetchRequest first, int recycleAfter, int collectEvery)
{
    private readonly ConcurrentDictionary<IPage, int> _uses = new();
    public IBrowserContext Context => context;
    public BrowserOrigins Origins { get; set; } = null!;
    public ResizableLimiter Slots { get; } = new(first.Concurrency);
    public ConcurrentBag<IPage> Idle { get; } = [];
    public volatile FetchRequest Settings = first;

    public void Apply(FetchRequest request)
    {
        Settings = request;
        Slots.Resize(request.Concurrency);
    }

    // A reused tab's renderer grows by the pages it showed (~2 MiB each here): V8 leaves their documents to a major
    // collection it seldom runs while the tab is kept busy. Every collectEvery pages the renderer is made to collect
    // (~100 ms of its time, off the page's path), which keeps it flat. The tab is still closed after recycleAfter
    // pages: Playwright keeps a request, route and response object per request, in its driver and in this process,
    // until the tab closes. Closing it every 20 pages, as before, cost a fresh tab and renderer each time, about a
    // tenth of the pages/min (docs/decisions.md, "Reused tabs").
    public async ValueTask ReturnAsync(IPage page)
    {
        var uses = _uses.AddOrUpdate(page, 1, (_, n) => n + 1);
        if (Idle.Count < Slots.Limit && (recycleAfter <= 0 || uses < recycleAfter))
        {
            if (collectEvery > 0 && uses % collectEvery == 0)
            {
                // The page's own work goes on (store, account) while its old tab collects; the slot is free after.
                _ = CollectThenIdleAsync(page);
                return;
            }
            Idle.Add(page);
        }
        else
        {
            _uses.TryRemove(page, out _);
            Origins.Forget(page);
            try { await page.CloseAsync(); } catch (PlaywrightException) { }   // worn out, or the pool shrank
        }
        Slots.Release();
    }

    private async Task CollectThenIdleAsync(IPage page)
    {
        try
        {
            await (await TabDevTools.SessionAsync(page)).SendAsync("HeapProfiler.collectGarbage");
            Idle.Add(page);
        }
        catch (Exception e) when (e is PlaywrightException or ObjectDisposedException)
        {
            // The tab closed or crashed meanwhile, or the browser is shutting down: the tab is not reused.
            Origins.Forget(page);
        }
        finally { Slots.Release(); }
    }
}
