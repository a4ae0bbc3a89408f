using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using MarketWatch.Data;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Review;

/// <summary>Paging through the queue and a seller's listings over HTTP, signed in, as the links on the pages lead.</summary>
[Collection("review")]
public class QueuePagingTests(ReviewFixture app)
{
    /// <summary>Flagged listings of one marketplace tag with the given scores, inserted in one go; their ids in insertion order.</summary>
    private async Task<List<Listing>> ListingsAsync(string tag, IEnumerable<double> scores, Seller? seller = null)
    {
        await using var db = app.Open();
        var now = DateTime.UtcNow;
        var listings = scores.Select((score, i) => new Listing
        {
            Marketplace = tag, ProductId = $"{tag}-{i}", Title = $"Jasa unblock IMEI {tag} nomor {i}", Url = $"https://{tag}.example/p/{i}", SellerId = seller?.Id,
            FirstSeenAt = now.AddMinutes(-i), LastSeenAt = now, SightingCount = 1, Flagged = true, Score = score,
        }).ToList();
        db.Listings.AddRange(listings);
        await db.SaveChangesAsync();
        return listings;
    }

    private static async Task<IHtmlDocument> GetAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 500)]}");
        return new HtmlParser().ParseDocument(html);
    }

    private static List<long> Ids(IHtmlDocument page, string table) =>
        page.QuerySelectorAll($"#{table} tbody tr").Select(r => long.Parse(r.GetAttribute("data-id") ?? r.QuerySelector("a[href^='/listing/']")!.GetAttribute("href")![9..])).ToList();

    private static string? Link(IHtmlDocument page, string id) => page.QuerySelector("#" + id)?.GetAttribute("href");

    /// <summary>Follows one link (next-page or prev-page) until it is gone; every page's rows in the order visited.</summary>
    private static async Task<List<(List<long> Rows, string Info)>> WalkAsync(HttpClient http, string start, string link, string table)
    {
        var pages = new List<(List<long>, string)>();
        for (var url = start; url is not null;)
        {
            var page = await GetAsync(http, url);
            pages.Add((Ids(page, table), page.QuerySelector("#page-info")?.TextContent ?? ""));
            url = Link(page, link);
            Assert.True(pages.Count < 500, "the pager never ends");
        }
        return pages;
    }

    private static List<long> QueueOrder(IEnumerable<Listing> listings) => listings.OrderByDescending(l => l.Score).ThenBy(l => l.Id).Select(l => l.Id).ToList();

    [Fact]
    public async Task Next_links_walk_the_whole_queue_to_page_100_and_beyond_in_a_stable_order_and_previous_links_walk_back()
    {
        var tag = app.NewTag();
        // 100 full pages of 50 and 7 rows more; only 20 distinct scores, so ties cross every page boundary.
        var listings = await ListingsAsync(tag, Enumerable.Range(0, 5_007).Select(i => 0.5 + (i * 7 % 20) / 40.0));
        using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "pager", "reviewer");

        var forward = await WalkAsync(http, $"/?marketplace={tag}", "next-page", "queue");
        Assert.Equal(101, forward.Count);
        Assert.Equal(QueueOrder(listings), forward.SelectMany(p => p.Rows).ToList());   // each row once, none skipped
        Assert.All(forward.Take(100), p => Assert.Equal(50, p.Rows.Count));
        Assert.Contains("page 100 of 101", forward[99].Info);
        Assert.Contains("rows 4951–5000 of 5007", forward[99].Info);

        var lastUrl = $"/?marketplace={tag}&after=" + Uri.EscapeDataString(KeyOf(listings, forward[99].Rows[^1]));
        var backward = await WalkAsync(http, lastUrl, "prev-page", "queue");
        Assert.Equal(forward.Select(p => p.Rows).Skip(100).Concat(forward.Select(p => p.Rows).Take(100).Reverse()).SelectMany(r => r), backward.SelectMany(p => p.Rows));
    }

    private static string KeyOf(List<Listing> listings, long id) =>
        listings.Single(l => l.Id == id) is var l ? $"{l.Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}_{l.Id}" : "";

    [Fact]
    public async Task Paging_keeps_the_filters_and_the_status_tab_and_a_decision_keeps_the_reviewer_on_the_same_page()
    {
        var tag = app.NewTag();
        var listings = await ListingsAsync(tag, Enumerable.Range(0, 180).Select(i => (i % 90) / 100.0 + 0.05));
        using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "pager2", "reviewer");

        var ranged = await WalkAsync(http, $"/?marketplace={tag}&minScore=0.3&maxScore=0.7", "next-page", "queue");
        Assert.Equal(QueueOrder(listings.Where(l => l.Score is >= 0.3 and <= 0.7)), ranged.SelectMany(p => p.Rows).ToList());
        Assert.Equal(2, ranged.Count);

        // Confirm the first three rows of page 2, posting from page 2 as the queue's form does.
        var page2Url = Link(await GetAsync(http, $"/?marketplace={tag}"), "next-page")!;
        var page2 = await GetAsync(http, page2Url);
        var decided = page2.QuerySelectorAll("#queue tbody tr").Take(3).Select(r => $"{r.GetAttribute("data-id")}:{r.GetAttribute("data-version")}").ToList();
        var form = page2.QuerySelector("#bulk")!.GetAttribute("action")!;
        var fields = new List<KeyValuePair<string, string>>(decided.Select(d => new KeyValuePair<string, string>("sel", d)))
            { new("verb", "confirm"), new("__RequestVerificationToken", page2.QuerySelector("#bulk input[name=__RequestVerificationToken]")!.GetAttribute("value")!) };
        var after = await http.PostAsync(form, new FormUrlEncodedContent(fields));
        var back = new HtmlParser().ParseDocument(await after.Content.ReadAsStringAsync());
        Assert.Equal(page2Url, after.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal(Ids(page2, "queue").Skip(3), Ids(back, "queue").Take(47));       // the same page, the decided rows gone

        var confirmed = await WalkAsync(http, $"/?marketplace={tag}&status=confirmed", "next-page", "queue");
        Assert.Equal(decided.Select(d => long.Parse(d.Split(':')[0])).Order(), confirmed.SelectMany(p => p.Rows).Order());
        var all = await WalkAsync(http, $"/?marketplace={tag}&status=all", "next-page", "queue");
        Assert.Equal(QueueOrder(listings), all.SelectMany(p => p.Rows).ToList());
    }

    [Fact]
    public async Task A_seller_with_thousands_of_listings_is_shown_a_page_at_a_time_with_counts_over_all_of_them()
    {
        var tag = app.NewTag();
        var seller = await app.SellerAsync(tag, "Toko Besar");
        var listings = await ListingsAsync(tag, Enumerable.Range(0, 2_345).Select(i => (i % 100) / 100.0), seller);
        using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "pager3", "reviewer");

        var pages = await WalkAsync(http, $"/seller/{seller.Id}", "next-page", "seller-listings");
        Assert.Equal(47, pages.Count);
        Assert.Equal(QueueOrder(listings), pages.SelectMany(p => p.Rows).ToList());
        var first = await GetAsync(http, $"/seller/{seller.Id}");
        Assert.Equal("2345", first.QuerySelector("#listing-total")!.TextContent);
        Assert.Equal("100", first.QuerySelector("#risk")!.TextContent);   // 2,345 listings, most with a real score: certain
        Assert.Contains("listings 2301–2345 of 2345", pages[^1].Info);
    }
}
