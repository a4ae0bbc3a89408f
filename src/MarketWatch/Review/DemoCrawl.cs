using MarketWatch.Crawling;
using MarketWatch.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Review;

/// <summary>`serve --demo`: starts the sandbox marketplace in-process and crawls it once, so a newcomer has flags to review.</summary>
public sealed class DemoCrawl(AppPaths paths, CrawlEngine engine, ILogger<DemoCrawl> log) : BackgroundService
{
    private SandboxServer? _sandbox;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            _sandbox = await SandboxServer.StartAsync(paths.FixturesDir, "http://127.0.0.1:0", ct: ct);
            log.LogInformation("demo: sandbox marketplace on {Url}", _sandbox.Url);
            // The local sandbox needs no politeness delay; a real site gets the configured one.
            var fast = new Politeness { DelaySeconds = 0, AutoThrottle = false };
            var runs = await Task.WhenAll(new[] { "tokopedia", "shopee", "bukalapak", "lazada", "blibli" }.Select(m =>
                engine.RunAsync(new CrawlRequest(m, "unblock imei", 2, _sandbox.Url, fast), p => log.LogInformation("demo crawl [{Marketplace}]: {Line}", p.Marketplace, p.Line), ct)));
            log.LogInformation("demo crawl finished: {Flagged} flagged across {Runs} marketplaces; refresh the review page", runs.Sum(r => r.ListingsFlagged), runs.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError("demo crawl failed: {Message}", e.Message);
        }
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        if (_sandbox is not null) await _sandbox.DisposeAsync();
    }
}
