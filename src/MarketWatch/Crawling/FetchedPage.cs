using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>
/// A fetched page. From the browser, the tab stays on it until disposal (so the listing can still be
/// screenshotted), then returns to the pool.
/// </summary>
public sealed class FetchedPage(string requestedUrl, string finalUrl, int status, string html, bool rendered, TimeSpan elapsed,
    TimeSpan? retryAfter, IPage? page, Func<ValueTask>? release) : IAsyncDisposable
{
    private Func<ValueTask>? _release = release;
    public string RequestedUrl => requestedUrl;
    public string FinalUrl => finalUrl;
    public int Status => status;
    public string Html => html;
    public bool Rendered => rendered;
    public TimeSpan Elapsed => elapsed;
    public TimeSpan? RetryAfter => retryAfter;
    public bool IsTransientError => status is 429 or 408 or >= 500;

    public async Task<byte[]?> ScreenshotAsync() =>
        page is null ? null : await page.ScreenshotAsync(new() { FullPage = true, Type = ScreenshotType.Png });

    /// <summary>The n-th element matching the selector, alone; the whole page when it cannot be found.</summary>
    public async Task<byte[]?> ScreenshotOfAsync(string selector, int index)
    {
        if (page is null) return null;
        try
        {
            var element = page.Locator(selector).Nth(index);
            if (await element.CountAsync() > 0) return await element.ScreenshotAsync(new() { Type = ScreenshotType.Png, Timeout = 5_000 });
        }
        catch (PlaywrightException) { }   // detached or hidden card: fall back to the page
        catch (TimeoutException) { }
        return await ScreenshotAsync();
    }

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _release, null)?.Invoke() ?? ValueTask.CompletedTask;
}
