using System.CommandLine;
using System.Globalization;
using MarketWatch.Crawling;
using MarketWatch.Marketplaces;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>
/// The first-contact tool: fetches one search page as a crawl would (robots.txt, the host's throttle, the profile's
/// fetcher and capture rule) and says per capture rule, selector and field what matched and what did not, shows three
/// listings, what is missing and whether a block page was served. The page and every captured response are saved
/// under DATA/probes/ for `extract --file` while the profile is fixed.
/// Exit codes: 0 listings read, 3 page read but nothing extracted, 1 not fetched, 2 bad input.
/// </summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var marketplace = new Option<string>("--marketplace", "-m") { Description = "Marketplace profile name", Required = true };
        var query = new Option<string>("--query", "-q") { Description = "Search text", DefaultValueFactory = _ => "unblock imei" };
        var sandbox = new Option<string?>("--sandbox") { Description = "Probe the sandbox at this URL instead of the real site" };
        var command = new Command("probe", "Fetch one search page of a marketplace and report which capture rules, selectors and fields matched")
            { marketplace, query, sandbox };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            var config = paths.LoadConfiguration();
            await using var services = new ServiceCollection().AddMarketplaces(config).AddCrawling(config, paths).BuildServiceProvider();
            var profile = services.GetRequiredService<MarketplaceCatalog>().Get(result.GetValue(marketplace)!);
            var sandboxUrl = result.GetValue(sandbox);
            if (sandboxUrl is not null && !Uri.TryCreate(sandboxUrl, UriKind.Absolute, out _))
                throw new ConfigurationException($"--sandbox: '{sandboxUrl}' is not an absolute URL");
            var baseUrl = profile.BaseUrlFor(sandboxUrl);
            var url = CrawlEngine.SearchUrl(profile, baseUrl, result.GetValue(query)!, 0);
            var guard = LinkGuard.For(baseUrl, sandboxUrl is null ? profile.ExtraOrigins : [], sandboxUrl is not null);   // as a crawl holds it
            var crawl = services.GetRequiredService<CrawlOptions>();
            var politeness = (profile.Politeness ?? new()).Over(crawl.Politeness.Over(Politeness.Defaults));
            Console.WriteLine($"probe       {profile.DisplayName}: {url}");

            var gate = services.GetRequiredService<PolitenessGate>();
            if (politeness.ObeyRobots == true)
            {
                var robots = await gate.RobotsAsync(new Uri(url), guard, ct);
                if (robots.Problem is { } problem) return Fail($"robots.txt unreadable: {problem} (every page is disallowed until it can be read)");
                if (!robots.Allows(new Uri(url))) return Fail("disallowed by robots.txt (see `robots -m NAME --url URL`)");
                Console.WriteLine("robots.txt  allowed");
            }
            var throttle = await gate.ThrottleAsync(new Uri(url), politeness, guard, ct);
            IPageFetcher fetcher = profile.FetchMode == FetchMode.Http ? services.GetRequiredService<HttpFetcher>() : services.GetRequiredService<BrowserFetcher>();
            var waitFor = string.Join(", ", new[] { profile.WaitFor ?? profile.Card, profile.NoResultsMarker, profile.BlockedMarker }.OfType<string>());
            FetchedPage fetched;
            try
            {
                using var slot = await throttle.AcquireAsync(ct);
                fetched = await fetcher.FetchAsync(new FetchRequest(profile.Name, url, waitFor, guard, politeness.BlockResources == true,
                    1, profile.Scroll, profile.Capture), ct);
            }
            catch (Exception e) when (e is FetchException or TimeoutException) { return Fail(e.Message); }
            await using var release = fetched;
            Console.WriteLine($"fetched     HTTP {fetched.Status}, {fetched.Html.Length / 1024.0:0.0} KiB of HTML in {fetched.Elapsed.TotalSeconds:0.0} s"
                + (fetched.Rendered ? "" : $" (nothing to wait for showed within Browser:RenderTimeoutSeconds)"));
            if (fetched.Status >= 400) return Fail($"HTTP {fetched.Status}" + (fetched.RetryAfter is { } ra ? $", Retry-After {ra.TotalSeconds:0} s" : ""));

            var report = ProfileProbe.Run(profile, fetched.Html, new Uri(fetched.FinalUrl), fetched.Captures, baseUrl);
            ProbePrinter.Print(profile, report, fetched);
            var saved = await SaveAsync(paths.DataDir, profile.Name, fetched, ct);
            Console.WriteLine($"saved       {saved}  (re-read with: extract -m {profile.Name} --file FILE{(sandboxUrl is null ? "" : $" --sandbox {sandboxUrl}")})");
            return report.Page.Kind == PageKind.Listings ? 0 : 3;
        }));
        return command;
    }

    private static int Fail(string why)
    {
        Console.WriteLine($"not fetched {why}");
        return 1;
    }

    private static async Task<string> SaveAsync(string dataDir, string name, FetchedPage fetched, CancellationToken ct)
    {
        var dir = Path.Combine(dataDir, "probes", $"{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{name}");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "page.html"), fetched.Html, ct);
        for (var i = 0; i < fetched.Captures.Count; i++)
            await File.WriteAllTextAsync(Path.Combine(dir, $"capture-{i + 1}.json"), fetched.Captures[i].Body, ct);
        return dir;
    }
}
