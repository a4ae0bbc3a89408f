using System.Net;
using AngleSharp.Html.Parser;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Review;

/// <summary>Malformed filters in a link are the user's input: a 400 with the form and the problem, never a 500.</summary>
[Collection("review")]
public class BadQueryStringTests(ReviewFixture app)
{
    public static TheoryData<string, string> BadLinks() => new()
    {
        { "/?minScore=NaN", "minScore: 'NaN' is not a number" },
        { "/?maxScore=Infinity", "maxScore: 'Infinity' is not a number" },
        { "/?minScore=abc", "minScore: 'abc' is not a number" },
        { "/?minScore=1.5", "minScore: '1.5' is not a number from 0 to 1" },
        { "/?minScore=0.9&maxScore=0.2", "minScore: 0.9 is above maxScore 0.2" },
        { "/?to=9999-12-31", "to: '9999-12-31' is not a date" },
        { "/?from=2026-02-30", "from: '2026-02-30' is not a date" },
        { "/?from=2026-12-01&to=2026-11-01", "from: 01/12/2026 is after to 01/11/2026" },   // days are shown dd/mm/yyyy (issue 17)
        { "/?status=deleted", "status: 'deleted' is not one of pending" },
        { "/?validImei=maybe", "validImei: 'maybe' is not true or false" },
        { "/?after=0.5", "after: '0.5' is not a position in the list" },
        { "/?before=x_1", "before: 'x_1' is not a position in the list" },
        { "/?minScore=0.1&minScore=0.2", "minScore: given 2 times" },
        { "/?seller=" + new string('a', 201), "seller: 201 characters, at most 200" },
        { "/audit?before=-3", "before: '-3' is not a row id" },
        { "/audit?after=1&before=9", "after and before: give one of them" },
        { "/audit?actor=" + new string('b', 300), "actor: 300 characters" },
    };

    [Theory]
    [MemberData(nameof(BadLinks))]
    public async Task A_malformed_filter_is_answered_400_with_the_form_naming_the_problem(string url, string problem)
    {
        using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "tamu", "reviewer");
        var response = await http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
        var page = new HtmlParser().ParseDocument(html);
        Assert.NotNull(page.QuerySelector("form#filters"));
        Assert.Contains(problem, page.QuerySelector("#filter-errors")?.TextContent ?? "(no error shown)");
    }

    [Fact]
    public async Task A_malformed_paging_link_on_a_seller_page_is_a_400_and_good_filters_still_work()
    {
        var seller = await app.SellerAsync(app.NewTag(), "Toko Tamu");
        using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "tamu", "reviewer");
        var bad = await http.GetAsync($"/seller/{seller.Id}?after=NaN_3");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = new HtmlParser().ParseDocument(await bad.Content.ReadAsStringAsync());
        Assert.Contains("after: 'NaN_3' is not a position", page.QuerySelector("#filter-errors")?.TextContent);
        foreach (var ok in new[] { "/?to=2099-12-31&from=2000-01-01", "/?minScore=0&maxScore=1&validImei=true&status=all", "/audit?actor=tamu&action=sign-in" })
            Assert.True((await http.GetAsync(ok)).StatusCode == HttpStatusCode.OK, ok);
    }
}
