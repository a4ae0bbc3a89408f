using MarketWatch.Crawling;
using MarketWatch.Marketplaces;
using Microsoft.Playwright;

namespace MarketWatch.Bench;

/// <summary>
/// The floor: a bare Playwright loop over the same pages, in the same Chromium with the same flags and context
/// (user agent, locale, viewport), tabs reused: goto, wait for a card, read the HTML. No routing, no extraction,
/// no storage, no evidence. <c>crawl-steps</c> adds the engine's browser steps to it one at a time (<see cref="Step"/>).
/// </summary>
public static class BareLoop
{
    /// <summary>
    /// The engine's browser steps: every request fetched by the driver and fulfilled (<see cref="BrowserOrigins"/>),
    /// images, fonts and media aborted (with Route), the scroll step (<see cref="LazyScroll"/>), the network capture
    /// (<see cref="NetworkCapture"/>: the API body read from the driver in the route handler; implies Route). Scroll
    /// also implies Route: as in the engine, the route handler counts the page's open fetch/XHR calls for it. Policy:
    /// documents answered with <see cref="BrowserOrigins.BlockingPolicy"/> (implies Route), as the engine does when it blocks.
    /// </summary>
    [Flags]
    public enum Step { None = 0, Route = 1, Block = 2, Scroll = 4, Listen = 8, Policy = 16 }

    public static async Task<Measure.Result> RunAsync(string label, int tabs, IReadOnlyList<string> warmup, IReadOnlyList<string> urls, string waitFor,
        Step steps = Step.None, NetworkCaptureRule? capture = null)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumLocator.Locate(null), Headless = true, Args = ChromiumArgs.Quiet });
        var options = new BrowserOptions();
        var context = await browser.NewContextAsync(new()
        {
            UserAgent = options.UserAgent, Locale = options.Locale, TimezoneId = options.TimezoneId, ViewportSize = new() { Width = 1280, Height = 1600 },
        });
        var listening = new System.Collections.Concurrent.ConcurrentDictionary<IPage, NetworkCapture>();
        var openCalls = new System.Collections.Concurrent.ConcurrentDictionary<IPage, System.Runtime.CompilerServices.StrongBox<int>>();   // per tab
        if (steps.HasFlag(Step.Route) || steps.HasFlag(Step.Listen) || steps.HasFlag(Step.Scroll) || steps.HasFlag(Step.Policy))
            await context.RouteAsync("**/*", async route =>
            {
                if (steps.HasFlag(Step.Block) && BrowserOrigins.IsBlockable(route.Request.ResourceType)) { await route.AbortAsync(); return; }
                var call = route.Request.ResourceType is "fetch" or "xhr" ? openCalls.GetOrAdd(route.Request.Frame.Page, _ => new(0)) : null;
                if (call is not null) Interlocked.Increment(ref call.Value);
                try
                {
                    var response = await route.FetchAsync(new() { MaxRedirects = 0 });
                    var captured = listening.GetValueOrDefault(route.Request.Frame.Page)?.Record(route.Request, response);
                    var headers = steps.HasFlag(Step.Policy) && route.Request.ResourceType == "document" ? BrowserOrigins.WithBlockingPolicy(response.Headers) : null;
                    try { await route.FulfillAsync(new() { Response = response, Headers = headers }); }
                    finally
                    {
                        if (captured is not null) await captured;
                        await response.DisposeAsync();   // as BrowserOrigins does: the driver keeps an undisposed body
                    }
                }
                finally { if (call is not null) Interlocked.Decrement(ref call.Value); }
            });
        var pages = new List<IPage>();
        for (var i = 0; i < tabs; i++) pages.Add(await context.NewPageAsync());

        async Task<Measure.Work> Loop(IReadOnlyList<string> list)
        {
            var next = -1;
            long bytes = 0;
            await Task.WhenAll(pages.Select(async tab =>
            {
                for (var n = Interlocked.Increment(ref next); n < list.Count; n = Interlocked.Increment(ref next))
                {
                    var listen = steps.HasFlag(Step.Listen) ? NetworkCapture.For(capture) : null;
                    if (listen is not null) listening[tab] = listen;
                    await tab.GotoAsync(list[n], new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                    await tab.WaitForSelectorAsync(waitFor, new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
                    if (steps.HasFlag(Step.Scroll)) await LazyScroll.UntilSettledAsync(tab, options.ScrollLoadWaitMs, () => openCalls.TryGetValue(tab, out var open) ? Volatile.Read(ref open.Value) : 0);
                    Interlocked.Add(ref bytes, (await tab.ContentAsync()).Length);
                    if (listen is not null) await listen.CollectAsync(TimeSpan.FromSeconds(5));
                }
            }));
            return new Measure.Work(list.Count, bytes, 0, 0, 0);
        }

        await Loop(warmup);
        return await Measure.MeasureAsync(label, () => Loop(urls));
    }
}
