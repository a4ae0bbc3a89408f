using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>
/// A fetched page. From the browser, the tab stays on it until disposal (so the listing can still be
/// screenshotted), then returns to the pool.
/// </summary>
public sealed class FetchedPage(string requestedUrl, string finalUrl, int status, string html, bool rendered, TimeSpan elapsed,
    TimeSpan? retryAfter, IPage? page, Func<ValueTask>? release) : IAsyncDisposable
{
    /// <summary>The API responses the page loaded that matched the profile's capture rule.</summary>
    public IReadOnlyList<Marketplaces.CapturedResponse> Captures { get; init; } = [];
    /// <summary>The page's other fetch/XHR responses ("200 GET URL"), for the probe.</summary>
    public IReadOnlyList<string> OtherRequests { get; init; } = [];
    private Func<ValueTask>? _release = release;
    public string RequestedUrl => requestedUrl;
    public string FinalUrl => finalUrl;
    public int Status => status;
    public string Html => html;
    public bool Rendered => rendered;
    public TimeSpan Elapsed => elapsed;
    public TimeSpan? RetryAfter => retryAfter;
    public bool IsTransientError => status is 429 or 408 or >= 500;
    /// <summary>Requests the page made off the marketplace, refused (frames, scripts, fetch/XHR); the page itself stayed.</summary>
    public IReadOnlyList<RefusedRequest> Refused { get; init; } = [];
    /// <summary>How many of the page's requests reached the origin guard by the time it was read (each a round trip through the driver).</summary>
    public int RoutedRequests { get; init; }

    /// <summary>Whether the page is still shown in a browser tab (it can be photographed).</summary>
    public bool CanCapture => page is { IsClosed: false } && Volatile.Read(ref _release) is not null;

    /// <summary>The whole page as an image, as the browser shows it now.</summary>
    public async Task<byte[]?> ScreenshotAsync(ScreenshotSettings settings)
    {
        if (!CanCapture) return null;
        if (await CdpScreenshotAsync(settings) is { } fast) return fast;
        return await page!.ScreenshotAsync(new()
        {
            FullPage = true, Type = settings.Jpeg ? ScreenshotType.Jpeg : ScreenshotType.Png, Quality = settings.Jpeg ? settings.Quality : null,
            Timeout = settings.TimeoutMs,
        });
    }

    /// <summary>
    /// The visual record of the page as evidence wants it: Chromium's MHTML snapshot (Evidence:Capture = snapshot, drawn
    /// into a picture later by <see cref="SnapshotRenderer"/>), or a picture now (screenshot). Null when the tab is gone.
    /// </summary>
    public async Task<VisualCapture?> CaptureAsync(EvidenceOptions options)
    {
        if (!CanCapture) return null;
        if (options.Snapshots && await CdpSnapshotAsync(options.Screenshots.TimeoutMs) is { } mhtml)
            return new VisualCapture(null, mhtml, await ViewportWidthAsync());
        var image = await ScreenshotAsync(options.Screenshots);
        return image is null ? null : new VisualCapture(image, null, await ViewportWidthAsync());
    }

    private async Task<int> ViewportWidthAsync() => page!.ViewportSize?.Width ?? await page.EvaluateAsync<int>("() => window.innerWidth");

    private Task<ICDPSession> CdpAsync() => TabDevTools.SessionAsync(page!);

    /// <summary>The tab this page is shown in, while it is held (tests look into its renderer).</summary>
    internal IPage? Tab => page;

    // One serialisation of what the renderer already holds: no painting, no encoding. It measured 9 ms and 46 KB a
    // page against 172 ms and 345 KB for a full-page JPEG here (docs/decisions.md). Null off Chromium.
    private async Task<string?> CdpSnapshotAsync(int timeoutMs)
    {
        try
        {
            var cdp = await CdpAsync();
            var result = await cdp.SendAsync("Page.captureSnapshot", new Dictionary<string, object> { ["format"] = "mhtml" })
                .WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));
            return result is { } r && r.TryGetProperty("data", out var data) ? data.GetString() : null;
        }
        catch (PlaywrightException) { return null; }   // not Chromium: a screenshot instead
    }

    // Chromium's own capture, beyond the viewport, with its encoder set for speed: Playwright's full-page screenshot
    // first prepares every frame (fonts, caret) and measured ~2x slower per page here. Null off Chromium.
    private async Task<byte[]?> CdpScreenshotAsync(ScreenshotSettings settings)
    {
        try
        {
            var cdp = await CdpAsync();
            var size = await page!.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
            var args = new Dictionary<string, object>
            {
                ["format"] = settings.Jpeg ? "jpeg" : "png", ["captureBeyondViewport"] = true, ["optimizeForSpeed"] = true,
                ["clip"] = new Dictionary<string, object> { ["x"] = 0, ["y"] = 0, ["width"] = size[0], ["height"] = Math.Min(size[1], 16_000), ["scale"] = 1 },
            };
            if (settings.Jpeg) args["quality"] = settings.Quality;
            var result = await cdp.SendAsync("Page.captureScreenshot", args).WaitAsync(TimeSpan.FromMilliseconds(settings.TimeoutMs));
            return result is { } r && r.TryGetProperty("data", out var data) ? Convert.FromBase64String(data.GetString()!) : null;
        }
        catch (PlaywrightException) { return null; }   // not Chromium, or the session went away: Playwright's own path
    }

    // One round trip for every card: its box in page coordinates (what a full-page screenshot shows). The card is
    // found by its position among the card selector's matches when it carries the listing's id there, else by the id.
    private const string BoxesScript = """
        ([selector, wanted]) => {
          const cards = Array.from(document.querySelectorAll(selector));
          return wanted.map(([index, needle]) => {
            let card = cards[index];
            if (!card || (needle && !card.outerHTML.includes(needle))) card = cards.find(c => c.outerHTML.includes(needle));
            if (!card) return null;
            const r = card.getBoundingClientRect();
            if (r.width < 1 || r.height < 1) return null;
            return [Math.round(r.left + window.scrollX), Math.round(r.top + window.scrollY), Math.round(r.width), Math.round(r.height)];
          });
        }
        """;

    /// <summary>Where each wanted card is on the page (null for one that cannot be found or is not shown).</summary>
    public async Task<IReadOnlyList<Data.EvidenceBox?>> CardBoxesAsync(string cardSelector, IReadOnlyList<(int Index, string Needle)> wanted)
    {
        if (!CanCapture || wanted.Count == 0) return wanted.Select(_ => (Data.EvidenceBox?)null).ToList();
        var args = new object[] { cardSelector, wanted.Select(w => new object[] { w.Index, w.Needle }).ToArray() };
        var result = await page!.EvaluateAsync<System.Text.Json.JsonElement>(BoxesScript, args);
        return result.EnumerateArray().Select(e => e.ValueKind != System.Text.Json.JsonValueKind.Array ? null
            : new Data.EvidenceBox(e[0].GetInt32(), e[1].GetInt32(), e[2].GetInt32(), e[3].GetInt32())).ToList();
    }

    /// <summary>Gives the tab back to its pool; safe to call more than once (a stage may release early, the cleanup stack again).</summary>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _release, null)?.Invoke() ?? ValueTask.CompletedTask;
}

/// <summary>A page's visual record: a picture taken now, or an MHTML snapshot to draw later; with the window width it was laid out at.</summary>
public sealed record VisualCapture(byte[]? Image, string? Mhtml, int Width);

/// <summary>How screenshots are encoded (section "Evidence": ScreenshotFormat, JpegQuality).</summary>
public sealed record ScreenshotSettings(bool Jpeg, int Quality, int TimeoutMs = 10_000);
