using MarketWatch.Crawling;
using Microsoft.Playwright;

namespace MarketWatch.Bench;

/// <summary>
/// The floor: a bare Playwright loop over the same pages, in the same Chromium with the same flags and context
/// (user agent, locale, viewport), tabs reused: goto, wait for a card, read the HTML. No routing, no extraction,
/// no storage, no evidence.
/// </summary>
public static class BareLoop
{
    public static async Task<Measure.Result> RunAsync(string label, int tabs, IReadOnlyList<string> warmup, IReadOnlyList<string> urls, string waitFor)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumLocator.Locate(null), Headless = true, Args = ChromiumArgs.Quiet });
        var options = new BrowserOptions();
        var context = await browser.NewContextAsync(new()
        {
            UserAgent = options.UserAgent, Locale = options.Locale, TimezoneId = options.TimezoneId, ViewportSize = new() { Width = 1280, Height = 1600 },
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
                    await tab.GotoAsync(list[n], new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                    await tab.WaitForSelectorAsync(waitFor, new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
                    Interlocked.Add(ref bytes, (await tab.ContentAsync()).Length);
                }
            }));
            return new Measure.Work(list.Count, bytes, 0, 0, 0);
        }

        await Loop(warmup);
        return await Measure.MeasureAsync(label, () => Loop(urls));
    }
}
