using MarketWatch.Crawling;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// A marketplace with BlockResources on: a search page's pictures, web fonts, CSS backgrounds and videos never reach
/// the server (Chromium is told not to load them, so they are not even routed), while what the page shows inline still
/// shows and the marketplace's own content security policy still holds. With BlockResources off the same page asks for
/// all of them, which is what makes the first test's silence mean something.
/// </summary>
public class ResourceBlockingTests : IAsyncLifetime
{
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly BrowserFetcher _browser = new(new BrowserOptions { PageTimeoutSeconds = 20, RenderTimeoutSeconds = 10 });

    private const string Gif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

    // Forty cards with a picture each, a web font, a CSS background and a video; an inline (data:) icon whose load adds
    // the element the fetch waits for.
    private static readonly string Storefront = $$"""
        <!doctype html><html><head><style>
          @font-face { font-family: toko; src: url(/font/toko.woff2); } body { font-family: toko, sans-serif; }
          .card { height: 120px; background: url(/bg/card.png); }
        </style></head><body>
        <ul>{{string.Concat(Enumerable.Range(0, 40).Select(i => $"<li class='card'><img src='/img/{i}.jpg' width='100' height='100'>Jasa unblock IMEI {i}</li>"))}}</ul>
        <video src="/media/promo.mp4" autoplay muted></video>
        <img src="{{Gif}}" onload="document.body.insertAdjacentHTML('beforeend', '<p id=inline>ikon</p>')">
        </body></html>
        """;

    public Task InitializeAsync()
    {
        _site.Given(Request.Create().WithPath("/cari").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(Storefront));
        // The marketplace's own policy forbids every script: the page's script must not run under ours either.
        _site.Given(Request.Create().WithPath("/ketat").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html; charset=utf-8").WithHeader("Content-Security-Policy", "script-src 'none'")
                .WithBody("<ul><li class='card'><img src='/img/x.jpg'>Jasa unblock IMEI</li></ul><script>document.body.insertAdjacentHTML('beforeend', '<p id=ran>ran</p>')</script>"));
        foreach (var (path, type) in new[] { ("/img/*", "image/jpeg"), ("/bg/*", "image/png"), ("/font/*", "font/woff2"), ("/media/*", "video/mp4") })
            _site.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher(path)).UsingGet())
                .RespondWith(Response.Create().WithHeader("Content-Type", type).WithBody("x"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _site.Stop();
    }

    private Task<FetchedPage> Fetch(string path, bool block, string waitFor) => _browser.FetchAsync(
        new FetchRequest(block ? "blocking" : "loading", _site.Url + path, waitFor, LinkGuard.For(_site.Url!, null, sandbox: true), BlockResources: block, Concurrency: 1, Scroll: false),
        default);

    private string[] Asked(params string[] prefixes) =>
        _site.LogEntries.Select(e => e.RequestMessage.Path).Where(p => prefixes.Any(p.StartsWith)).ToArray();

    [Fact]
    public async Task Pictures_fonts_and_videos_never_reach_the_server_and_inline_ones_still_show()
    {
        await using var page = await Fetch("/cari", block: true, waitFor: "#inline");
        Assert.True(page.Rendered, "the inline (data:) icon did not load: the policy must keep data: images");
        Assert.Equal(40, page.Html.Split("class=\"card\"").Length - 1);
        // Not aborted one by one: Chromium never made them, so none cost a round trip through the driver (the
        // document and perhaps a favicon did).
        Assert.True(page.RoutedRequests <= 2, $"{page.RoutedRequests} requests were routed");
        await Task.Delay(300);   // anything the page set off has had time to arrive
        Assert.Empty(Asked("/img/", "/bg/", "/font/", "/media/"));
    }

    [Fact]
    public async Task Without_blocking_the_same_page_asks_for_them()
    {
        await using var page = await Fetch("/cari", block: false, waitFor: "#inline");
        Assert.True(page.Rendered);
        Assert.True(page.RoutedRequests >= 41, $"{page.RoutedRequests} requests were routed");   // the document and every picture
        await Task.Delay(300);
        Assert.Equal(40, Asked("/img/").Distinct().Count());
        Assert.NotEmpty(Asked("/bg/", "/font/"));
    }

    [Fact]
    public async Task The_marketplaces_own_policy_still_holds()
    {
        await using var page = await Fetch("/ketat", block: true, waitFor: ".card");
        Assert.Contains("Jasa unblock IMEI", page.Html);
        Assert.DoesNotContain("id=\"ran\"", page.Html);   // its script-src 'none' was kept, not replaced by ours
        Assert.Empty(Asked("/img/"));
    }

    [Fact]
    public void The_policy_is_added_to_the_marketplaces_not_put_in_its_place()
    {
        var own = BrowserOrigins.WithBlockingPolicy(new Dictionary<string, string> { ["Content-Security-Policy"] = "script-src 'self'", ["content-type"] = "text/html" });
        Assert.Equal($"script-src 'self', {BrowserOrigins.BlockingPolicy}", own["content-security-policy"]);
        Assert.Equal("text/html", own["content-type"]);
        Assert.Equal(BrowserOrigins.BlockingPolicy, BrowserOrigins.WithBlockingPolicy(new Dictionary<string, string>())["content-security-policy"]);
    }
}
