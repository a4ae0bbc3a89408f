using MarketWatch.Crawling;
using MarketWatch.Crawling.Stages;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketWatch.Tests.Crawling.Stages;

/// <summary>Pages served from memory: the honest seam for stages that only need a fetched page's HTML and status.</summary>
public sealed class InMemoryFetcher : IPageFetcher
{
    public Dictionary<string, Queue<(int Status, string Html)>> Pages { get; } = [];
    public List<string> Requested { get; } = [];

    public void Serve(string url, params (int Status, string Html)[] answers) => Pages[url] = new Queue<(int, string)>(answers);

    public Task<FetchedPage> FetchAsync(FetchRequest request, CancellationToken ct)
    {
        Requested.Add(request.Url);
        if (!Pages.TryGetValue(request.Url, out var answers) || answers.Count == 0) throw new FetchException($"connection refused by {new Uri(request.Url).Authority}", transient: true);
        var (status, html) = answers.Count > 1 ? answers.Dequeue() : answers.Peek();
        return Task.FromResult(new FetchedPage(request.Url, request.Url, status, html, true, TimeSpan.FromMilliseconds(5), null, null, null));
    }
}

/// <summary>
/// A run of one marketplace on a real SQLite file, with its pages planned, for driving stages one by one: the
/// detector, events and metrics are the real ones; the fetcher is in memory unless a test brings its own.
/// </summary>
public sealed class StageHarness : IAsyncDisposable
{
    private readonly TestDb _store;
    public InMemoryFetcher Fetcher { get; } = new();
    public MarketplaceProfile Profile { get; }
    public RunContext Run { get; }
    public CrawlRun RunRow { get; }
    public IDbContextFactory<MarketWatchDb> Factory { get; }

    private StageHarness(TestDb store, MarketplaceProfile profile, CrawlRun run, Detector detector, IPageFetcher? fetcher, CrawlOptions options)
    {
        (_store, Profile, RunRow) = (store, profile, run);
        Factory = new DbFactory(store.DataDir);
        Run = new RunContext(profile, run.Id, LinkGuard.For(run.Pages[0].Url, null, sandbox: false),
            new Politeness { ObeyRobots = false, Concurrency = 1, DelaySeconds = 0, AutoThrottle = false, BlockResources = true },
            detector, fetcher ?? Fetcher, new CrawlEvents(Factory, new CrawlMetrics(), NullLogger<CrawlEvents>.Instance), new CrawlMetrics(), run.Pages.Count, 0, null)
        {
            Policy = FetchPolicy.Build(options),
            Throttle = new HostThrottle(1, 0, 0, false),
        };
    }

    public static async Task<StageHarness> CreateAsync(string marketplace = "tokopedia", int pages = 2, CrawlOptions? options = null, IPageFetcher? fetcher = null, string? pageUrl = null)
    {
        var store = await TestDb.CreateAsync();
        var profile = MarketplaceCatalog.FromConfiguration(AppPaths.Resolve(null, store.DataDir).LoadConfiguration()).Get(marketplace);
        await using var db = store.Open();
        var run = new CrawlRun { Marketplace = marketplace, Query = "imei", Status = CrawlStatus.Running, StartedAt = DateTime.UtcNow, PageBudget = pages };
        for (var i = 1; i <= pages; i++) run.Pages.Add(new CrawlPage { PageNumber = i, Url = pageUrl ?? $"https://www.example-market.test/search?q=imei&page={i}" });
        db.CrawlRuns.Add(run);
        await db.SaveChangesAsync();
        return new StageHarness(store, profile, run, new Detector(new DetectionOptions()), fetcher, options ?? new CrawlOptions { BackoffBaseSeconds = 0.01, RetryAttempts = 2 });
    }

    public MarketWatchDb Open() => _store.Open();
    public string DataDir => _store.DataDir;

    /// <summary>A context for page <paramref name="number"/> (1-based) on its own database context, as the pipeline makes one.</summary>
    public PageContext Page(int number, MarketWatchDb db, int attempt = 1) => new(Run, RunRow.Pages[number - 1], db, new PageTally(), attempt);

    public static ExtractedListing Card(string id, string title, string shop, string? description = null, long price = 500_000, int position = 1) => new()
    {
        ProductId = id, Title = title, Url = $"https://www.example-market.test/{shop}/x-{id}", Shop = shop, ShopUrl = $"https://www.example-market.test/{shop}",
        PriceIdr = price, Description = description, Position = position,
    };

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private sealed class DbFactory(string dir) : IDbContextFactory<MarketWatchDb>
    {
        public MarketWatchDb CreateDbContext() => TestDb.OpenAt(dir);
    }
}
