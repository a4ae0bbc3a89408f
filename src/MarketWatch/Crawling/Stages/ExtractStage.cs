using MarketWatch.Data;
using MarketWatch.Marketplaces;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// extract: the listings on the page, through the marketplace's profile (AngleSharp). A block page backs the host
/// off and asks for the page again (a captcha answers hammering with more captchas); "no results" and broken
/// markup settle the page. A listing link off the marketplace is recorded and dropped: scraped pages are hostile.
/// </summary>
public sealed class ExtractStage(ListingExtractor extractor, CrawlOptions options) : IPageStage
{
    public string Name => "extract";

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        var (run, fetched) = (page.Run, page.Fetched!);
        var extracted = page.Extracted = extractor.Extract(run.Profile, fetched.Html, new Uri(fetched.FinalUrl), fetched.Captures, run.BaseUrl);
        switch (extracted.Kind)
        {
            case PageKind.Blocked when page.Attempt < options.BlockedAttempts:
                page.Tally.BlockedBackoffs++;
                run.Throttle!.Pause(TimeSpan.FromSeconds(options.BlockedBackoffSeconds));
                run.Log($"page {page.Page.PageNumber}: block page, backing off {options.BlockedBackoffSeconds:0} s");
                await page.EventAsync(CrawlEventKind.CaptchaBackoff, $"block or captcha page; host paused {options.BlockedBackoffSeconds:0} s before one more try",
                    delaySeconds: options.BlockedBackoffSeconds);
                return StageResult.Refetch;
            case PageKind.Blocked:
                page.Settle(PageStatus.Blocked, extracted.Problems.FirstOrDefault());
                return StageResult.Next;
            case PageKind.NoResults:
                page.Settle(PageStatus.NoResults, null);
                return StageResult.Next;
            case PageKind.ExtractorBroken:
                page.Settle(PageStatus.ExtractorBroken, extracted.Problems.FirstOrDefault());
                return StageResult.Next;
        }

        var followable = new List<ExtractedListing>(extracted.Listings.Count);
        var refused = new List<(string Href, string Reason)>();
        foreach (var listing in extracted.Listings)
        {
            if (run.Guard.Refuse(listing.Url) is not { } reason) { followable.Add(listing); continue; }
            refused.Add((listing.Url, reason));
            page.Db.SuspiciousLinks.Add(new SuspiciousLink
            {
                CrawlRunId = run.RunId, Marketplace = run.Profile.Name, PageUrl = page.Page.Url, Href = listing.Url, Reason = reason, SeenAt = DateTime.UtcNow,
            });
        }
        page.Listings = followable;
        if (extracted.Source == ListingSource.Capture) page.Tally.FromCapture += followable.Count;
        else page.Tally.FromPage += followable.Count;
        page.Tally.SuspiciousLinks += refused.Count;
        if (refused.Count > 0)
            await page.EventAsync(CrawlEventKind.LinkRefused, $"{refused.Count} listing link(s) refused, not followed; first: {refused[0].Reason}", refused[0].Href);
        return StageResult.Next;
    }
}
