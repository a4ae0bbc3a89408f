using MarketWatch.Data;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// evidence: files for what the page showed, through <see cref="EvidenceStore"/> (SHA-256 of every file, written
/// once, read-only). The search page's HTML and its one visual record (snapshot or screenshot) are shared by its newly flagged listings, each
/// with its card's box; a listing flagged from its own page gets that page's HTML and screenshot; a page the
/// extractor could not read keeps its HTML, so the changed markup can be seen.
/// </summary>
public sealed class EvidenceStage(EvidenceStore store, EvidenceOptions options, BrowserOptions browser) : IPageStage
{
    public string Name => "evidence";
    public bool RunsWhenSettled => true;

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        if (page.Status == PageStatus.ExtractorBroken && page.Fetched is { } broken)
        {
            page.PageEvidence = await CaptureAsync(page, broken.FinalUrl, broken.Html, null, now, ct);
            await CaptureResponsesAsync(page, broken, now, ct);
            return StageResult.Next;
        }
        if (page.Settled || !options.Enabled) return StageResult.Next;

        foreach (var (listing, detection) in page.Detected.Where(d => d.Detection.Flagged))
        {
            if (page.Details.TryGetValue(listing.ProductId, out var detail))
                page.Evidence[listing.ProductId] = (await CaptureAsync(page, detail.Url, detail.Html, detail.Visual, now, ct), null);
            else if (!page.AlreadyEvidenced(listing) && page.Fetched is { } fetched)
            {
                // Without a visual record (a page fetched over plain HTTP, or a capture that failed) the HTML is the evidence.
                if (page.PageEvidence is null)
                {
                    page.PageEvidence = await CaptureAsync(page, fetched.FinalUrl, fetched.Html, page.Snapshot?.Visual, now, ct);
                    await CaptureResponsesAsync(page, fetched, now, ct);
                }
                page.Evidence[listing.ProductId] = (page.PageEvidence, page.Snapshot?.Boxes.GetValueOrDefault(listing.ProductId));
            }
        }
        return StageResult.Next;
    }

    // The responses the listings were read from are kept beside the page (same run, same time), so what the
    // extractor saw can be shown byte for byte, like the HTML.
    private async Task CaptureResponsesAsync(PageContext page, FetchedPage fetched, DateTime now, CancellationToken ct)
    {
        foreach (var response in fetched.Captures)
        {
            var capture = await store.CaptureResponseAsync(page.Run.RunId, response.Url, response.Body, browser.UserAgent, now, ct);
            page.Run.Metrics.EvidenceWritten("response", capture.HtmlBytes);
            page.ResponseEvidence.Add(capture);
        }
    }

    private async Task<EvidenceCapture> CaptureAsync(PageContext page, string url, string html, VisualCapture? visual, DateTime now, CancellationToken ct)
    {
        var capture = await store.CaptureAsync(page.Run.RunId, url, html, visual, browser.UserAgent, now, ct);
        page.Run.Metrics.EvidenceWritten("html", capture.HtmlBytes);
        if (visual?.Image is { } image) page.Run.Metrics.EvidenceWritten("screenshot", image.Length);
        if (capture.SnapshotBytes is { } snapshot) page.Run.Metrics.EvidenceWritten("snapshot", snapshot);
        return capture;
    }
}
