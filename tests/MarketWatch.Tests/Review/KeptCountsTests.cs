using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MarketWatch.Tests.Review;

/// <summary>The counts the dashboard and the queue tabs read are kept by triggers: after any mix of writes they equal a direct count.</summary>
public class KeptCountsTests
{
    private static readonly string[] Markets = ["tokopedia", "shopee", "lazada"];

    /// <summary>What the dashboard showed before it read the counts: grouped straight from Listings and ReviewDecisions.</summary>
    private static async Task<(List<string> Daily, List<string> Sellers, List<string> Queue)> DirectAsync(MarketWatchDb db)
    {
        var flagged = (await db.Listings.Where(l => l.Flagged).Select(l => new { l.Marketplace, l.FirstSeenAt }).ToListAsync())
            .GroupBy(l => (Day: DateOnly.FromDateTime(l.FirstSeenAt), l.Marketplace)).ToDictionary(g => g.Key, g => g.Count());
        var confirmed = (await db.ReviewDecisions.Where(d => d.After == ReviewStatus.Confirmed)
                .Join(db.Listings, d => d.ListingId, l => l.Id, (d, l) => new { l.Marketplace, d.DecidedAt, d.ListingId }).ToListAsync())
            .Select(x => (Day: DateOnly.FromDateTime(x.DecidedAt), x.Marketplace, x.ListingId)).Distinct()
            .GroupBy(x => (x.Day, x.Marketplace)).ToDictionary(g => g.Key, g => g.Count());
        var daily = flagged.Keys.Union(confirmed.Keys).Order()
            .Select(k => $"{k.Day:yyyy-MM-dd} {k.Marketplace} {flagged.GetValueOrDefault(k)} {confirmed.GetValueOrDefault(k)}").ToList();
        var sellers = (await db.Listings.Where(l => l.SellerId != null).Select(l => new { l.SellerId, l.Flagged, l.ReviewStatus }).ToListAsync())
            .GroupBy(l => l.SellerId!.Value).Select(g => (Id: g.Key, Flagged: g.Count(l => l.Flagged), Confirmed: g.Count(l => l.ReviewStatus == ReviewStatus.Confirmed)))
            .Where(s => s.Flagged + s.Confirmed > 0).OrderBy(s => s.Id).Select(s => $"{s.Id} {s.Flagged} {s.Confirmed}").ToList();
        var queue = (await db.Listings.Where(l => l.Flagged || l.ReviewStatus != ReviewStatus.Pending).Select(l => new { l.Marketplace, l.ReviewStatus }).ToListAsync())
            .GroupBy(l => $"{l.Marketplace} {l.ReviewStatus}").Select(g => $"{g.Key} {g.Count()}").Order().ToList();
        return (daily, sellers, queue);
    }

    private static async Task<(List<string> Daily, List<string> Sellers, List<string> Queue)> KeptAsync(MarketWatchDb db)
    {
        var daily = (await db.DailyCounts.AsNoTracking().Where(d => d.Flagged != 0 || d.Confirmed != 0).ToListAsync())
            .OrderBy(d => (d.Day, d.Marketplace)).Select(d => $"{d.Day:yyyy-MM-dd} {d.Marketplace} {d.Flagged} {d.Confirmed}").ToList();
        var sellers = (await db.SellerCounts.AsNoTracking().Where(s => s.Flagged != 0 || s.Confirmed != 0).ToListAsync())
            .OrderBy(s => s.SellerId).Select(s => $"{s.SellerId} {s.Flagged} {s.Confirmed}").ToList();
        var queue = (await db.QueueCounts.AsNoTracking().Where(q => q.Count != 0).ToListAsync()).Select(q => $"{q.Marketplace} {q.ReviewStatus} {q.Count}").Order().ToList();
        return (daily, sellers, queue);
    }

    private static void Same((List<string> Daily, List<string> Sellers, List<string> Queue) expected, (List<string> Daily, List<string> Sellers, List<string> Queue) actual)
    {
        Assert.Equal(expected.Daily, actual.Daily);
        Assert.Equal(expected.Sellers, actual.Sellers);
        Assert.Equal(expected.Queue, actual.Queue);
    }

