using MarketWatch.Data;

namespace MarketWatch.Crawling.Stages;

/// <summary>
/// politeness: robots.txt (RFC 9309, via <see cref="RobotsTxt"/>) and the host's throttle, before anything is
/// requested. A disallowed page is settled without a request; an unreachable robots.txt disallows everything.
/// </summary>
public sealed class PolitenessStage(PolitenessGate gate) : IPageStage
{
    public string Name => "politeness";

    public async Task<StageResult> RunAsync(PageContext page, CancellationToken ct)
    {
        var run = page.Run;
        var url = new Uri(page.Page.Url);
        if (run.Politeness.ObeyRobots == true)
        {
            var robots = await gate.RobotsAsync(url, run.Guard, ct);
            if (robots.Problem is { } problem)
            {
                page.Settle(PageStatus.Failed, problem);
                return StageResult.Next;
            }
            if (!robots.Allows(url))
            {
                page.Settle(PageStatus.RobotsDisallowed, "disallowed by robots.txt");
                return StageResult.Next;
            }
        }
        run.Throttle ??= await gate.ThrottleAsync(url, run.Politeness, run.Guard, ct);
        return StageResult.Next;
    }
}
