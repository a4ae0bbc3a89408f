using MarketWatch.Data;
using MarketWatch.Marketplaces;
using MarketWatch.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Crawling;

public sealed record CrawlRequest(string Marketplace, string Query, int Pages, string? SandboxUrl);

/// <summary>
/// Runs one crawl: plans the search pages as a persisted frontier, fetches each through the browser,
/// extracts, detects and stores page by page. An unfinished run of the same marketplace and query is
/// resumed rather than started again, so pages already stored are not fetched twice.
/// </summary>
public sealed class CrawlEngine(
    MarketplaceCatalog marketplaces, IDbContextFactory<MarketWatchDb> dbFactory, BrowserFetcher fetcher,
    ListingExtractor extractor, ListingPipeline pipeline, EvidenceStore evidence, ILogger<CrawlEngine> log)
{
    public async Task<CrawlRun> RunAsync(CrawlRequest request, Action<string>? progress, CancellationToken ct)
    {
        var profile = marketplaces.Get(request.Marketplace);
        var baseUrl = request.SandboxUrl is { } sandbox ? sandbox.TrimEnd('/') + profile.SandboxPath : profile.BaseUrl.TrimEnd('/');
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await ResumeOrStartAsync(db, profile, baseUrl, request, ct);
        await pipeline.PrepareAsync(db, ct);
        progress?.Invoke(run.Pages.Any(p => p.Status != PageStatus.Pending)
            ? $"resuming run {run.Id}: {run.Pages.Count(p => p.Status == PageStatus.Pending)} page(s) left"
            : $"run {run.Id}: {profile.DisplayName} '{request.Query}', {run.Pages.Count} page(s)");

        foreach (var page in run.Pages.Where(p => p.Status == PageStatus.Pending).OrderBy(p => p.PageNumber).ToList())
        {
            ct.ThrowIfCancellationRequested();
            page.Attempts++;
            try
            {
                await CrawlPageAsync(db, profile, run, page, progress, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException and not BrowserNotFoundException)
            {
                db.ChangeTracker.Clear();   // discard whatever the failed page half-built
                db.Attach(run);
                db.Attach(page);
                page.Status = PageStatus.Failed;
                page.Error = Describe(e, page.Url);
                run.PagesFailed++;
                await db.SaveChangesAsync(ct);
                log.LogWarning("page {Page} failed: {Error}", page.PageNumber, page.Error);
                progress?.Invoke($"page {page.PageNumber}: FAILED {page.Error}");
            }
        }

        run.FinishedAt = DateTime.UtcNow;
        run.Status = run.PagesFetched == 0 && run.PagesFailed + run.PagesBroken + run.PagesBlocked > 0 ? CrawlStatus.Failed
            : run.PagesFailed + run.PagesBroken + run.PagesBlocked > 0 ? CrawlStatus.Degraded
            : CrawlStatus.Succeeded;
        run.Error = run.Pages.Where(p => p.Error is not null).Select(p => $"page {p.PageNumber}: {p.Error}").FirstOrDefault();
        await db.SaveChangesAsync(ct);
        return run;
    }

    private async Task CrawlPageAsync(MarketWatchDb db, MarketplaceProfile profile, CrawlRun run, CrawlPage page, Action<string>? progress, CancellationToken ct)
    {
        var waitFor = string.Join(", ", new[] { profile.WaitFor ?? profile.Card, profile.NoResultsMarker, profile.BlockedMarker }.OfType<string>());
        await using var fetched = await fetcher.FetchAsync(profile.Name, page.Url, waitFor, ct);
        run.Bytes += fetched.Html.Length;
        if (fetched.Status >= 400)
            throw new HttpRequestException($"HTTP {fetched.Status} from {page.Url}");
        var extracted = extractor.Extract(profile, fetched.Html, new Uri(fetched.FinalUrl));
        if (extracted.Kind != PageKind.Listings)
        {
            page.Status = extracted.Kind switch
            {
                PageKind.NoResults => PageStatus.NoResults,
                PageKind.Blocked => PageStatus.Blocked,
                _ => PageStatus.ExtractorBroken,
            };
            page.Error = extracted.Problems.FirstOrDefault();
            page.FetchedAt = DateTime.UtcNow;
            if (page.Status == PageStatus.Blocked) run.PagesBlocked++;
            if (page.Status == PageStatus.ExtractorBroken) run.PagesBroken++;
            // Only pages we could evaluate are kept as evidence of a broken extractor; the HTML shows what changed.
            if (page.Status == PageStatus.ExtractorBroken)
                db.Evidence.Add(await evidence.CaptureAsync(run.Id, page.Url, fetched.Html, null, fetcher.UserAgent, DateTime.UtcNow, ct));
            await db.SaveChangesAsync(ct);
            progress?.Invoke($"page {page.PageNumber}: {page.Status}{(page.Error is null ? "" : " (" + page.Error + ")")}");
            return;
        }

        var detected = pipeline.Detect(db, profile.Name, extracted.Listings);
        EvidenceCapture? capture = null;
        if (detected.Any(d => d.Detection.Flagged))
            capture = await evidence.CaptureAsync(run.Id, fetched.FinalUrl, fetched.Html, await fetched.ScreenshotAsync(), fetcher.UserAgent, DateTime.UtcNow, ct);
        var outcome = await pipeline.StoreAsync(db, profile.Name, run, page, detected, capture, ct);
        progress?.Invoke($"page {page.PageNumber}: {detected.Count} listings ({outcome.New} new, {outcome.Changed} changed, {outcome.Flagged} flagged)");
    }

    private static async Task<CrawlRun> ResumeOrStartAsync(MarketWatchDb db, MarketplaceProfile profile, string baseUrl, CrawlRequest request, CancellationToken ct)
    {
        var unfinished = await db.CrawlRuns.Include(r => r.Pages)
            .Where(r => r.Marketplace == profile.Name && r.Query == request.Query && r.Status == CrawlStatus.Running)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (unfinished is not null) return unfinished;

        var run = new CrawlRun
        {
            Marketplace = profile.Name, Query = request.Query, PageBudget = request.Pages, SandboxMode = request.SandboxUrl is not null,
            Status = CrawlStatus.Running, StartedAt = DateTime.UtcNow,
        };
        for (var i = 0; i < request.Pages; i++)
            run.Pages.Add(new CrawlPage { PageNumber = i + 1, Url = SearchUrl(profile, baseUrl, request.Query, i), Status = PageStatus.Pending });
        db.CrawlRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    public static string SearchUrl(MarketplaceProfile profile, string baseUrl, string query, int pageIndex) =>
        profile.SearchUrl.Replace("{base}", baseUrl)
            .Replace("{query}", Uri.EscapeDataString(query))
            .Replace("{page}", (profile.FirstPage + pageIndex).ToString());

    // Playwright's network errors read "net::ERR_CONNECTION_REFUSED at http://..."; keep that part, drop the call log.
    private static string Describe(Exception e, string url)
    {
        var first = e.Message.Split('\n')[0].Trim();
        return first.Contains("ERR_CONNECTION_REFUSED") ? $"connection refused by {new Uri(url).Authority} (is the site or sandbox running?)" : first;
    }
}
