using System.CommandLine;
using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

public static class CrawlCommand
{
    public static Command Create()
    {
        var marketplace = new Option<string>("--marketplace", "-m") { Description = "Marketplace profile name (see appsettings.json)", Required = true };
        var query = new Option<string>("--query", "-q") { Description = "Search text", Required = true };
        var pages = new Option<int>("--pages") { Description = "Search pages to fetch", DefaultValueFactory = _ => 3 };
        var sandbox = new Option<string?>("--sandbox") { Description = "Point every marketplace at this sandbox URL instead of the real site" };
        pages.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100) r.AddError("--pages must be between 1 and 100"); });
        var command = new Command("crawl", "Fetch search pages through Chromium, extract and detect listings, store them") { marketplace, query, pages, sandbox };
        command.SetAction((result, ct) => CommandLine.Guard(async () =>
        {
            var sandboxUrl = result.GetValue(sandbox);
            if (sandboxUrl is not null && !Uri.TryCreate(sandboxUrl, UriKind.Absolute, out _))
                throw new Marketplaces.ConfigurationException($"--sandbox: '{sandboxUrl}' is not an absolute URL");
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            var engine = services.GetRequiredService<CrawlEngine>();
            var request = new CrawlRequest(result.GetValue(marketplace)!, result.GetValue(query)!, result.GetValue(pages), sandboxUrl);
            var started = DateTime.UtcNow;
            var run = await engine.RunAsync(request, line => Console.WriteLine("  " + line), ct);
            PrintSummary(run, DateTime.UtcNow - started);
            return run.Status switch { CrawlStatus.Succeeded => 0, CrawlStatus.Degraded => 3, _ => 1 };
        }));
        return command;
    }

    private static void PrintSummary(CrawlRun run, TimeSpan elapsed)
    {
        var listings = run.ListingsNew + run.ListingsChanged + run.ListingsUnchanged;
        Console.WriteLine($"run {run.Id} {run.Marketplace} \"{run.Query}\": {run.Status.ToString().ToUpperInvariant()}");
        Console.WriteLine($"  pages     {run.PagesFetched} fetched, {run.PagesFailed} failed, {run.PagesBroken} extractor-broken, {run.PagesBlocked} blocked");
        Console.WriteLine($"  listings  {listings} ({run.ListingsNew} new, {run.ListingsChanged} changed, {run.ListingsUnchanged} unchanged), {run.ListingsFlagged} flagged");
        Console.WriteLine($"  bytes     {run.Bytes / 1024.0:0.0} KiB in {elapsed.TotalSeconds:0.0} s");
        if (run.Error is not null) Console.Error.WriteLine($"error: {run.Error}");
    }
}
