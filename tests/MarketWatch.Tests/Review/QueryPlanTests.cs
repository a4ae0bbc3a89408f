using System.Text.RegularExpressions;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Review;

/// <summary>
/// The pages that must stay fast at a million listings read through indexes: for each, every statement EF runs is
/// put to EXPLAIN QUERY PLAN. A full scan of a table that grows with the listings (or a sort of its rows) fails the
/// test, on any amount of data, because SQLite plans without statistics the same way on a small file as on a large one.
/// </summary>
[Collection("review")]
public partial class QueryPlanTests(ReviewFixture app)
{
    // Tables that grow with the number of listings. The small ones (Marketplaces, CrawlRuns, Alerts, DailyCounts...) may be scanned.
    private static readonly HashSet<string> Big = ["Listings", "Sellers", "Sightings", "Detections", "ImeiMentions", "Contacts", "ReviewDecisions", "AuditEntries", "SellerCounts"];

    [Fact]
    public async Task Queue_dashboard_seller_imei_listing_and_audit_pages_read_through_indexes_without_scanning_or_sorting_listings()
    {
        var tag = app.NewTag();
        var imei = "35325910774410" + Imei.CheckDigit("35325910774410");
        var seller = await app.SellerAsync(tag, "Toko Rencana");
        var listings = new List<Listing>();
        for (var i = 0; i < 60; i++) listings.Add(await app.ListingAsync(tag, $"Jasa IMEI {i} WA 0813-7222-45{i:00}", 0.5 + i / 200.0, seller, imeis: i % 10 == 0 ? [imei] : null));
        long caseId;
        await using (var db = app.Open())
        {
            await MarketWatch.Review.Decisions.DecideAsync(db, listings[0].Id, 0, ReviewStatus.Confirmed, null, "perencana", default);
            await MarketWatch.Cases.CaseUpkeep.BackfillAsync(db, default);   // the cases pages below have networks to read
            caseId = (await db.Listings.FindAsync(listings[0].Id))!.CaseId!.Value;
        }
        using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "perencana", "reviewer");
        var key = $"{listings[30].Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}_{listings[30].Id}";

        string[] pages =
        [
            "/", $"/?marketplace={tag}", "/?minScore=0.6&maxScore=0.8", $"/?after={key}", $"/?before={key}", $"/?marketplace={tag}&after={key}",
            "/?status=confirmed", "/?status=all", $"/?status=all&after={key}", "/dashboard", "/cases", "/cases?status=all", $"/case/{caseId}", $"/seller/{seller.Id}", $"/seller/{seller.Id}?after={key}",
            $"/imei/{imei}", $"/listing/{listings[30].Id}", "/audit", "/audit?actor=perencana", "/audit?action=decide", "/audit?before=5",
        ];
        using var plans = new QueryPlans(app.DataDir);
        var problems = new List<string>();
        foreach (var page in pages)
        {
            plans.Clear();
            var response = await http.GetAsync(page);
            Assert.True(response.IsSuccessStatusCode, $"{page}: {(int)response.StatusCode}");
            var queries = plans.PlanAll();
            Assert.NotEmpty(queries);
            foreach (var q in queries)
                foreach (var problem in Problems(q))
                    problems.Add($"{page}: {problem}\n{q}");
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [GeneratedRegex("ORDER BY \"\\w+\"\\.\"(Score|Confirmed)\" DESC|ORDER BY \"a\"\\.\"Id\"")]
    private static partial Regex LongListOrder();

    private static IEnumerable<string> Problems(PlannedQuery q)
    {
        foreach (var step in q.Plan)
        {
            var scan = Regex.Match(step, @"^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?");
            if (scan.Success && q.Tables.TryGetValue(scan.Groups[1].Value, out var table) && Big.Contains(table))
            {
                var index = scan.Groups[2].Value;
                // A whole partial queue index holds only the queue's rows; audit's newest-first page reads 101 rows of its key.
                var fine = index.StartsWith("IX_Listings_Queue") || (table == "AuditEntries" && index == "" && q.Sql.Contains("LIMIT"))
                    || (table == "SellerCounts" && index.StartsWith("IX_SellerCounts"));
                if (!fine) yield return $"scans {table}: {step}";
            }
            // Counts (the status tabs, the row number of a page) are answered from the index alone.
            var read = Regex.Match(step, @"^(?:SCAN|SEARCH) (\w+) USING INDEX");
            if (read.Success && q.Sql.Contains("COUNT(") && !q.Sql.Contains("\"Title\"") && q.Tables.GetValueOrDefault(read.Groups[1].Value) == "Listings")
                yield return $"counts from the table, not the index: {step}";
            // The long lists (risk order, newest audit entries, top sellers) come in index order, never sorted.
            if (step.Contains("TEMP B-TREE FOR ORDER BY") && LongListOrder().IsMatch(q.Sql)) yield return $"sorts: {step}";
        }
    }
}
