namespace MarketWatch.Crawling.Stages;

/// <summary>
/// plan: what this page's fetch asks for. The page comes from the run's persisted frontier; the request names the
/// selector that shows it rendered (cards, "no results" or a block page) and the only hosts the browser may reach.
/// </summary>
public sealed class PlanStage : IPageStage
{
    public string Name => "plan";

    public Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        var (run, profile) = (page.Run, page.Run.Profile);
        page.Db.Attach(page.Page);
        page.Page.Attempts++;
        var waitFor = string.Join(", ", new[] { profile.WaitFor ?? profile.Card, profile.NoResultsMarker, profile.BlockedMarker }.OfType<string>());
        page.Request = new FetchRequest(profile.Name, page.Page.Url, waitFor, run.Guard, run.Politeness.BlockResources == true,
            run.Politeness.Concurrency ?? 1, profile.Scroll, profile.Capture);
        return Task.FromResult(StageResult.Next);
    }
}
