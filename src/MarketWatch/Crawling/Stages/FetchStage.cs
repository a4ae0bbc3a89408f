using MarketWatch.Data;
using Polly;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// fetch: the page through the run's fetcher (Chromium or plain HTTP), inside the host's throttle and the run's
/// Polly policy (retries, Retry-After, breaker). The tab's return to its pool goes on the cleanup stack at once.
/// Every request of a crawl, search page or detail page, goes through <see cref="FetchAsync"/>.
/// </summary>
public sealed class FetchStage : IPageStage
{
    public string Name => "fetch";

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        FetchedPage fetched;
        try { fetched = await FetchAsync(page, page.Request!, "search", ct); }
        catch (FetchRefusedException e)
        {
            // The page tried to take the browser off the marketplace: nothing of it is used, and the target is on record.
            await page.EventAsync(CrawlEventKind.PageRefused, $"{page.Page.Url} {e.Message}", e.Target);
            page.Settle(PageStatus.Failed, e.Message);
            return StageResult.Next;
        }
        catch (Exception e) when (e is FetchException or TimeoutException)
        {
            page.Settle(PageStatus.Failed, e.Message);
            return StageResult.Next;
        }
        page.Defer(fetched.DisposeAsync);
        page.Fetched = fetched;
        page.Tally.Bytes += fetched.Html.Length;
        await RecordRefusedAsync(page, fetched);
        if (fetched.Status >= 400) page.Settle(PageStatus.Failed, $"HTTP {fetched.Status} from {page.Page.Url}");
        return StageResult.Next;
    }

    /// <summary>One event for the requests a page made off the marketplace (analytics, frames, fetch): refused, the page kept.</summary>
    public static Task RecordRefusedAsync(PageContext page, FetchedPage fetched) => fetched.Refused is [var first, ..] refused
        ? page.EventAsync(CrawlEventKind.RequestRefused,
            $"{refused.Count} request(s) of {fetched.FinalUrl} off the marketplace refused; first: {first.Reason}", first.Url)
        : Task.CompletedTask;

    /// <param name="kind">"search" or "detail", for the fetch-duration metric.</param>
    public static async Task<FetchedPage> FetchAsync(PageContext page, FetchRequest request, string kind, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(FetchPolicy.Scope, (page, request.Url));
        try
        {
            return await page.Run.Policy.ExecuteAsync(static async (ctx, state) =>
            {
                var (run, request, kind) = state;
                using var slot = await run.Throttle!.AcquireAsync(ctx.CancellationToken);
                var fetched = await run.Fetcher.FetchAsync(request, ctx.CancellationToken);
                run.Throttle.Observe(fetched.Elapsed, !fetched.IsTransientError);
                run.Metrics.Fetched(run.Profile.Name, kind, fetched.Elapsed);
                return fetched;
            }, context, (page.Run, request, kind));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
