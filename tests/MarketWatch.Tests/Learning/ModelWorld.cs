using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Learning;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Tests.Learning;

/// <summary>
/// The app's own detection services over a real SQLite file in a temporary data directory, composed as the CLI
/// composes them, with the test run's shared cache for the corpus model (trained once per run, not per test).
/// </summary>
public sealed class ModelWorld : IAsyncDisposable
{
    private readonly TestDb _db;
    public ServiceProvider Services { get; }
    private int _next;

    private ModelWorld(TestDb db, ServiceProvider services) => (_db, Services) = (db, services);

    public string DataDir => _db.DataDir;
    public MarketWatchDb Open() => _db.Open();
    /// <summary>A detector built the way the crawl builds one now: the registry's champion of the moment, TACs included.</summary>
    public Detector Detector
    {
        get
        {
            using var db = Open();
            return Services.GetRequiredService<DetectorFactory>().CreateAsync(db, default).GetAwaiter().GetResult();
        }
    }
    public Champions Champions => Services.GetRequiredService<Champions>();
    public Retrainer Retrainer => Services.GetRequiredService<Retrainer>();
    public ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();

    public static async Task<ModelWorld> CreateAsync(params (string Key, string Value)[] settings)
    {
        var db = await TestDb.CreateAsync();
        var paths = AppPaths.Resolve(null, db.DataDir);
        var config = new ConfigurationBuilder().AddConfiguration(paths.LoadConfiguration())
            .AddInMemoryCollection([new("Detection:ModelCacheDir", SharedData.ModelCache), .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))]).Build();
        var services = new ServiceCollection().AddLogging().AddData(config, paths).AddMarketplaces(config).AddDetection(config, paths).BuildServiceProvider();
        await global::MarketWatch.Services.PrepareDatabaseAsync(services);
        return new ModelWorld(db, services);
    }

    /// <summary>A stored listing, decided by a reviewer when a status is given (decisions in the order they are added).</summary>
    public async Task<long> ListingAsync(string title, string? description, long? price, ReviewStatus status = ReviewStatus.Pending, bool flagged = false, double score = 0.1)
    {
        await using var db = Open();
        var n = Interlocked.Increment(ref _next);
        var listing = new Listing
        {
            Marketplace = "tokopedia", ProductId = "p" + n, Title = title, Description = description, PriceIdr = price, Url = $"https://www.tokopedia.com/x/p{n}",
            FirstSeenAt = DateTime.UtcNow.AddDays(-2), LastSeenAt = DateTime.UtcNow, ReviewStatus = status, Flagged = flagged, Score = score,
            ReviewedAt = status == ReviewStatus.Pending ? null : DateTime.UtcNow.AddMinutes(n), ReviewedBy = status == ReviewStatus.Pending ? null : "ani",
        };
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _db.DisposeAsync();
    }
}
