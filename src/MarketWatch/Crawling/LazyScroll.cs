using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>The fetch's scroll step: a rendered search page is scrolled until its lazily loaded cards are all in.</summary>
public static class LazyScroll
{
    // Scroll to the bottom, give the page two frames to react, and report the height before and after and how many
    // fetch/XHR calls the page made meanwhile. The count is kept in the page because a request reaches this process (the
    // origin guard's route handler) later than the page sends it and, on a loaded machine, after this script has
    // returned: a batch whose request the page had already sent was then taken for "nothing more to load". The
    // wrappers count and pass through. The page reacts to the scroll only at its next rendered frame: scroll events are
    // dispatched there, and IntersectionObserver callbacks (how large storefronts watch a sentinel under the cards) are
    // delivered together in a task after it. The script waits for its own observer's first callback, delivered with
    // theirs (capped at 250 ms for a page that renders no frame), then two ticks, so that every observer's callback
    // has run and sent its request before the count is read. Ticks alone, or an animation frame and ticks,
    // lost a batch on a loaded machine (clean-clone runs: 20 cards of 40, then 10 of 40 by an observer).
    private const string ScrollScript = """
        async () => {
          if (window.__mwStarted === undefined) {
            window.__mwStarted = 0;
            if (window.fetch) { const f = window.fetch; window.fetch = function (...a) { window.__mwStarted++; return f.apply(this, a); }; }
            const send = XMLHttpRequest.prototype.send;
            XMLHttpRequest.prototype.send = function (...a) { window.__mwStarted++; return send.apply(this, a); };
          }
          const started = window.__mwStarted;
          const before = document.body.scrollHeight;
          window.scrollTo(0, before);
          await Promise.race([
            new Promise(r => { const o = new IntersectionObserver(() => { o.disconnect(); r(); }); o.observe(document.body); }),
            new Promise(r => setTimeout(r, 250))]);
          await new Promise(r => setTimeout(r, 16));
          await new Promise(r => setTimeout(r, 16));
          return [before, document.body.scrollHeight, window.__mwStarted - started];
        }
        """;

    /// <summary>
    /// Storefronts add cards as the shopper scrolls: scroll until the page stops growing. A page that grew
    /// within two frames is scrolled again; one that did not is waited for only while it has a fetch/XHR in
    /// flight or just sent one (the next batch of cards on its way). A page with nothing lazy costs one round of
    /// ~35 ms, not a fixed sleep per round (a fixed 150 ms cost 40% of the throughput of a bare tab loop).
    /// </summary>
    /// <param name="openCalls">The page's fetch/XHR calls not yet answered, including those sent before the first
    /// scroll (the fetcher's origin guard counts them as it answers them, so no request events are needed).</param>
    public static async Task UntilSettledAsync(IPage page, int loadWaitMs, Func<int> openCalls)
    {
        for (var round = 0; round < MaxScrollRounds; round++)
        {
            var heights = await page.EvaluateAsync<int[]>(ScrollScript);
            if (heights[1] > heights[0]) continue;
            if (heights[2] == 0 && openCalls() <= 0) return;
            try
            {
                await page.WaitForFunctionAsync("h => document.body.scrollHeight > h", heights[0],
                    new() { Timeout = loadWaitMs, PollingInterval = 25 });
            }
            catch (TimeoutException) { return; }
        }
    }

    private const int MaxScrollRounds = 10;
}
