using System.Text.Json;
using MarketWatch.Data;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Cli;

/// <summary>`listings` through the real binary on a database larger than SQLite's limit of parameters per statement.</summary>
public class ListingsCommandTests
{
    [Fact]
    public async Task Listings_json_prints_more_listings_than_sqlite_takes_parameters_in_one_statement()
    {
        const int count = 32_800;   // SQLite refuses a statement with more than 32,766 parameters
        await using var db = await TestDb.CreateAsync();
        var now = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
        await using (var context = db.Open())
        {
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            context.CrawlRuns.Add(new CrawlRun { Id = 1, Marketplace = "tokopedia", Query = "imei", Status = CrawlStatus.Succeeded, StartedAt = now });
            for (long i = 1; i <= count; i++)
            {
                context.Listings.Add(new Listing { Id = i, Marketplace = "tokopedia", ProductId = "p" + i, Title = "Unblock IMEI " + i, Url = "https://t.example/p" + i,
                    FirstSeenAt = now, LastSeenAt = now, Flagged = true, Score = 0.5 + i / (2.0 * count), LatestDetectionId = i });
                context.Detections.Add(new Data.Detection { Id = i, ListingId = i, CrawlRunId = 1, Score = 0.9, Flagged = true,
                    Reasons = $"reason one of {i}\nclassifier 0.90", ModelVersion = "test", DetectedAt = now });
            }
            await context.SaveChangesAsync();
        }

        var result = await AppProcess.RunAsync("--data-dir", db.DataDir, "listings", "--flagged", "--json");
        Assert.True(result.ExitCode == 0, result.ExitCode + " " + result.Stderr);
        var rows = JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(count, rows.Count);
        var top = rows[0];                                                   // highest score first
        Assert.Equal("p" + count, top.GetProperty("productId").GetString());
        Assert.Equal([$"reason one of {count}", "classifier 0.90"], top.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }
}
