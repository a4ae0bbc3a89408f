using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Learning;

public class QueueAndDashboardTests
{
    private static async Task<long> AddAsync(MarketWatchDb db, string title, double score, bool flagged, ReviewStatus status = ReviewStatus.Pending)
    {
        var l = new Listing { Marketplace = "tokopedia", ProductId = title, Title = title, Url = "https://www.tokopedia.com/" + title, Score = score, Flagged = flagged,
            ReviewStatus = status, FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow };
        db.Listings.Add(l);
        await db.SaveChangesAsync();
        return l.Id;
    }

    [Fact]
    public async Task Sorted_by_uncertainty_the_queue_puts_scores_nearest_the_threshold_first_and_adds_near_misses()
    {
        await using var test = await TestDb.CreateAsync();
        await using var db = test.Open();
        await AddAsync(db, "sure", 0.98, true);
        await AddAsync(db, "unsure-above", 0.55, true);
        await AddAsync(db, "unsure-below", 0.42, false);
        await AddAsync(db, "mid", 0.75, true);
        await AddAsync(db, "far-below", 0.05, false);
        var scope = new QueueScope(0.5, 0.2);

        var byScore = await Queue.PageAsync(db, new QueueFilter(), 50, 3, default, scope);
        Assert.Equal(["sure", "mid", "unsure-above"], byScore.Rows.Select(r => r.Title));
        var doubt = new QueueFilter { Sort = "uncertainty" };
        var byDoubt = await Queue.PageAsync(db, doubt, 50, 4, default, scope);
        Assert.Equal(["unsure-above", "unsure-below", "mid", "sure"], byDoubt.Rows.Select(r => r.Title));
        Assert.Equal(4, (await Queue.CountsAsync(db, doubt, default, scope))[ReviewStatus.Pending]);

        // Paged two at a time, the keyset of this order (distance from the threshold, then id) walks it both ways.
        var first = await Queue.PageAsync(db, doubt, 2, 4, default, scope);
        Assert.True(first.HasNext);
        var second = await Queue.PageAsync(db, doubt with { After = first.KeyOf(first.Rows[^1]) }, 2, 4, default, scope);
        Assert.Equal(["mid", "sure"], second.Rows.Select(r => r.Title));
        Assert.Equal(2, second.RowsBefore);
        Assert.False(second.HasNext);
        var back = await Queue.PageAsync(db, doubt with { Before = second.KeyOf(second.Rows[0]) }, 2, 4, default, scope);
        Assert.Equal(["unsure-above", "unsure-below"], back.Rows.Select(r => r.Title));
    }

    [Fact]
    public async Task The_weekly_figures_read_the_flag_as_it_stood_when_the_reviewer_decided()
    {
        await using var test = await TestDb.CreateAsync();
        await using var db = test.Open();
        var monday = new DateTime(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);
        async Task Decide(string title, bool flaggedThen, ReviewStatus after, DateTime at)
        {
            var id = await AddAsync(db, title, flaggedThen ? 0.9 : 0.2, flaggedThen, after);
            db.Detections.Add(new MarketWatch.Data.Detection { ListingId = id, Flagged = flaggedThen, Score = flaggedThen ? 0.9 : 0.2, Reasons = "", ModelVersion = "m", DetectedAt = at.AddHours(-1) });
            // Re-scored after the decision by a later model: must not change what the week says.
            db.Detections.Add(new MarketWatch.Data.Detection { ListingId = id, Flagged = !flaggedThen, Score = 0.5, Reasons = "", ModelVersion = "m2", DetectedAt = at.AddHours(1) });
            db.ReviewDecisions.Add(new ReviewDecision { ListingId = id, Before = ReviewStatus.Pending, After = after, Reviewer = "ani", DecidedAt = at });
            await db.SaveChangesAsync();
        }
        await Decide("a", true, ReviewStatus.Confirmed, monday);
        await Decide("b", true, ReviewStatus.Confirmed, monday.AddDays(2));
        await Decide("c", true, ReviewStatus.Dismissed, monday.AddDays(3));
        await Decide("d", false, ReviewStatus.Confirmed, monday.AddDays(4));    // found by other means
        await Decide("e", true, ReviewStatus.Confirmed, monday.AddDays(7));     // the next week

        var weeks = await WeekQuality.ReadAsync(db, monday.AddDays(8), default);
        var first = weeks.Single(w => w.WeekStart == new DateOnly(2026, 11, 23));
        Assert.Equal((3, 2, 3, 1), (first.FlaggedDecided, first.FlaggedConfirmed, first.Confirmed, first.ConfirmedBelow));
        Assert.Equal(2.0 / 3, first.Precision!.Value, 6);
        Assert.Equal(1.0 / 3, first.BelowShare!.Value, 6);
        var second = weeks.Single(w => w.WeekStart == new DateOnly(2026, 11, 30));
        Assert.Equal((1.0, 0.0), (second.Precision, second.BelowShare));
    }
}
