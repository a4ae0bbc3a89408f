using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>A rendered page. The browser tab stays on it until disposal, so a screenshot can still be taken.</summary>
public sealed class FetchedPage(string requestedUrl, string finalUrl, int status, string html, bool rendered, TimeSpan elapsed, IPage? page)
    : IAsyncDisposable
{
    internal BrowserFetcher? Owner { get; init; }
    public string RequestedUrl => requestedUrl;
    public string FinalUrl => finalUrl;
    public int Status => status;
    public string Html => html;
    public bool Rendered => rendered;
    public TimeSpan Elapsed => elapsed;

    public async Task<byte[]?> ScreenshotAsync() =>
        page is null ? null : await page.ScreenshotAsync(new() { FullPage = true, Type = ScreenshotType.Png });

    public ValueTask DisposeAsync()
    {
        Owner?.Release();
        return ValueTask.CompletedTask;
    }
}
