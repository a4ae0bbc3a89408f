namespace MarketWatch.Crawling.Stages;

public enum StageResult
{
    /// <summary>On to the next stage.</summary>
    Next,
    /// <summary>Fetch the page again from the start (after a block page's back-off); the cleanup stack runs first.</summary>
    Refetch,
}

/// <summary>One step of a page's crawl (see <see cref="PagePipeline"/> for the list and its order).</summary>
public interface IPageStage
{
    /// <summary>The stage's name in logs, metrics and the benchmark's time table.</summary>
    string Name { get; }

    /// <summary>Whether the stage also runs for a page already settled (failed, disallowed, broken): storing and counting do.</summary>
    bool RunsWhenSettled => false;

    Task<StageResult> RunAsync(PageContext page, CancellationToken ct);
}
