using System.Diagnostics;
using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MarketWatch.Bench;

/// <summary>The shape of the database the UI is measured on (issue 15: 1M listings, 50k sellers, 3.2% flagged, 20k decisions).</summary>
public sealed record UiShape(int Listings, int Sellers, double FlaggedRate, int Decisions, int BigSeller)
{
    public static readonly string PopularImei = "35332011000005" + Imei.CheckDigit("35332011000005");   // offered by many sellers: the IMEI page measured
    public const int PopularCount = 60;
}

/// <summary>
/// Builds the database through the app's own model: its EF entities, written with the table, column and conversion
/// mapping of the app's DbContext for whichever provider it is configured with (<see cref="ModelRows"/>). Counts and
/// indexes are kept by the schema itself (triggers included) while rows go in. Deterministic (fixed seed), so two runs measure the same data.
/// </summary>
public static class UiSeed
{
    private static readonly string[] Markets = ["tokopedia", "shopee", "bukalapak", "lazada", "blibli"];
    private static readonly string[] Reviewers = ["rina", "budi", "sari", "agus", "dewi", "eko", "fitri", "hadi"];
    private static readonly string[] Offers = ["Jasa Unblock IMEI {0} All Operator Garansi 3 Bulan", "Buka Blokir IMEI {0} Permanen Resmi", "Registrasi IMEI {0} Bea Cukai Cepat", "Jual IMEI Terdaftar {0} by brand", "Unlock IMEI {0} Inter 1 Bulan"];
    private static readonly string[] Goods = ["{0} Second Mulus IMEI Terdaftar", "Casing {0} Original Premium", "Tempered Glass {0} Full Cover", "{0} Garansi Resmi Indonesia", "Charger Fast Charging untuk {0}"];
    private static readonly string[] Models = ["iPhone 11", "iPhone 13 Pro", "iPhone 14", "Samsung A54", "Xiaomi Redmi Note 12", "Oppo A78", "Vivo Y36", "Infinix Hot 30"];

