using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Review;

/// <summary>
/// The queue's from/to days are days of the workspace's zone (WIB by default), as every time on the page is: a listing
/// first seen at 01:00 WIB on 1 December (18:00 UTC on 30 November) belongs to 1 December.
/// </summary>
public class QueueDayFilterTests : IAsyncLifetime
{
    private TestDb _db = null!;
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        await using var db = _db.Open();
        foreach (var (id, firstSeen) in new[] { ("early", new DateTime(2026, 11, 30, 18, 0, 0, DateTimeKind.Utc)), ("late", new DateTime(2026, 12, 1, 18, 0, 0, DateTimeKind.Utc)) })
            db.Listings.Add(new Listing
            {
                Marketplace = "tokopedia", ProductId = id, Title = "Unblock IMEI " + id, Url = "https://www.tokopedia.example/p/" + id,
                FirstSeenAt = firstSeen, LastSeenAt = firstSeen, SightingCount = 1, Flagged = true, Score = 0.9, ReviewStatus = ReviewStatus.Pending,
            });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _db.DisposeAsync().AsTask();

    private async Task<string[]> OnDay(DateOnly day, TimeZoneInfo zone)
    {
        await using var db = _db.Open();
        return await Queue.Filtered(db, new QueueFilter { From = day, To = day, Zone = zone }).Select(l => l.ProductId).OrderBy(p => p).ToArrayAsync();
    }

    [Fact]
    public async Task A_day_is_a_day_in_Jakarta_for_the_workspace_and_a_UTC_day_only_when_the_zone_is_UTC()
    {
        var december1 = new DateOnly(2026, 12, 1);
        Assert.Equal(["early"], await OnDay(december1, Jakarta));         // 01:00 WIB on the 1st; the other is 01:00 WIB on the 2nd
        Assert.Equal(["late"], await OnDay(december1, TimeZoneInfo.Utc));  // the same day read in UTC
        Assert.Equal(["late"], await OnDay(december1.AddDays(1), Jakarta));
        Assert.Equal(new DateTime(2026, 11, 30, 17, 0, 0, DateTimeKind.Utc), MarketWatch.Review.Localisation.Display.DayStartUtc(december1, Jakarta));
    }
}