    [Fact]
    public async Task Counts_kept_by_the_database_equal_a_direct_count_after_inserts_updates_decisions_and_deletes()
    {
        await using var test = await TestDb.CreateAsync();
        await using var db = test.Open();
        var random = new Random(15);
        var day0 = new DateTime(2026, 11, 1, 23, 30, 0, DateTimeKind.Utc);   // near midnight: the UTC day, not the hour, counts
        var sellers = Enumerable.Range(0, 12).Select(i => new Seller { Marketplace = Markets[i % 3], ShopKey = "/s" + i, Name = "Toko " + i, FirstSeenAt = day0, LastSeenAt = day0 }).ToList();
        db.Sellers.AddRange(sellers);
        await db.SaveChangesAsync();
        var listings = new List<Listing>();

        for (var step = 0; step < 400; step++)
        {
            var pick = listings.Count == 0 ? null : listings[random.Next(listings.Count)];
            switch (random.Next(pick is null ? 1 : 7))
            {
                case 0:   // a crawl stores new listings
                    for (var i = 0; i < 3; i++)
                    {
                        var seller = random.Next(5) == 0 ? null : sellers[random.Next(sellers.Count)];
                        var l = new Listing { Marketplace = seller?.Marketplace ?? Markets[random.Next(3)], ProductId = $"p{step}-{i}", Title = "IMEI", Url = "https://x.example",
                            SellerId = seller?.Id, FirstSeenAt = day0.AddMinutes(random.Next(3 * 24 * 60)), LastSeenAt = day0, Flagged = random.Next(2) == 0, Score = random.NextDouble() };
                        db.Listings.Add(l);
                        listings.Add(l);
                    }
                    break;
                case 1: pick!.Flagged = !pick.Flagged; break;                                  // a re-crawl's detection changes its mind
                case 2: pick!.SellerId = random.Next(3) == 0 ? null : sellers[random.Next(sellers.Count)].Id; break;
                case 3: pick!.FirstSeenAt = day0.AddDays(random.Next(-2, 3)); pick.LastSeenAt = DateTime.UtcNow; break;
                case 4:
                case 5:   // a reviewer decides, through the same code as the queue; sometimes twice the same day
                    await db.SaveChangesAsync();
                    var verb = new[] { ReviewStatus.Confirmed, ReviewStatus.Confirmed, ReviewStatus.Dismissed, ReviewStatus.Pending }[random.Next(4)];
                    var version = await db.Listings.Where(l => l.Id == pick!.Id).Select(l => l.ReviewVersion).SingleAsync();
                    await Decisions.DecideAsync(db, pick!.Id, version, verb, null, "rina", default);
                    await db.Entry(pick).ReloadAsync();
                    break;
                case 6:   // an undecided listing removed by hand
                    if (await db.ReviewDecisions.AnyAsync(d => d.ListingId == pick!.Id)) break;
                    db.Listings.Remove(pick!);
                    listings.Remove(pick!);
                    break;
            }
            if (step % 25 == 0)
            {
                await db.SaveChangesAsync();
                Same(await DirectAsync(db), await KeptAsync(db));
            }
        }
        // Decisions on other days, written as a bulk import would: straight into the tables.
        foreach (var l in listings.Take(20))
        {
            db.ReviewDecisions.Add(new ReviewDecision { ListingId = l.Id, Before = l.ReviewStatus, After = ReviewStatus.Confirmed, Reviewer = "import", DecidedAt = day0.AddDays(-random.Next(5)) });
            l.ReviewStatus = ReviewStatus.Confirmed;
        }
        await db.SaveChangesAsync();
        var (daily, sellerCounts, queue) = await DirectAsync(db);
        Assert.True(daily.Count > 5 && sellerCounts.Count > 5, "the scenario should touch several days and sellers");
        Assert.Contains(daily, d => !d.EndsWith(" 0"));                                  // and confirmations
        Assert.True(await db.ReviewDecisions.CountAsync() > 40, "the scenario should decide often");
        Same((daily, sellerCounts, queue), await KeptAsync(db));
    }

    [Fact]
    public async Task The_migration_counts_the_listings_and_decisions_stored_before_it()
    {
        await using var test = new TestDbAtReview();
        await using var db = test.Db;
        var t = "2026-11-20 10:00:00";
        foreach (var sql in new[]
        {
            "INSERT INTO Sellers (Id, Marketplace, ShopKey, Name, FirstSeenAt, LastSeenAt) VALUES (1, 'shopee', '/a', 'A', '2026-11-01', '2026-11-01')",
            $"INSERT INTO Listings (Id, Marketplace, ProductId, SellerId, Title, Url, Sponsored, FirstSeenAt, LastSeenAt, SightingCount, Flagged, Score, ReviewStatus, ReviewVersion) VALUES (1, 'shopee', 'p1', 1, 't', 'u', 0, '{t}', '{t}', 1, 1, 0.9, 'Confirmed', 1)",
            $"INSERT INTO Listings (Id, Marketplace, ProductId, SellerId, Title, Url, Sponsored, FirstSeenAt, LastSeenAt, SightingCount, Flagged, Score, ReviewStatus, ReviewVersion) VALUES (2, 'shopee', 'p2', 1, 't', 'u', 0, '{t}', '{t}', 1, 1, 0.8, 'Pending', 0)",
            $"INSERT INTO Listings (Id, Marketplace, ProductId, SellerId, Title, Url, Sponsored, FirstSeenAt, LastSeenAt, SightingCount, Flagged, Score, ReviewStatus, ReviewVersion) VALUES (3, 'lazada', 'p3', NULL, 't', 'u', 0, '2026-11-21 01:00:00', '{t}', 1, 0, 0.1, 'Pending', 0)",
            "INSERT INTO ReviewDecisions (ListingId, Before, After, Reviewer, DecidedAt) VALUES (1, 'Pending', 'Confirmed', 'rina', '2026-11-22 09:00:00')",
            "INSERT INTO ReviewDecisions (ListingId, Before, After, Reviewer, DecidedAt) VALUES (1, 'Confirmed', 'Confirmed', 'rina', '2026-11-22 10:00:00')",
        }) await db.Database.ExecuteSqlRawAsync(sql);

        await Database.MigrateAsync(db);
        Same((["2026-11-20 shopee 2 0", "2026-11-22 shopee 0 1"], ["1 2 1"], ["shopee Confirmed 1", "shopee Pending 1"]), await KeptAsync(db));
        Same(await DirectAsync(db), await KeptAsync(db));
    }

    /// <summary>A database migrated only up to the schema before the counts existed.</summary>
    private sealed class TestDbAtReview : IAsyncDisposable
    {
        private readonly TempDir _dir = new();
        public MarketWatchDb Db { get; }

        public TestDbAtReview()
        {
            Db = TestDb.OpenAt(_dir.Path);
            Db.GetService<IMigrator>().Migrate("20261128143609_Review");
        }

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _dir.Dispose();
        }
    }
}
