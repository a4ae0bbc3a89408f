using System.Diagnostics;
using MarketWatch;
using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Exports;
using MarketWatch.Marketplaces;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace MarketWatch.Bench;

/// <summary>
/// Takedown export of N confirmed listings (each with a seller, detection, two decisions, a sighting and evidence)
/// to CSV and XLSX through the Exporter the CLI uses: seconds and peak memory at N/10 and N, to show memory is flat.
/// </summary>
public static class ExportBench
{
    public static int Run(int rows)
    {
        var dir = Directory.CreateTempSubdirectory("mw-export-bench-");
        try
        {
            var seed = Stopwatch.StartNew();
            Seed(dir.FullName, "small", rows / 10);
            Seed(dir.FullName, "large", rows);
            Console.WriteLine($"seeded {rows / 10:N0} + {rows:N0} confirmed listings in {seed.Elapsed.TotalSeconds:0.0} s");
            var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppPaths.RepositoryRoot, "appsettings.json")).Build();
            var catalog = MarketplaceCatalog.FromConfiguration(config);
            var options = ExportServices.Options(config);
            foreach (var format in new[] { "csv", "xlsx" })
            {
                Export(dir.FullName, "small", format, catalog, options);   // warm-up: JIT, EF query compilation
                foreach (var (name, n) in new[] { ("small", rows / 10), ("large", rows) })
                {
                    var (seconds, workingSet, managed, bytes) = Export(dir.FullName, name, format, catalog, options);
                    Console.WriteLine($"{format,-4} {n,8:N0} rows: {seconds,6:0.00} s ({n / seconds,9:N0} rows/s), {bytes / 1048576.0,6:0.0} MiB file, "
                        + $"peak working set {workingSet / 1048576.0:0} MiB, peak managed heap {managed / 1048576.0:0} MiB");
                }
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    private static (double Seconds, long WorkingSet, long Managed, long Bytes) Export(string root, string name, string format, MarketplaceCatalog catalog, ExportOptions options)
    {
        var data = Path.Combine(root, name);
        var factory = new Factory(data);
        var exporter = new Exporter(factory, catalog, options, new EvidenceStore(data));
        var output = Path.Combine(root, $"{name}.{format}");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long peakWs = 0, peakManaged = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakWs = Math.Max(peakWs, process.WorkingSet64);
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                await Task.Delay(10);
            }
        });
        var watch = Stopwatch.StartNew();
        var manifest = exporter.TakedownAsync(new TakedownRequest("tokopedia", null, null), format, output, CancellationToken.None).GetAwaiter().GetResult();
        var seconds = watch.Elapsed.TotalSeconds;
        sampling.Cancel();
        sampler.Wait();
        return (seconds, peakWs, peakManaged, manifest.Bytes);
    }

    private sealed class Factory(string dataDir) : IDbContextFactory<MarketWatchDb>
    {
        public MarketWatchDb CreateDbContext() => new(new DbContextOptionsBuilder<MarketWatchDb>().UseSqlite(Database.ConnectionString(dataDir)).Options);
    }

    /// <summary>Rows inserted with plain SQL in one transaction: EF change tracking would make seeding, not exporting, the slow part.</summary>
    private static void Seed(string root, string name, int count)
    {
        var data = Path.Combine(root, name);
        Directory.CreateDirectory(data);
        using (var db = new Factory(data).CreateDbContext()) Database.MigrateAsync(db).GetAwaiter().GetResult();
        using var connection = new SqliteConnection(Database.ConnectionString(data));
        connection.Open();
        using var tx = connection.BeginTransaction();
        void Exec(string sql) { using var c = connection.CreateCommand(); c.Transaction = tx; c.CommandText = sql; c.ExecuteNonQuery(); }
        var t = "2026-11-20 10:00:00";
        Exec($"INSERT INTO Marketplaces (Name, DisplayName, BaseUrl) VALUES ('tokopedia', 'Tokopedia', 'https://www.tokopedia.com')");
        Exec($"INSERT INTO CrawlRuns (Marketplace, Query, PageBudget, SandboxMode, Status, StartedAt, PagesFetched, PagesFailed, PagesBroken, PagesBlocked, ListingsNew, ListingsChanged, ListingsUnchanged, ListingsFlagged, Retries, BreakerOpenings, BlockedBackoffs, DetailPagesFetched, RobotsDisallowed, SuspiciousLinks, Bytes) VALUES ('tokopedia', 'unblock imei', 3, 0, 'Succeeded', '{t}', 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)");
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO Sellers (Id, Marketplace, ShopKey, Name, Url, FirstSeenAt, LastSeenAt) VALUES ($i, 'tokopedia', '/shop' || $i, 'Toko ' || $i, 'https://www.tokopedia.com/shop' || $i, $t, $t);
            INSERT INTO Listings (Id, Marketplace, ProductId, SellerId, Title, PriceIdr, Url, Sponsored, FirstSeenAt, LastSeenAt, SightingCount, Flagged, Score, LatestDetectionId, ReviewStatus)
              VALUES ($i, 'tokopedia', 'p' || $i, $i, '=Unblock IMEI iPhone Inter All Operator garansi ' || $i, 150000, 'https://www.tokopedia.com/shop' || $i || '/unblock-imei-' || $i, 0, $t, $t, 1, 1, 0.97, $i, 'Confirmed');
            INSERT INTO Detections (Id, ListingId, CrawlRunId, Score, Flagged, Reasons, ModelVersion, DetectedAt)
              VALUES ($i, $i, 1, 0.97, 1, 'phrase offering an IMEI service: ''unblock imei''' || char(10) || 'classifier 0.97', 'imei-offer-bench', $t);
            INSERT INTO ReviewDecisions (ListingId, Before, After, Reviewer, DecidedAt) VALUES ($i, 'Pending', 'NeedsInfo', 'rina', $t);
            INSERT INTO ReviewDecisions (ListingId, Before, After, Reviewer, DecidedAt, Note) VALUES ($i, 'NeedsInfo', 'Confirmed', 'budi', $t, 'ok');
            INSERT INTO Evidence (Id, CrawlRunId, Url, CapturedAt, UserAgent, HtmlPath, HtmlSha256, HtmlBytes, ScreenshotPath, ScreenshotSha256)
              VALUES ($i, 1, 'https://www.tokopedia.com/search?q=imei', $t, 'ua', 'evidence/x.html.gz', printf('%064d', $i), 1000, 'evidence/x.png', printf('%064x', $i));
            INSERT INTO Sightings (ListingId, CrawlRunId, PageNumber, Position, Title, PriceIdr, SeenAt, EvidenceId) VALUES ($i, 1, 1, 1, 't', 150000, $t, $i);
            """;
        var id = cmd.Parameters.Add("$i", SqliteType.Integer);
        cmd.Parameters.AddWithValue("$t", t);
        for (var i = 1; i <= count; i++)
        {
            id.Value = i;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }
}
