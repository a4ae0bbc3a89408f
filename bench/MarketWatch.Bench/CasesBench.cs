using System.Diagnostics;
using MarketWatch.Cases;
using MarketWatch.Crawling.Stages;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Marketplaces;
using MarketWatch.Pipeline;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Bench;

/// <summary>
/// Issue 18: what keeping cases up to date costs the store stage. A SQLite database is seeded with N listings (sellers,
/// a flagged share, contacts, IMEIs, shared among listings as networks share them) and their cases built; then pages of
/// new listings are written through the store stage's own writer (ListingWriter, each page in a transaction as the
/// stage holds it), whose outcome reports the part spent in CaseUpkeep. Printed: ms per page for the writer and for
/// upkeep, and upkeep's share. The writer is only part of the store stage (evidence rows, the page row), so the share
/// of the whole stage is smaller still.
/// </summary>
public static class CasesBench
{
    private const string Tac = "35332011";

    public static int Run(string[] args)
    {
        int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v) : fallback;
        var listings = Arg("--listings", 1_000_000);
        var pages = Arg("--pages", 300);
        var dir = Directory.CreateTempSubdirectory("mw-cases-bench-");
        try
        {
            var seed = Stopwatch.StartNew();
            var sellers = Math.Max(100, listings / 20);
            Seed(dir.FullName, listings, sellers);
            Console.WriteLine($"seeded {listings:N0} listings ({listings / 31:N0} flagged) by {sellers:N0} sellers in {seed.Elapsed.TotalSeconds:0} s");
            var backfill = Stopwatch.StartNew();
            using (var db = Open(dir.FullName))
            {
                var n = CaseUpkeep.BackfillAsync(db, default).GetAwaiter().GetResult();
                Console.WriteLine($"cases built for {n:N0} flagged listings in {backfill.Elapsed.TotalSeconds:0} s: {db.Listings.Where(l => l.CaseId != null).Select(l => l.CaseId).Distinct().Count():N0} cases");
            }
            Write(dir.FullName, 0, 20, sellers);   // warm-up: JIT, EF query compilation
            var (writer, upkeep) = Write(dir.FullName, 20, pages, sellers);
            Console.WriteLine($"store at {listings:N0} listings: {pages} pages of 40 new listings (a quarter flagged): writer {writer.TotalMilliseconds / pages:0.00} ms/page, "
                + $"case upkeep {upkeep.TotalMilliseconds / pages:0.00} ms/page = {100 * upkeep / writer:0.0}% of the writer (target < 10% of the store stage)");
            return upkeep < writer * 0.10 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    private static MarketWatchDb Open(string data) => new(new DbContextOptionsBuilder<MarketWatchDb>().UseSqlite(Database.ConnectionString(data)).Options);

    private static string Phone(long n) => "6281" + (n % 20_000).ToString("D8");
    private static string Imei(long n) { var body = Tac + (n % 50_000).ToString("D6"); return body + Detection.Imei.CheckDigit(body); }

    /// <summary>Pages of new listings through ListingWriter, one transaction each; sellers, phones and IMEIs drawn from the seeded pools.</summary>
    private static (TimeSpan Writer, TimeSpan Upkeep) Write(string data, int first, int count, int sellers)
    {
        TimeSpan writer = default, upkeep = default;
        var random = new Random(18);
        for (var p = first; p < first + count; p++)
        {
            var detected = new List<Detected>();
            for (var k = 0; k < 40; k++)
            {
                var shop = k % 4 == 0 ? random.Next(sellers / 5) : random.Next(sellers);
                var flagged = k % 4 == 0;
                var imei = flagged && k % 8 == 0 ? Imei(random.Next(50_000)) : null;
                var item = new ExtractedListing
                {
                    ProductId = $"new-{p}-{k}", Title = flagged ? $"Unblock IMEI iPhone inter {p} {k}" : $"Casing HP {p} {k}", Url = $"https://www.tokopedia.com/shop{shop}/new-{p}-{k}",
                    Shop = $"Toko {shop}", ShopUrl = $"https://www.tokopedia.com/shop{shop}", PriceIdr = 150_000, Position = k,
                    Description = flagged && k % 3 == 0 ? $"WA {Phone(random.Next(20_000))}" : null,
                };
                IReadOnlyList<ImeiCandidate> imeis = imei is null ? [] : [new ImeiCandidate(imei, ImeiStatus.Valid, 0, imei)];
                detected.Add(new Detected(item, new DetectionResult(flagged ? 0.97 : 0.05, flagged, flagged ? ["unblock imei"] : [], imeis, "bench", null)));
            }
            using var db = Open(data);
            var watch = Stopwatch.StartNew();
            using var tx = db.Database.BeginTransaction();
            var outcome = ListingWriter.WriteAsync(db, "tokopedia", 1, p, detected, new Dictionary<string, (EvidenceCapture, EvidenceBox?)>(), DateTime.UtcNow, default).GetAwaiter().GetResult();
            db.SaveChanges();
            tx.Commit();
            writer += watch.Elapsed;
            upkeep += outcome.CaseUpkeep;
        }
        return (writer, upkeep);
    }

    /// <summary>Plain SQL in one transaction (as ExportBench): EF change tracking would make seeding the slow part.</summary>
    private static void Seed(string data, int count, int sellers)
    {
        using (var db = Open(data)) Database.MigrateAsync(db).GetAwaiter().GetResult();
        using var connection = new SqliteConnection(Database.ConnectionString(data));
        connection.Open();
        using var tx = connection.BeginTransaction();
        void Exec(string sql) { using var c = connection.CreateCommand(); c.Transaction = tx; c.CommandText = sql; c.ExecuteNonQuery(); }
        const string t = "2026-11-20 10:00:00";
        Exec("INSERT INTO Marketplaces (Name, DisplayName, BaseUrl) VALUES ('tokopedia', 'Tokopedia', 'https://www.tokopedia.com')");
        Exec($"INSERT INTO CrawlRuns (Marketplace, Query, PageBudget, SandboxMode, Status, StartedAt, PagesFetched, PagesFailed, PagesBroken, PagesBlocked, ListingsNew, ListingsChanged, ListingsUnchanged, ListingsFlagged, Retries, BreakerOpenings, BlockedBackoffs, DetailPagesFetched, RobotsDisallowed, SuspiciousLinks, ListingsFromCapture, ListingsFromPage, Bytes) VALUES ('tokopedia', 'unblock imei', 3, 0, 'Succeeded', '{t}', 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)");
        using (var s = connection.CreateCommand())
        {
            s.Transaction = tx;
            s.CommandText = "INSERT INTO Sellers (Id, Marketplace, ShopKey, Name, Url, FirstSeenAt, LastSeenAt) VALUES ($i, 'tokopedia', '/shop' || $i, 'Toko ' || $i, 'https://www.tokopedia.com/shop' || $i, $t, $t)";
            var id = s.Parameters.Add("$i", SqliteType.Integer);
            s.Parameters.AddWithValue("$t", t);
            for (var i = 0; i < sellers; i++) { id.Value = i; s.ExecuteNonQuery(); }
        }
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO Listings (Id, Marketplace, ProductId, SellerId, Title, Description, PriceIdr, Url, Sponsored, FirstSeenAt, LastSeenAt, SightingCount, Flagged, Score, ReviewStatus, ReviewVersion)
              VALUES ($i, 'tokopedia', 'p' || $i, $seller, $title, $description, 150000, 'https://www.tokopedia.com/shop' || $seller || '/p' || $i, 0, $t, $t, 1, $flagged, $score, 'Pending', 0);
            """;
        var (pi, ps, ptitle, pdesc, pflag, pscore) = (cmd.Parameters.Add("$i", SqliteType.Integer), cmd.Parameters.Add("$seller", SqliteType.Integer),
            cmd.Parameters.Add("$title", SqliteType.Text), cmd.Parameters.Add("$description", SqliteType.Text), cmd.Parameters.Add("$flagged", SqliteType.Integer),
            cmd.Parameters.Add("$score", SqliteType.Real));
        cmd.Parameters.AddWithValue("$t", t);
        using var contact = connection.CreateCommand();
        contact.Transaction = tx;
        contact.CommandText = "INSERT INTO Contacts (ListingId, Kind, Value) VALUES ($i, 'phone', $v)";
        var (ci, cv) = (contact.Parameters.Add("$i", SqliteType.Integer), contact.Parameters.Add("$v", SqliteType.Text));
        using var imei = connection.CreateCommand();
        imei.Transaction = tx;
        imei.CommandText = "INSERT INTO ImeiMentions (ListingId, Imei, Status, Tac, RawText, FirstSeenAt) VALUES ($i, $v, 'valid', $tac, $v, $t)";
        var (ii, iv) = (imei.Parameters.Add("$i", SqliteType.Integer), imei.Parameters.Add("$v", SqliteType.Text));
        imei.Parameters.AddWithValue("$tac", Tac);
        imei.Parameters.AddWithValue("$t", t);
        for (var i = 1; i <= count; i++)
        {
            var flagged = i % 31 == 0;
            var phone = i % 10 == 0 ? Phone(i / 10) : null;
            // Offers come from a fifth of the sellers, so their flagged listings form networks of several listings each.
            (pi.Value, ps.Value, pflag.Value, pscore.Value) = (i, flagged ? i % (sellers / 5) : i % sellers, flagged ? 1 : 0, flagged ? 0.97 : 0.05);
            ptitle.Value = flagged ? $"Unblock IMEI iPhone inter {i}" : $"Casing HP {i}";
            pdesc.Value = phone is null ? DBNull.Value : $"WA {phone}";
            cmd.ExecuteNonQuery();
            if (phone is not null) { (ci.Value, cv.Value) = (i, phone); contact.ExecuteNonQuery(); }
            if (i % 20 == 0) { (ii.Value, iv.Value) = (i, Imei(i / 20)); imei.ExecuteNonQuery(); }
        }
        tx.Commit();
    }
}
