using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>A capture's snapshot could not be drawn (Chromium missing or failing): the snapshot itself is intact.</summary>
public sealed class SnapshotDrawException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The picture of a capture, for the review page and the takedown PDF. A capture taken as a screenshot has one; a
/// capture kept as an MHTML snapshot is drawn the first time someone asks (docs/decisions.md, "Evidence as a
/// snapshot"): in a browser context that is offline and runs no script, at the window width the page was laid out
/// in, so the card boxes recorded at capture fall on the same cards. The picture is stored beside the snapshot and
/// recorded on the capture with its hash and the time it was drawn; later reads use it. Drawing once means crawl
/// time pays ~10 ms a page, and only the few pages anyone looks at pay ~200 ms, once.
/// </summary>
public sealed class SnapshotRenderer(BrowserFetcher browsers, EvidenceStore store, IDbContextFactory<MarketWatchDb> dbFactory, EvidenceOptions options)
{
    // One drawing at a time in the process: it is rare (a page's first look), and one gate cannot grow with the captures.
    private readonly SemaphoreSlim _drawing = new(1, 1);
    private const int MaxHeight = 16_000;

    /// <summary>The capture's picture after its hash checks out, drawing it from the snapshot first if need be; null when it has neither.</summary>
    public async Task<byte[]?> PictureAsync(long evidenceId, CancellationToken ct)
    {
        var capture = await LoadAsync(evidenceId, ct);
        if (capture is null) return null;
        // The snapshot is the evidence and the picture only its drawing: an altered snapshot withdraws the picture too.
        if (capture.SnapshotPath is not null) await store.ReadSnapshotAsync(capture, ct);
        if (capture.ScreenshotPath is not null || capture.SnapshotPath is null) return await store.ReadScreenshotAsync(capture, ct);
        await _drawing.WaitAsync(ct);
        try
        {
            capture = (await LoadAsync(evidenceId, ct))!;   // another request may have drawn it while this one waited
            if (capture.ScreenshotPath is not null) return await store.ReadScreenshotAsync(capture, ct);
            var mhtml = (await store.ReadSnapshotAsync(capture, ct))!;   // checks the snapshot's hash: never draw an altered file
            var picture = await DrawAsync(mhtml, capture.ViewportWidth ?? 1280, ct);
            var (path, sha) = await store.PutRenderedAsync(capture, picture, ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Another node may have drawn it first: its picture stands, and this one is read back from the record.
            await db.Evidence.Where(e => e.Id == evidenceId && e.ScreenshotPath == null).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.ScreenshotPath, path).SetProperty(e => e.ScreenshotSha256, sha).SetProperty(e => e.ScreenshotRenderedAt, DateTime.UtcNow), ct);
            return await store.ReadScreenshotAsync((await LoadAsync(evidenceId, ct))!, ct);
        }
        finally { _drawing.Release(); }
    }

    private async Task<EvidenceCapture?> LoadAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
    }

    /// <summary>Chromium opens MHTML archives from files only; the file lives as long as the drawing.</summary>
    private async Task<byte[]> DrawAsync(string mhtml, int width, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetTempPath(), $"marketwatch-snapshot-{Guid.NewGuid():N}.mhtml");
        IBrowserContext? context = null;
        try
        {
            await File.WriteAllTextAsync(file, mhtml, ct);
            var browser = await browsers.BrowserAsync(ct);
            // Offline and without script: the archive holds every resource the page showed, and nothing in it may run
            // or reach out (it is a hostile site's page).
            context = await browser.NewContextAsync(new() { JavaScriptEnabled = false, Offline = true, ViewportSize = new() { Width = width, Height = 1600 } });
            await context.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load, Timeout = options.Screenshots.TimeoutMs });
            var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            return await page.ScreenshotAsync(new()
            {
                Type = ScreenshotType.Png, FullPage = true, Timeout = options.Screenshots.TimeoutMs,
                Clip = new() { X = 0, Y = 0, Width = width, Height = Math.Clamp(height, 1, MaxHeight) },
            });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or InvalidOperationException or IOException)
        {
            throw new SnapshotDrawException($"the snapshot could not be drawn: {e.Message.Split('\n')[0]}", e);
        }
        finally
        {
            if (context is not null) await context.CloseAsync();
            File.Delete(file);
        }
    }
}
