using System.Data.Common;
using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Review;

/// <summary>What the review workspace relies on from the database, on SQLite and on PostgreSQL alike.</summary>
public class DecisionStorageTests
{
    private static async Task<long> ListingAsync(TestDb store)
    {
        await using var db = store.Open();
        var listing = new Listing { Marketplace = "tokopedia", ProductId = Guid.NewGuid().ToString("N"), Title = "Jasa unblock IMEI", Url = "https://www.tokopedia.com/x",
            Flagged = true, Score = 0.9, FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow };
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Id;
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Reviewers_deciding_the_same_version_at_once_save_one_decision_and_the_rest_are_told_of_the_conflict(DatabaseProvider provider)
    {
        await using var store = await TestDb.CreateAsync(provider);
        var id = await ListingAsync(store);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = store.Open();
            return await Decisions.DecideAsync(db, id, 0, i % 2 == 0 ? ReviewStatus.Confirmed : ReviewStatus.Dismissed, null, "reviewer" + i, default);
        }));
        var winner = Assert.Single(results, r => r.Outcome == DecisionOutcome.Done);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(DecisionOutcome.Conflict, r.Outcome));
        await using var check = store.Open();
        var decision = await check.ReviewDecisions.SingleAsync(d => d.ListingId == id);
        var listing = await check.Listings.SingleAsync(l => l.Id == id);
        Assert.Equal((1, decision.After, decision.Reviewer), (listing.ReviewVersion, listing.ReviewStatus, listing.ReviewedBy));
        Assert.Equal(1, await check.Audit.CountAsync(a => a.Action == "decide" && a.Subject == $"listing {id}"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Decisions_and_audit_entries_refuse_update_and_delete_from_any_client(DatabaseProvider provider)
    {
        await using var store = await TestDb.CreateAsync(provider);
        var id = await ListingAsync(store);
        await using var db = store.Open();
        Assert.Equal(DecisionOutcome.Done, (await Decisions.DecideAsync(db, id, 0, ReviewStatus.Confirmed, "yakin", "kiki", default)).Outcome);
        string[] statements = ["""UPDATE "ReviewDecisions" SET "Reviewer" = 'x'""", """DELETE FROM "ReviewDecisions" """,
            """UPDATE "AuditEntries" SET "Actor" = 'x'""", """DELETE FROM "AuditEntries" """];
        if (provider == DatabaseProvider.Postgres) statements = [.. statements, """TRUNCATE "ReviewDecisions" """, """TRUNCATE "AuditEntries" """];
        foreach (var sql in statements)
        {
            var e = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Contains("append-only", e.Message);
        }
        Assert.Equal("kiki", (await db.ReviewDecisions.SingleAsync(d => d.ListingId == id)).Reviewer);
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Actor == "kiki"));
    }
}
