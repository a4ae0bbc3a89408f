using AngleSharp.Html.Parser;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// enrich: detail pages. Offers hide in descriptions, so a new or changed listing whose card left detection
/// undecided (or every new one, by configuration) has its own page fetched, and is detected again with its
/// description. A listing that comes out flagged has its own page captured, before that tab is returned.
/// A failed detail page is an event, not a failure: the card is stored anyway and the next crawl tries again.
/// </summary>
public sealed class EnrichStage(CrawlOptions options, EvidenceOptions evidence) : IPageStage
{
    private static readonly HtmlParser Parser = new();

    public string Name => "enrich";

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        var profile = page.Run.Profile;
        if (profile.Detail is not { } detail || options.DetailPages.Mode == DetailMode.None) return StageResult.Next;
        var wanted = page.Detected.Select((d, i) => (d, i)).Where(x => NeedsDetail(page, x.d)).Take(options.DetailPages.MaxPerPage).ToList();
        foreach (var (d, i) in wanted)
        {
            var listing = d.Listing;
            var request = new FetchRequest(profile.Name, listing.Url, detail.WaitFor ?? detail.Description, page.Run.Guard.AllowedHosts,
                page.Run.Politeness.BlockResources == true, page.Run.Politeness.Concurrency ?? 1, Scroll: false);
            try
            {
                await using var fetched = await FetchStage.FetchAsync(page, request, "detail", ct);
                page.Tally.DetailPages++;
                page.Tally.Bytes += fetched.Html.Length;
                if (fetched.Status >= 400 || !fetched.Rendered)
                {
                    await page.EventAsync(CrawlEventKind.DetailFailed, fetched.Status >= 400 ? $"HTTP {fetched.Status}" : "its description never rendered", listing.Url);
                    continue;
                }
                var described = listing with { Description = Description(detail, fetched.Html) ?? listing.Description };
                var text = DetectStage.Text(described);
                var known = await DetectStage.KnownImeisAsync(page.Db, DetectStage.ValidImeis(text).ToHashSet(), ct);
                var detection = page.Run.Detector.Detect(text, DetectStage.Context(page, described, known));
                page.Detected[i] = new Detected(described, detection);
                if (detection.Flagged && evidence.Enabled)
                    page.Details[listing.ProductId] = new DetailCapture(fetched.FinalUrl, fetched.Html, await fetched.CaptureAsync(evidence));
            }
            catch (Exception e) when (e is FetchException or TimeoutException or Microsoft.Playwright.PlaywrightException)
            {
                await page.EventAsync(CrawlEventKind.DetailFailed, e.Message.Split('\n')[0], listing.Url);
            }
        }
        return StageResult.Next;
    }

    private bool NeedsDetail(PageContext page, Detected d)
    {
        // A listing seen before with the same title and price was already read in full.
        if (page.Known.TryGetValue(d.Listing.ProductId, out var k) && k.Title == d.Listing.Title && k.PriceIdr == d.Listing.PriceIdr && k.Description is not null)
            return false;
        return options.DetailPages.Mode == DetailMode.AllNew
            || d.Detection.Score >= options.DetailPages.MinScore && d.Detection.Score < options.DetailPages.MaxScore;
    }

    private static string? Description(DetailPage detail, string html)
    {
        using var doc = Parser.ParseDocument(html);
        return ListingExtractor.Clean(string.Join("\n", doc.QuerySelectorAll(detail.Description).Select(e => e.TextContent)));
    }
}
