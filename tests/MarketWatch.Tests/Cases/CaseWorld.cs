using MarketWatch.Crawling;
using MarketWatch.Crawling.Stages;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Exports;
using MarketWatch.Marketplaces;
using MarketWatch.Pipeline;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Cases;

/// <summary>
/// A database filled the way the store stage fills it: pages of extracted listings, detected by the real detector
/// (the test classifier), written by ListingWriter inside a transaction, so case upkeep runs exactly as in a crawl.
/// </summary>
public sealed class CaseWorld : IAsyncDisposable
{
    public static readonly string[] Marketplaces = ["tokopedia", "shopee", "bukalapak", "lazada", "blibli"];
    private readonly TestDb _store;
    private readonly Detector _detector = new(new DetectionOptions(), SharedData.Classifier);
    private int _page;

    private CaseWorld(TestDb store) => _store = store;

    public static async Task<CaseWorld> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) => new(await TestDb.CreateAsync(provider));

    public string DataDir => _store.DataDir;
    public MarketWatchDb Open() => _store.Open();

    /// <summary>The team's sandbox catalogue, each listing and its relisting, as the demo patrol meets it on every marketplace.</summary>
    public static Catalogue Catalogue { get; } = Catalogue.Load(Path.Combine(AppPaths.RepositoryRoot, "fixtures", "sandbox", "catalogue.json"));

    public static ExtractedListing Card(string marketplace, CatalogueItem item, int position = 1) => new()
    {
        ProductId = item.Id, Title = item.Title, Description = item.Description, PriceIdr = item.PriceIdr, Position = position,
        Url = $"https://{marketplace}.example/{item.ShopSlug}/{item.Slug}", Shop = item.Shop, ShopUrl = $"https://{marketplace}.example/{item.ShopSlug}",
        ShopLocation = item.ShopLocation,
    };

    /// <summary>The demo data: the whole catalogue on all five marketplaces, 20 cards a page.</summary>
    public async Task StoreDemoAsync()
    {
        foreach (var marketplace in Marketplaces)
            foreach (var chunk in Catalogue.Items.Chunk(20))
                await StoreAsync(marketplace, chunk.Select((item, i) => Card(marketplace, item, i + 1)).ToList());
    }

    /// <summary>One page through detection and the store stage's writer; evidence (keyed by product id) is stored with it.</summary>
    public async Task StoreAsync(string marketplace, IReadOnlyList<ExtractedListing> cards, Func<long, MarketWatchDb, Task<Dictionary<string, (EvidenceCapture, EvidenceBox?)>>>? evidence = null)
    {
        await using var db = Open();
        var run = new CrawlRun { Marketplace = marketplace, Query = "imei", Status = CrawlStatus.Succeeded, StartedAt = DateTime.UtcNow };
        db.CrawlRuns.Add(run);
        await db.SaveChangesAsync();
        var proof = evidence is null ? [] : await evidence(run.Id, db);
        await using var tx = await db.Database.BeginTransactionAsync();
        var detected = cards.Select(c => new Detected(c, _detector.Detect(new ListingText(c.Title, c.Description, c.PriceIdr)))).ToList();
        await ListingWriter.WriteAsync(db, marketplace, run.Id, ++_page, detected, proof, DateTime.UtcNow, default);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    public Exporter Exporter()
    {
        var config = AppPaths.Resolve(null, DataDir).LoadConfiguration();
        return new Exporter(new Factory(DataDir), MarketplaceCatalog.FromConfiguration(config), ExportServices.Options(config), TestDb.EvidenceAt(DataDir));
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private sealed class Factory(string dir) : IDbContextFactory<MarketWatchDb>
    {
        public MarketWatchDb CreateDbContext() => TestDb.OpenAt(dir);
    }
}
