using System.CommandLine;
using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

public static class CrawlCommand
{
    public static Command Create()
    {
        var marketplace = new Option<string[]>("--marketplace", "-m")
        {
            Description = "Marketplace profile name(s) (see appsettings.json); repeat or comma-separate for several, 'all' for every one",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var query = new Option<string>("--query", "-q") { Description = "Search text", Required = true };
        var pages = new Option<int>("--pages") { Description = "Search pages to fetch per marketplace", DefaultValueFactory = _ => 3 };
        var sandbox = new Option<string?>("--sandbox") { Description = "Point every marketplace at this sandbox URL instead of the real site" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests in flight per host (overrides Crawl:Politeness:Concurrency)" };
        var delay = new Option<double?>("--delay") { Description = "Seconds between requests to a host (overrides Crawl:Politeness:DelaySeconds)" };
        pages.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100) r.AddError("--pages must be between 1 and 100"); });
        concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 16) r.AddError("--concurrency must be between 1 and 16"); });
        delay.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is < 0) r.AddError("--delay must not be negative"); });
        var command = new Command("crawl", "Fetch search pages through Chromium, extract and detect listings, store them with evidence")
            { marketplace, query, pages, sandbox, concurrency, delay };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var sandboxUrl = result.GetValue(sandbox);
            if (sandboxUrl is not null && !Uri.TryCreate(sandboxUrl, UriKind.Absolute, out _))
                throw new Marketplaces.ConfigurationException($"--sandbox: '{sandboxUrl}' is not an absolute URL");
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            var catalog = services.GetRequiredService<Marketplaces.MarketplaceCatalog>();
            var names = result.GetValue(marketplace)!.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (names.Contains("all")) names = catalog.All.Select(p => p.Name).ToList();
            foreach (var name in names) catalog.Get(name);   // an unknown name stops here, before anything is fetched
            if (names.Any(n => catalog.Get(n).FetchMode == Marketplaces.FetchMode.Browser))
                ChromiumLocator.Locate(services.GetRequiredService<BrowserOptions>().ExecutablePath);   // no browser: say so before any request
            var overrides = new Politeness { Concurrency = result.GetValue(concurrency), DelaySeconds = result.GetValue(delay) };
            var engine = services.GetRequiredService<CrawlEngine>();
            var view = CrawlConsole.ForConsole();
            var started = DateTime.UtcNow;
            // Marketplaces run side by side in one browser; one failing does not stop the others.
            var runs = await Task.WhenAll(names.Distinct().Select(name =>
                engine.RunAsync(new CrawlRequest(name, result.GetValue(query)!, result.GetValue(pages), sandboxUrl, overrides), view.Report, ct)));
            foreach (var run in runs) PrintSummary(run, DateTime.UtcNow - started);
            return runs.Any(r => r.Status == CrawlStatus.Failed) ? 1 : runs.Any(r => r.Status == CrawlStatus.Degraded) ? 3 : 0;
        }));
        return command;
    }

    private static void PrintSummary(CrawlRun run, TimeSpan elapsed)
    {
        var listings = run.ListingsNew + run.ListingsChanged + run.ListingsUnchanged;
        Console.WriteLine($"run {run.Id} {run.Marketplace} \"{run.Query}\": {run.Status.ToString().ToUpperInvariant()}");
        Console.WriteLine($"  pages     {run.PagesFetched} fetched, {run.Retries} retried, {run.PagesFailed} failed, {run.PagesBroken} extractor-broken, "
            + $"{run.PagesBlocked} blocked, {run.RobotsDisallowed} disallowed by robots.txt, {run.DetailPagesFetched} detail pages");
        Console.WriteLine($"  listings  {listings} ({run.ListingsNew} new, {run.ListingsChanged} changed, {run.ListingsUnchanged} unchanged), {run.ListingsFlagged} flagged");
        Console.WriteLine($"  source    listings from capture: {run.ListingsFromCapture}, from DOM: {run.ListingsFromPage}");
        if (run.BreakerOpenings + run.BlockedBackoffs + run.SuspiciousLinks > 0)
            Console.WriteLine($"  faults    {run.BreakerOpenings} breaker opening(s), {run.BlockedBackoffs} captcha back-off(s), {run.SuspiciousLinks} suspicious link(s) not followed");
        Console.WriteLine($"  bytes     {run.Bytes / 1024.0:0.0} KiB in {elapsed.TotalSeconds:0.0} s");
        if (run.Error is not null) Console.Error.WriteLine($"error: {run.Marketplace}: {run.Error}");
    }
}
