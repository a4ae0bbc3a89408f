using MarketWatch.Crawling;
using MarketWatch.Crawling.Stages;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketWatch;

/// <summary>One registration method per concern; Program.cs lists them.</summary>
public static class Services
{
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration config, AppPaths paths)
    {
        if (File.Exists(paths.DataDir)) throw new ConfigurationException($"data directory '{paths.DataDir}' is a file: pass --data-dir a directory (it is made if missing)");
        PrivateFiles.CreateDirectory(paths.DataDir);
        var options = DatabaseOptionsFrom(config);
        if (!options.IsPostgres) PrivateFiles.Database(Path.Combine(paths.DataDir, "marketwatch.db"));
        return services.AddSingleton(options).AddSingleton<IDbContextFactory<MarketWatchDb>>(new MarketWatchDbFactory(options, paths.DataDir));
    }

    public static DatabaseOptions DatabaseOptionsFrom(IConfiguration config)
    {
        var options = Bind<DatabaseOptions>(config, "Database");
        options.Validate();
        return options;
    }

    public static IServiceCollection AddMarketplaces(this IServiceCollection services, IConfiguration config) =>
        services.AddSingleton(MarketplaceCatalog.FromConfiguration(config)).AddSingleton<ListingExtractor>();

    public static IServiceCollection AddDetection(this IServiceCollection services, IConfiguration config, AppPaths paths)
    {
        var options = Bind<DetectionOptions>(config, "Detection");
        if (options.Threshold is <= 0 or >= 1) throw new ConfigurationException($"Detection:Threshold: {options.Threshold} must lie strictly between 0 and 1");
        for (var i = 0; i < options.Rules.Count; i++)
        {
            try { _ = options.Rules[i].Compiled; }
            catch (ArgumentException e) { throw new ConfigurationException($"Detection:Rules:{i}:Pattern ({options.Rules[i].Name}): {e.Message}"); }
        }
        var models = Bind<Learning.ModelOptions>(config, "Models");
        models.Validate();
        // The model is resolved (and on a first start, trained) only by verbs that detect; `serve` resolves it at start.
        return services.AddSingleton(options).AddSingleton(models).AddSingleton(paths)
            .AddSingleton<Learning.ModelRegistry>()
            .AddSingleton<Learning.ModelSlot>()
            .AddSingleton(sp => new DetectorFactory(options, sp.GetRequiredService<Learning.ModelSlot>(),
                string.IsNullOrWhiteSpace(options.SlangLexicon) ? null : SlangLexicon.Load(paths.Relative(options.SlangLexicon))))
            .AddSingleton<Learning.Champions>()
            .AddSingleton<Learning.Retrainer>();
    }

    public static IServiceCollection AddCrawling(this IServiceCollection services, IConfiguration config, AppPaths paths)
    {
        var crawl = Bind<CrawlOptions>(config, "Crawl");
        var browser = Bind<BrowserOptions>(config, "Browser");
        if (crawl.RetryAttempts is < 0 or > 10) throw new ConfigurationException($"Crawl:RetryAttempts: {crawl.RetryAttempts} must be between 0 and 10");
        if (crawl.Politeness.Concurrency is < 1 or > 16) throw new ConfigurationException($"Crawl:Politeness:Concurrency: {crawl.Politeness.Concurrency} must be between 1 and 16");
        if (crawl.Politeness.DelaySeconds is < 0) throw new ConfigurationException("Crawl:Politeness:DelaySeconds must not be negative");
        if (crawl.ProductToken.Length == 0 || RobotsTxt.LeadingToken(crawl.ProductToken) != crawl.ProductToken)
            throw new ConfigurationException($"Crawl:ProductToken: '{crawl.ProductToken}' must be one word of letters, '_' and '-' (RFC 9309 2.2.1)");
        if (crawl.RobotsCacheHours is <= 0 or > 24) throw new ConfigurationException($"Crawl:RobotsCacheHours: {crawl.RobotsCacheHours} must be more than 0 and at most 24 (RFC 9309 2.4)");
        if (browser.PageTimeoutSeconds < 1) throw new ConfigurationException("Browser:PageTimeoutSeconds must be at least 1");
        if (browser.CollectGarbageEveryPages < 0) throw new ConfigurationException($"Browser:CollectGarbageEveryPages: {browser.CollectGarbageEveryPages} must not be negative (0: never)");
        if (browser.RecycleTabAfterPages < 0) throw new ConfigurationException($"Browser:RecycleTabAfterPages: {browser.RecycleTabAfterPages} must not be negative (0: never)");
        // The user agent says who we are and how to reach us, instead of pretending to be a shopper.
        browser.UserAgent = browser.UserAgent.Replace("{contact}", crawl.Contact);
        var evidence = Bind<EvidenceOptions>(config, "Evidence");
        evidence.Validate();
        var lease = Bind<RunLeaseOptions>(config, "Crawl:RunLease");
        if (lease.Seconds is < 3 or > 3600) throw new ConfigurationException($"Crawl:RunLease:Seconds: {lease.Seconds} must be between 3 and 3600");
        services.AddSingleton(crawl).AddSingleton(browser).AddSingleton(evidence).AddSingleton(lease)
            .AddSingleton<BrowserFetcher>()
            .AddSingleton<HttpFetcher>()
            .AddSingleton<PolitenessGate>()
            .AddSingleton(sp => EvidenceStore.For(sp.GetRequiredService<DatabaseOptions>(), paths.DataDir, sp.GetRequiredService<IDbContextFactory<MarketWatchDb>>()))
            .AddSingleton<SnapshotRenderer>()
            .AddSingleton<CrawlMetrics>()
            .AddSingleton<CrawlEvents>()
            .AddSingleton<CrawlEngine>();
        // The page's stages, each a singleton without state of its own; their order is declared in PagePipeline.
        return services.AddSingleton<PlanStage>().AddSingleton<PolitenessStage>().AddSingleton<FetchStage>().AddSingleton<ExtractStage>()
            .AddSingleton<DedupeStage>().AddSingleton<DetectStage>().AddSingleton<SnapshotStage>().AddSingleton<EnrichStage>()
            .AddSingleton<EvidenceStage>().AddSingleton<StoreStage>().AddSingleton<AccountStage>().AddSingleton<PagePipeline>();
    }

    private static T Bind<T>(IConfiguration config, string section) where T : new()
    {
        var value = new T();
        try { config.GetSection(section).Bind(value); }
        catch (InvalidOperationException e) { throw new ConfigurationException($"{section}: {e.Message}"); }
        return value;
    }

    /// <summary>Applies migrations and records the configured marketplaces.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
        await Database.MigrateAsync(db, ct);
        // Nodes starting together must not both insert a new marketplace.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Database.LockForWriteAsync(db, "marketplaces", ct);
        foreach (var p in services.GetRequiredService<MarketplaceCatalog>().All)
        {
            var row = await db.Marketplaces.FindAsync([p.Name], ct);
            if (row is null) db.Marketplaces.Add(new Data.Marketplace { Name = p.Name, DisplayName = p.DisplayName, BaseUrl = p.BaseUrl });
            else { row.DisplayName = p.DisplayName; row.BaseUrl = p.BaseUrl; }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await BackfillContactsAsync(db, ct);
    }

    // Contacts (for linked sellers) are extracted when a page is stored. Listings stored before that existed
    // are read once, here; SQLite's user_version records that it was done. A PostgreSQL database never needs it:
    // it is either new (every listing stored with its contacts) or filled by `db copy` from a backfilled file.
    internal static async Task BackfillContactsAsync(Data.MarketWatchDb db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return;
        var version = (await db.Database.SqlQueryRaw<long>("SELECT user_version AS Value FROM pragma_user_version").ToListAsync(ct)).Single();
        if (version >= 1) return;
        var found = new List<Data.ContactMention>();
        await foreach (var l in db.Listings.AsNoTracking().Where(l => !db.Contacts.Any(c => c.ListingId == l.Id))
                           .Select(l => new { l.Id, l.Title, l.Description }).AsAsyncEnumerable().WithCancellation(ct))
            found.AddRange(Detection.ContactExtractor.Extract(l.Title, l.Description).Select(c => new Data.ContactMention { ListingId = l.Id, Kind = c.Kind, Value = c.Value }));
        db.Contacts.AddRange(found);
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA user_version = 1", ct);
    }
}
