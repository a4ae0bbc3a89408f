using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Crawling;

public class EvidenceRetentionTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_old_evidence_of_dismissed_listings_is_removed_and_shared_files_stay(DatabaseProvider provider)
    {
        await using var store = await TestDb.CreateAsync(provider);
        var evidence = TestDb.EvidenceAt(store.DataDir);
        await using var db = store.Open();
        var run = new CrawlRun { Marketplace = "tokopedia", Query = "q", Status = CrawlStatus.Succeeded, StartedAt = DateTime.UtcNow };
        db.CrawlRuns.Add(run);
        await db.SaveChangesAsync();
        var old = DateTime.UtcNow.AddDays(-400);
        async Task<(Listing, EvidenceCapture)> Make(string id, ReviewStatus status, string html, DateTime at)
        {
            var capture = await evidence.CaptureAsync(run.Id, "https://www.tokopedia.com/" + id, html, [1, 2, (byte)id[0]], "ua", at, default);
            db.Evidence.Add(capture);
            var listing = new Listing { Marketplace = "tokopedia", ProductId = id, Title = id, Url = "u" + id, ReviewStatus = status, FirstSeenAt = at, LastSeenAt = at };
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            db.Sightings.Add(new Sighting { ListingId = listing.Id, CrawlRunId = run.Id, Title = id, SeenAt = at, EvidenceId = capture.Id });
            await db.SaveChangesAsync();
            return (listing, capture);
        }
        var (_, dismissedOld) = await Make("a", ReviewStatus.Dismissed, "<p>page a</p>", old);
        var (_, confirmedOld) = await Make("b", ReviewStatus.Confirmed, "<p>page b</p>", old);
        var (_, dismissedNew) = await Make("c", ReviewStatus.Dismissed, "<p>page c</p>", DateTime.UtcNow);
        var (_, sharedHtml) = await Make("d", ReviewStatus.Pending, "<p>page a</p>", old);   // same bytes as a's page

        var result = await EvidenceRetention.SweepAsync(db, evidence, new EvidenceOptions { RetentionDays = 180 }, DateTime.UtcNow, default);

        Assert.Equal(1, result.Captures);
        var left = await db.Evidence.Select(e => e.Id).ToListAsync();
        Assert.DoesNotContain(dismissedOld.Id, left);
        Assert.Contains(confirmedOld.Id, left);
        Assert.Contains(dismissedNew.Id, left);
        Assert.NotNull(await TestDb.EvidenceBytesAsync(store.DataDir, sharedHtml.HtmlPath));   // a file another capture still uses stays
        Assert.Null(await TestDb.EvidenceBytesAsync(store.DataDir, dismissedOld.ScreenshotPath!));
        Assert.Empty(await evidence.VerifyAsync(confirmedOld, default));
    }
}
