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
            var run = await engine.RunAsync(new CrawlRequest("tokopedia", "unblock imei", 3, _sandbox.Url), line => log.LogInformation("demo crawl: {Line}", line), ct);
            log.LogInformation("demo crawl finished: {Status}, {Flagged} flagged; refresh the review page", run.Status, run.ListingsFlagged);
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
