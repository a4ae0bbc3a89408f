using AngleSharp.Html.Parser;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using MarketWatch.Pipeline;
using Microsoft.EntityFrameworkCore;
using Polly;

namespace MarketWatch.Crawling;

/// <summary>
/// One search page, start to finish: robots.txt, politeness, fetch with retries, extraction, the links it
/// may not follow, detection, detail pages for undecided listings, evidence, and one transaction to store it.
/// </summary>
public sealed class PageCrawler(IDbContextFactory<MarketWatchDb> dbFactory, BrowserFetcher browser, HttpFetcher http, PolitenessGate gate,
    CrawlOptions options, ListingExtractor extractor, ListingPipeline pipeline, EvidenceStore evidence)
{
    private static readonly HtmlParser Parser = new();

    public async Task CrawlAsync(RunContext run, CrawlPage page, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Attach(page);
        page.Attempts++;
        var profile = run.Profile;
        var url = new Uri(page.Url);
        if (run.Politeness.ObeyRobots == true)
        {
            var robots = await gate.RobotsAsync(url, run.Guard, ct);
            if (robots.Problem is { } problem) { await FailAsync(db, run, page, problem, ct); return; }
            if (!robots.Allows(url))
            {
                Interlocked.Increment(ref run.Stats.RobotsDisallowed);
                await MarkAsync(db, run, page, PageStatus.RobotsDisallowed, "disallowed by robots.txt", ct);
                return;
            }
        }
        var throttle = run.Throttle ??= await gate.ThrottleAsync(url, run.Politeness, run.Guard, ct);
        var policy = run.Policy;
        var fetcher = profile.FetchMode == FetchMode.Http ? (IPageFetcher)http : browser;
        var waitFor = string.Join(", ", new[] { profile.WaitFor ?? profile.Card, profile.NoResultsMarker, profile.BlockedMarker }.OfType<string>());
        var request = new FetchRequest(profile.Name, page.Url, waitFor, run.Guard.AllowedHosts, run.Politeness.BlockResources == true, run.Politeness.Concurrency ?? 1, profile.Scroll);

        for (var attempt = 1; ; attempt++)
        {
            FetchedPage fetched;
            try { fetched = await FetchAsync(policy, fetcher, throttle, request, ct); }
            catch (Exception e) when (e is FetchException or TimeoutException) { await FailAsync(db, run, page, e.Message, ct); return; }

            string html;
            ExtractedPage extracted;
            Cards? cards = null;
            Dictionary<string, byte[]> shots = [];
            await using (fetched)
            {
                await db.CrawlRuns.Where(r => r.Id == run.RunId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Bytes, r => r.Bytes + fetched.Html.Length), ct);
                if (fetched.Status >= 400) { await FailAsync(db, run, page, $"HTTP {fetched.Status} from {page.Url}", ct); return; }
                html = fetched.Html;
                extracted = extractor.Extract(profile, html, new Uri(fetched.FinalUrl));
                if (extracted.Kind == PageKind.Blocked && attempt < options.BlockedAttempts)
                {
                    // A captcha answers hammering with more captchas: back off the whole host, then try once more.
                    Interlocked.Increment(ref run.Stats.BlockedBackoffs);
                    throttle.Pause(TimeSpan.FromSeconds(options.BlockedBackoffSeconds));
                    run.Log($"page {page.PageNumber}: block page, backing off {options.BlockedBackoffSeconds:0} s");
                    continue;
                }
                if (extracted.Kind == PageKind.Listings)
                {
                    // Detected while the tab still shows the page, so each flagged card can be photographed.
                    cards = await ReadCardsAsync(db, run, page, extracted, ct);
                    foreach (var (listing, _) in cards.Detected.Where(d => d.Detection.Flagged && !Evidenced(d.Listing, cards.Known)))
                        shots[listing.ProductId] = (await fetched.ScreenshotOfAsync(profile.Card, listing.Position - 1))!;
                }
            }
            if (cards is null) { await RecordNonListingsAsync(db, run, page, extracted, html, ct); return; }
            await StoreListingsAsync(db, run, page, cards, html, shots, policy, fetcher, throttle, ct);
            return;
        }
    }

    private static async Task<FetchedPage> FetchAsync(ResiliencePipeline<FetchedPage> policy, IPageFetcher fetcher, HostThrottle throttle, FetchRequest request, CancellationToken ct)
    {
        var result = await policy.ExecuteAsync(async token =>
        {
            using var slot = await throttle.AcquireAsync(token);
            var page = await fetcher.FetchAsync(request, token);
            throttle.Observe(page.Elapsed, !page.IsTransientError);
            return page;
        }, ct);
        return result;
    }

    private sealed record Cards(IReadOnlyList<(ExtractedListing Listing, DetectionResult Detection)> Detected, IReadOnlyDictionary<string, Listing> Known);

    // Off-site links are recorded and dropped; known listings lend their stored description to detection.
    private async Task<Cards> ReadCardsAsync(MarketWatchDb db, RunContext run, CrawlPage page, ExtractedPage extracted, CancellationToken ct)
    {
        var safe = new List<ExtractedListing>();
        foreach (var listing in extracted.Listings)
        {
            if (run.Guard.Refuse(listing.Url) is { } reason)
            {
                Interlocked.Increment(ref run.Stats.Suspicious);
                db.SuspiciousLinks.Add(new SuspiciousLink { CrawlRunId = run.RunId, Marketplace = run.Profile.Name, PageUrl = page.Url, Href = listing.Url, Reason = reason, SeenAt = DateTime.UtcNow });
            }
            else safe.Add(listing);
        }
        var known = await pipeline.KnownAsync(db, run.Profile.Name, safe.Select(l => l.ProductId), ct);
        var detected = pipeline.Detect(db, run.Profile.Name, safe.Select(l => known.TryGetValue(l.ProductId, out var k) && l.Description is null ? l with { Description = k.Description } : l));
        return new Cards(detected, known);
    }

    private async Task StoreListingsAsync(MarketWatchDb db, RunContext run, CrawlPage page, Cards cards, string html,
        Dictionary<string, byte[]> shots, ResiliencePipeline<FetchedPage> policy, IPageFetcher fetcher, HostThrottle throttle, CancellationToken ct)
    {
        var (detected, known) = (cards.Detected, cards.Known);
        var detailHtml = new Dictionary<string, (string Html, byte[]? Shot, string Url)>();
        if (run.Profile.Detail is { } detail && options.DetailPages.Mode != DetailMode.None)
        {
            var wanted = detected.Where(d => NeedsDetail(d.Listing, d.Detection, known)).Take(options.DetailPages.MaxPerPage).ToList();
            foreach (var (listing, _) in wanted)
            {
                var fetched = await TryDetailAsync(run, detail, listing, policy, fetcher, throttle, ct);
                if (fetched is not { } d) continue;
                detailHtml[listing.ProductId] = d;
            }
            if (detailHtml.Count > 0)
            {
                // Only the listings read in full are judged again, now with their descriptions.
                var again = pipeline.Detect(db, run.Profile.Name, detected.Where(d => detailHtml.ContainsKey(d.Listing.ProductId))
                    .Select(d => d.Listing with { Description = Description(detail, detailHtml[d.Listing.ProductId].Html) ?? d.Listing.Description }))
                    .ToDictionary(d => d.Listing.ProductId);
                detected = detected.Select(d => again.TryGetValue(d.Listing.ProductId, out var x) ? x : d).ToList();
            }
        }

        var captures = new Dictionary<string, EvidenceCapture>();
        foreach (var (listing, detection) in detected.Where(d => d.Detection.Flagged && (detailHtml.ContainsKey(d.Listing.ProductId) || !Evidenced(d.Listing, known))))
        {
            var (evidenceHtml, shot, evidenceUrl) = detailHtml.TryGetValue(listing.ProductId, out var d) ? d
                : (html, shots.GetValueOrDefault(listing.ProductId), page.Url);
            captures[listing.ProductId] = await evidence.CaptureAsync(run.RunId, evidenceUrl, evidenceHtml, shot, browser.UserAgent, DateTime.UtcNow, ct);
        }
        var outcome = await pipeline.StoreAsync(db, run.Profile.Name, run.RunId, page, detected, captures, ct);
        run.Log($"page {page.PageNumber}: {detected.Count} listings ({outcome.New} new, {outcome.Changed} changed, {outcome.Flagged} flagged"
            + (detailHtml.Count > 0 ? $", {detailHtml.Count} detail page(s)" : "") + ")", pageDone: true, listings: detected.Count, flagged: outcome.Flagged);
    }

    // A flagged listing seen before, unchanged, already has its evidence: a screenshot per card costs
    // Chromium more than everything else on the page, and the first capture is the one that counts.
    private static bool Evidenced(ExtractedListing listing, IReadOnlyDictionary<string, Listing> known) =>
        known.TryGetValue(listing.ProductId, out var k) && k.Flagged && k.Title == listing.Title && k.PriceIdr == listing.PriceIdr;

    private bool NeedsDetail(ExtractedListing listing, DetectionResult detection, IReadOnlyDictionary<string, Listing> known)
    {
        // A listing seen before with the same title and price was already read in full.
        if (known.TryGetValue(listing.ProductId, out var k) && k.Title == listing.Title && k.PriceIdr == listing.PriceIdr && k.Description is not null) return false;
        return options.DetailPages.Mode == DetailMode.AllNew
            || detection.Score >= options.DetailPages.MinScore && detection.Score < options.DetailPages.MaxScore;
    }

    private async Task<(string Html, byte[]? Shot, string Url)?> TryDetailAsync(RunContext run, DetailPage detail, ExtractedListing listing,
        ResiliencePipeline<FetchedPage> policy, IPageFetcher fetcher, HostThrottle throttle, CancellationToken ct)
    {
        var request = new FetchRequest(run.Profile.Name, listing.Url, detail.WaitFor ?? detail.Description, run.Guard.AllowedHosts,
            run.Politeness.BlockResources == true, run.Politeness.Concurrency ?? 1, Scroll: false);
        try
        {
            await using var fetched = await FetchAsync(policy, fetcher, throttle, request, ct);
            Interlocked.Increment(ref run.Stats.DetailPages);
            if (fetched.Status >= 400 || !fetched.Rendered) return null;
            return (fetched.Html, await fetched.ScreenshotAsync(), listing.Url);
        }
        catch (Exception e) when (e is FetchException or TimeoutException)
        {
            run.Log($"detail page {listing.Url}: {e.Message}");   // the card is stored anyway; the next crawl tries again
            return null;
        }
    }

    private static string? Description(DetailPage detail, string html)
    {
        using var doc = Parser.ParseDocument(html);
        return ListingExtractor.Clean(string.Join("\n", doc.QuerySelectorAll(detail.Description).Select(e => e.TextContent)));
    }

    private async Task RecordNonListingsAsync(MarketWatchDb db, RunContext run, CrawlPage page, ExtractedPage extracted, string html, CancellationToken ct)
    {
        var status = extracted.Kind switch
        {
            PageKind.NoResults => PageStatus.NoResults,
            PageKind.Blocked => PageStatus.Blocked,
            _ => PageStatus.ExtractorBroken,
        };
        // A page the extractor could not read is kept: its HTML shows what the markup changed to.
        if (status == PageStatus.ExtractorBroken)
            db.Evidence.Add(await evidence.CaptureAsync(run.RunId, page.Url, html, null, browser.UserAgent, DateTime.UtcNow, ct));
        await MarkAsync(db, run, page, status, extracted.Problems.FirstOrDefault(), ct);
    }

    private static async Task FailAsync(MarketWatchDb db, RunContext run, CrawlPage page, string error, CancellationToken ct)
    {
        await MarkAsync(db, run, page, PageStatus.Failed, error, ct);
    }

    private static async Task MarkAsync(MarketWatchDb db, RunContext run, CrawlPage page, PageStatus status, string? error, CancellationToken ct)
    {
        page.Status = status;
        page.Error = error;
        page.FetchedAt = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.CrawlRuns.Where(r => r.Id == run.RunId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.PagesFailed, r => r.PagesFailed + (status == PageStatus.Failed ? 1 : 0))
            .SetProperty(r => r.PagesBroken, r => r.PagesBroken + (status == PageStatus.ExtractorBroken ? 1 : 0))
            .SetProperty(r => r.PagesBlocked, r => r.PagesBlocked + (status == PageStatus.Blocked ? 1 : 0)), ct);
        await tx.CommitAsync(ct);
        run.Log($"page {page.PageNumber}: {status}{(error is null ? "" : " (" + error + ")")}", pageDone: true,
            error: status is PageStatus.Failed or PageStatus.ExtractorBroken or PageStatus.Blocked);
    }
}
