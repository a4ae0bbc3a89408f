using MarketWatch.Data;
using Microsoft.Playwright;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// snapshot: the visual record, while the tab still shows the page. When the page has newly flagged listings, one
/// capture of the whole page (Chromium's MHTML snapshot by default, drawn into a picture only when someone looks at
/// it; or a screenshot) and, in one script call, where each of their cards is on it; nothing when it has
/// none (an unchanged flagged listing keeps its first capture). Then the tab goes back to its pool: detail pages
/// need tabs of their own. One capture per page replaced one per card, which cost Chromium more than the page.
/// </summary>
public sealed class SnapshotStage(EvidenceOptions options) : IPageStage
{
    public string Name => "snapshot";

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        if (page.Fetched is not { } fetched) return StageResult.Next;
        var flagged = page.Detected.Where(d => d.Detection.Flagged && !page.AlreadyEvidenced(d.Listing)).Select(d => d.Listing).ToList();
        if (options.Enabled && flagged.Count > 0 && fetched.CanCapture)
        {
            try
            {
                var boxes = await fetched.CardBoxesAsync(page.Run.Profile.Card, flagged.Select(l => (l.Position - 1, l.ProductId)).ToList());
                var visual = await fetched.CaptureAsync(options);
                if (visual is not null)
                    page.Snapshot = new PageSnapshot(visual, flagged.Select((l, i) => (l.ProductId, boxes[i])).ToDictionary(x => x.ProductId, x => x.Item2));
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                // The HTML is still kept as evidence; the listings show no picture, and the event says why.
                await page.EventAsync(CrawlEventKind.EvidenceFailed, $"page capture failed: {e.Message.Split('\n')[0]}");
            }
        }
        await fetched.DisposeAsync();   // early: the cleanup stack's release of the same tab is then a no-op
        return StageResult.Next;
    }
}