    public static async Task<TimeSpan> BuildAsync(IDbContextFactory<MarketWatchDb> factory, UiShape shape, DateTime now, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(15);
        await BatchesAsync(factory, Enumerable.Range(1, shape.Sellers), 10_000, (db, i) => db.Add(new Seller
        {
            Id = i, Marketplace = Markets[i % Markets.Length], ShopKey = "/toko-" + i, Name = "Toko " + i, Url = $"https://{Markets[i % Markets.Length]}.example/toko-{i}",
            Location = "Jakarta", FirstSeenAt = now.AddDays(-400), LastSeenAt = now,
        }), ct);
        const int runsPerDay = 4;
        await BatchesAsync(factory, Enumerable.Range(0, 365 * Markets.Length * runsPerDay), 10_000, (db, i) => db.Add(new CrawlRun
        {
            Id = i + 1, Marketplace = Markets[i % Markets.Length], Query = "unblock imei", PageBudget = 5, Status = CrawlStatus.Succeeded,
            StartedAt = now.AddDays(-365).AddHours(6.0 * (i / Markets.Length)), PagesFetched = 5, ListingsFlagged = 3,
        }), ct);
        Console.WriteLine($"  {shape.Sellers:N0} sellers and {365 * Markets.Length * runsPerDay:N0} crawl runs in {watch.Elapsed.TotalSeconds:0} s");

        var decisionRate = shape.Decisions / (shape.Listings * shape.FlaggedRate);
        var decided = new List<(long Id, ReviewStatus Status, string By, DateTime At)>();
        var popularLeft = UiShape.PopularCount;
        await BatchesAsync(factory, Enumerable.Range(1, shape.Listings), 20_000, (db, i) =>
        {
            // The first BigSeller listings belong to seller 1; the rest to a skewed draw over the others.
            var seller = i <= shape.BigSeller ? 1 : 2 + (int)((shape.Sellers - 2) * Math.Pow(random.NextDouble(), 1.6));
            var market = Markets[seller % Markets.Length];
            var flagged = random.NextDouble() < (seller == 1 ? 0.2 : shape.FlaggedRate);
            var score = flagged ? 0.5 + random.NextDouble() / 2 : random.NextDouble() / 2;
            var first = now.AddMinutes(-random.Next(365 * 24 * 60));
            var model = Models[random.Next(Models.Length)];
            var title = string.Format((flagged ? Offers : Goods)[random.Next(5)], model) + " #" + i;
            var status = ReviewStatus.Pending;
            if (flagged && random.NextDouble() < decisionRate)
            {
                var roll = random.NextDouble();
                status = roll < 0.55 ? ReviewStatus.Confirmed : roll < 0.95 ? ReviewStatus.Dismissed : ReviewStatus.NeedsInfo;
                var at = Max(first, now.AddMinutes(-random.Next(60 * 24 * 60)));
                decided.Add((i, status, Reviewers[random.Next(Reviewers.Length)], at));
            }
            var listing = new Listing
            {
                Id = i, Marketplace = market, ProductId = "p" + i, SellerId = seller, Title = title,
                Description = $"{title}. Proses cepat, hubungi kami sebelum order. Stok selalu ada, pengiriman dari Jakarta. Kode {i * 7919 % 100000}.",
                PriceIdr = 10_000 * (1 + random.Next(500)), Url = $"https://{market}.example/toko-{seller}/p{i}", SoldText = $"{random.Next(500)} terjual",
                FirstSeenAt = first, LastSeenAt = first.AddDays(random.Next(30)), SightingCount = 1, Flagged = flagged, Score = score, LatestDetectionId = i,
                ReviewStatus = status, ReviewVersion = status == ReviewStatus.Pending ? 0 : 1,
                ReviewedBy = status == ReviewStatus.Pending ? null : decided[^1].By, ReviewedAt = status == ReviewStatus.Pending ? null : decided[^1].At,
            };
            if (flagged && i > 1000 && random.NextDouble() < 0.02) (listing.RelistOfListingId, listing.RelistReason, listing.RelistedAt) = (i - 1 - random.Next(1000), "same seller, near-identical title", first);
            db.Add(listing);
            db.Add(new Data.Detection { Id = i, ListingId = i, CrawlRunId = 1, Score = score, Flagged = flagged, DetectedAt = first, ModelVersion = "imei-offer-bench",
                Reasons = flagged ? "phrase offering an IMEI service: 'unblock imei'\nclassifier 0.93" : "classifier 0.12" });
            db.Add(new Sighting { Id = i, ListingId = i, CrawlRunId = 1 + random.Next(365 * Markets.Length * runsPerDay), PageNumber = 1, Position = i % 40, Title = title, PriceIdr = listing.PriceIdr, SeenAt = first });
            if (flagged && (popularLeft > 0 && i % 97 == 0 || random.NextDouble() < 0.4))
            {
                var imei = popularLeft > 0 && i % 97 == 0 ? UiShape.PopularImei : UniqueImei(i);
                if (imei == UiShape.PopularImei) popularLeft--;
                db.Add(new ImeiMention { ListingId = i, Imei = imei, Status = "valid", Tac = imei[..8], RawText = imei, FirstSeenAt = first });
            }
            if (flagged && random.NextDouble() < 0.5)
                db.Add(new ContactMention { ListingId = i, Kind = "phone", Value = "62812" + random.Next(20_000).ToString("0000000") });
        }, ct);
        Console.WriteLine($"  {shape.Listings:N0} listings with detections, sightings, IMEIs and contacts by {watch.Elapsed.TotalSeconds:0} s");

        // The decisions the listings' statuses already show, and the audit log a team would have written making them.
        await BatchesAsync(factory, decided, 10_000, (db, d) =>
        {
            db.Add(new ReviewDecision { ListingId = d.Id, Before = ReviewStatus.Pending, After = d.Status, Reviewer = d.By, DecidedAt = d.At });
            db.Add(new AuditEntry { At = d.At, Actor = d.By, Action = "decide", Subject = $"listing {d.Id}", Before = "pending", After = d.Status.ToString().ToLowerInvariant() });
        }, ct);
        await BatchesAsync(factory, Enumerable.Range(0, 5_000), 5_000, (db, i) => db.Add(new AuditEntry
            { At = now.AddMinutes(-i * 17), Actor = Reviewers[i % Reviewers.Length], Action = "sign-in" }), ct);
        Console.WriteLine($"  {decided.Count:N0} decisions and {decided.Count + 5_000:N0} audit entries by {watch.Elapsed.TotalSeconds:0} s");
        return watch.Elapsed;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string UniqueImei(int i)
    {
        var first14 = "35" + (100000 + i % 900000).ToString() + (i % 1_000_000).ToString("000000");
        return first14 + Imei.CheckDigit(first14);
    }

    /// <summary>Adds items in one transaction per batch through <see cref="ModelRows"/>.</summary>
    private static async Task BatchesAsync<T>(IDbContextFactory<MarketWatchDb> factory, IEnumerable<T> items, int size, Action<ModelRows, T> add, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144", ct);   // 256 MiB for the index inserts
        foreach (var chunk in items.Chunk(size))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            using (var rows = new ModelRows(db, tx.GetDbTransaction())) foreach (var item in chunk) add(rows, item);
            await tx.CommitAsync(ct);
        }
    }
}
