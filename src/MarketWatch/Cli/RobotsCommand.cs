using System.CommandLine;
using MarketWatch.Crawling;
using MarketWatch.Marketplaces;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>
/// What a marketplace's robots.txt says to us, fetched now the way a crawl fetches it: the group that applies
/// to our product token, its rules with their line numbers, the crawl delay, and for a URL the deciding rule.
/// Exit codes: 0 read (and the URL allowed), 3 the URL disallowed, 1 robots.txt unreachable (everything is
/// then disallowed), 2 bad input.
/// </summary>
public static class RobotsCommand
{
    public static Command Create()
    {
        var marketplace = new Option<string>("--marketplace", "-m") { Description = "Marketplace profile name", Required = true };
        var url = new Option<string?>("--url") { Description = "A URL (or a path on the marketplace) to decide for" };
        var sandbox = new Option<string?>("--sandbox") { Description = "Ask the sandbox at this URL instead of the real site" };
        var command = new Command("robots", "Fetch a marketplace's robots.txt and show the group, rules and crawl delay that apply to us, and the decision for a URL")
            { marketplace, url, sandbox };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            var config = paths.LoadConfiguration();
            await using var services = new ServiceCollection().AddMarketplaces(config).AddCrawling(config, paths).BuildServiceProvider();
            var profile = services.GetRequiredService<MarketplaceCatalog>().Get(result.GetValue(marketplace)!);
            var sandboxUrl = result.GetValue(sandbox);
            if (sandboxUrl is not null && !Uri.TryCreate(sandboxUrl, UriKind.Absolute, out _))
                throw new ConfigurationException($"--sandbox: '{sandboxUrl}' is not an absolute URL");
            var baseUri = new Uri(profile.BaseUrlFor(sandboxUrl) + "/");
            var guard = CrawlEngine.Guard(profile, baseUri.ToString(), sandboxUrl is not null);
            var target = result.GetValue(url) is { } u ? Target(baseUri, u, guard) : null;

            var crawl = services.GetRequiredService<CrawlOptions>();
            using var fetcher = new RobotsFetcher(services.GetRequiredService<BrowserOptions>().UserAgent, crawl.ProductToken, TimeSpan.Zero);
            var robotsUrl = new Uri(baseUri.GetLeftPart(UriPartial.Authority) + "/robots.txt");
            var robots = await fetcher.FetchAsync(robotsUrl, guard, ct);
            Print(profile, crawl, robotsUrl, robots);
            if (target is null) return robots.Problem is null ? 0 : 1;
            var decision = robots.Decide(target);
            Console.WriteLine($"{target.AbsoluteUri}: {(decision.Allowed ? "ALLOWED" : "DISALLOWED")} - {decision.Reason} (path compared: {decision.Path})");
            return robots.Problem is not null ? 1 : decision.Allowed ? 0 : 3;
        }));
        return command;
    }

    private static Uri Target(Uri baseUri, string value, LinkGuard guard)
    {
        var target = Uri.TryCreate(value, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute : new Uri(baseUri, value.TrimStart('/'));
        if (guard.Refuse(target.ToString()) is { } why) throw new ConfigurationException($"--url: {value}: {why}");
        return target;
    }

    private static void Print(MarketplaceProfile profile, CrawlOptions crawl, Uri robotsUrl, RobotsTxt robots)
    {
        Console.WriteLine($"robots.txt  {robotsUrl}");
        Console.WriteLine($"we are      {crawl.ProductToken} (Crawl:ProductToken)");
        var obeys = (profile.Politeness ?? new()).Over(crawl.Politeness.Over(Politeness.Defaults)).ObeyRobots == true;
        if (!obeys) Console.WriteLine($"note        {profile.Name}'s politeness settings do not obey robots.txt (ObeyRobots = false)");
        if (robots.Problem is { } problem)
        {
            Console.WriteLine($"unreadable  {problem}");
            Console.WriteLine("            so every page is disallowed until it can be read (RFC 9309 2.3.1.4)");
            return;
        }
        if (robots.Absent is { } absent) Console.WriteLine($"absent      {absent}: everything is allowed (RFC 9309 2.3.1.3)");
        else if (robots.GroupAgents.Count == 0) Console.WriteLine("group       none names us and there is no '*' group: no rules apply");
        else
        {
            var ours = robots.GroupAgents.Any(a => RobotsTxt.LeadingToken(a.Agent).Equals(crawl.ProductToken, StringComparison.OrdinalIgnoreCase));
            Console.WriteLine($"group       {(ours ? "ours" : "'*' (no group names us)")}: "
                + string.Join(", ", robots.GroupAgents.Select(a => $"line {a.Line}: User-agent: {a.Agent}")));
            foreach (var rule in robots.Rules) Console.WriteLine($"  {rule}");
            if (robots.Rules.Count == 0) Console.WriteLine("  (no rules: everything is allowed)");
        }
        Console.WriteLine(robots.CrawlDelaySeconds is { } delay
            ? $"crawl-delay {delay:0.###} s (a floor under Crawl:Politeness:DelaySeconds)"
            : "crawl-delay none (Crawl:Politeness:DelaySeconds applies)");
        foreach (var sitemap in robots.Sitemaps) Console.WriteLine($"sitemap     {sitemap}");
    }
}
