using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketWatch.Marketplaces;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace MarketWatch.Tests.Sandbox;

/// <summary>The sandbox behaves like the storefronts: their URL shapes, client-side rendering, search, paging, details, faults.</summary>
public class SandboxTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly MarketplaceCatalog Profiles =
        MarketplaceCatalog.FromConfiguration(new ConfigurationBuilder().AddJsonFile(Path.Combine(AppPaths.RepositoryRoot, "appsettings.json")).Build());
    private readonly HttpClient _http = new();

    public static TheoryData<string> Marketplaces => new(Profiles.All.Select(p => p.Name));

    public Task InitializeAsync() { sandbox.Server.Faults.Set([]); return Task.CompletedTask; }
    public Task DisposeAsync() { sandbox.Server.Faults.Set([]); _http.Dispose(); return Task.CompletedTask; }

    private string SearchUrl(string marketplace, string query, int pageIndex) =>
        MarketWatch.Crawling.CrawlEngine.SearchUrl(Profiles.Get(marketplace), sandbox.Url + "/" + marketplace, query, pageIndex);

    private async Task<JsonElement> Api(string marketplace, string query, int page) =>
        (await _http.GetFromJsonAsync<JsonElement>($"{sandbox.Url}/{marketplace}/api/search?q={Uri.EscapeDataString(query)}&page={page}")).GetProperty("data");

    [Theory, MemberData(nameof(Marketplaces))]
    public async Task Search_page_is_rendered_by_script_so_a_plain_fetch_sees_no_cards(string marketplace)
    {
        var response = await _http.GetAsync(SearchUrl(marketplace, "unblock imei", 0));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script", html);
        var page = new ListingExtractor().Extract(Profiles.Get(marketplace), html, response.RequestMessage!.RequestUri!);
        Assert.Equal(PageKind.ExtractorBroken, page.Kind);
    }

    [Theory, MemberData(nameof(Marketplaces))]
    public async Task Search_filters_by_query_and_pages_through_five_or_more_pages(string marketplace)
    {
        var first = await Api(marketplace, "unblock imei", 1);
        Assert.True(first.GetProperty("totalData").GetInt32() >= 5 * 20, "5+ pages of 20 for a patrol query");
        var ids = new HashSet<string>();
        for (var page = 1; page <= 5; page++)
        {
            var products = (await Api(marketplace, "unblock imei", page)).GetProperty("products").EnumerateArray().ToList();
            Assert.Equal(20, products.Count);
            Assert.All(products, p => Assert.True(ids.Add(p.GetProperty("id").GetString()!), "no listing on two pages"));
        }
        Assert.Equal(0, (await Api(marketplace, "zzqxv", 1)).GetProperty("totalData").GetInt32());
        // Every hit for "casing" mentions it, read independently from the catalogue file.
        var mentions = JsonDocument.Parse(File.ReadAllText(Path.Combine(SandboxFixture.FixturesDir, "sandbox", "catalogue.json"))).RootElement
            .EnumerateArray().Where(i => (i.GetProperty("title").GetString() + " " + i.GetProperty("description").GetString() + " "
                + string.Join(' ', i.GetProperty("tags").EnumerateArray().Select(t => t.GetString()))).Contains("casing", StringComparison.OrdinalIgnoreCase))
            .Select(i => i.GetProperty("title").GetString()!).ToList();
        var casing = (await Api(marketplace, "casing", 1)).GetProperty("products").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
        Assert.NotEmpty(casing);
        Assert.All(casing, title => Assert.Contains(mentions, m => title.Contains(m)));
    }

    [Theory, MemberData(nameof(Marketplaces))]
    public async Task Listing_pages_carry_descriptions_including_offers_hidden_there(string marketplace)
    {
        var catalogue = Catalogue.Load(Path.Combine(SandboxFixture.FixturesDir, "sandbox", "catalogue.json"));
        var hidden = JsonDocument.Parse(File.ReadAllText(Path.Combine(SandboxFixture.FixturesDir, "sandbox", "catalogue.json"))).RootElement
            .EnumerateArray().First(i => i.GetProperty("hiddenInDescription").GetBoolean());
        var item = catalogue.Find(hidden.GetProperty("id").GetString()!)!;
        var site = SandboxSite.Find(marketplace)!;
        var html = await _http.GetStringAsync(sandbox.Url + site.ProductUrl(item, "x"));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(item.Description.Split('\n')[0]), html);
        Assert.DoesNotContain("imei", item.Title, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Fault_429_carries_retry_after_and_stops_after_its_count()
    {
        sandbox.Server.Faults.Set([new FaultRule { Kind = FaultKind.TooManyRequests, Marketplace = "shopee", Times = 2, RetryAfterSeconds = 7 }]);
        var url = SearchUrl("shopee", "imei", 0);
        for (var i = 0; i < 2; i++)
        {
            var limited = await _http.GetAsync(url);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter!.Delta);
        }
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(SearchUrl("lazada", "imei", 0))).StatusCode);   // other marketplaces untouched
    }

    [Fact]
    public async Task Faults_503_slow_captcha_changed_and_truncated()
    {
        var server = sandbox.Server.Faults;
        server.Set([new FaultRule { Kind = FaultKind.ServiceUnavailable, Marketplace = "tokopedia", Times = 1 }]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync(SearchUrl("tokopedia", "imei", 0))).StatusCode);

        server.Set([new FaultRule { Kind = FaultKind.Slow, Marketplace = "tokopedia", Times = 1, DelayMilliseconds = 1200 }]);
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(SearchUrl("tokopedia", "imei", 0))).StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 1100, $"{watch.ElapsedMilliseconds} ms");

        foreach (var (kind, expected) in new[] { (FaultKind.Captcha, PageKind.Blocked), (FaultKind.ChangedMarkup, PageKind.ExtractorBroken) })
            foreach (var profile in Profiles.All)
            {
                server.Set([new FaultRule { Kind = kind, Marketplace = profile.Name, Times = 1 }]);
                var url = SearchUrl(profile.Name, "imei", 0);
                var page = new ListingExtractor().Extract(profile, await _http.GetStringAsync(url), new Uri(url));
                Assert.True(expected == page.Kind, $"{profile.Name} {kind}: {page.Kind}");
            }

        server.Set([new FaultRule { Kind = FaultKind.TruncatedHtml, Marketplace = "bukalapak", Times = 1 }]);
        var truncated = await _http.GetStringAsync(SearchUrl("bukalapak", "imei", 0));
        var full = await File.ReadAllTextAsync(Path.Combine(SandboxFixture.FixturesDir, "marketplaces", "bukalapak", "search-1.html"));
        Assert.InRange(truncated.Length, full.Length / 3, full.Length * 2 / 3);
        Assert.DoesNotContain("</html>", truncated);
    }

    [Fact]
    public async Task Robots_txt_is_configurable_at_run_time()
    {
        Assert.Contains("Allow: /", await _http.GetStringAsync(sandbox.Url + "/robots.txt"));
        await _http.PostAsync(sandbox.Url + "/_sandbox/robots", new StringContent("User-agent: *\nDisallow: /shopee/\nCrawl-delay: 3\n"));
        try { Assert.Contains("Disallow: /shopee/", await _http.GetStringAsync(sandbox.Url + "/robots.txt")); }
        finally { sandbox.Server.Faults.RobotsTxt = new SandboxOptions().RobotsTxt; }
    }

    [Fact]
    public async Task Faults_can_be_set_through_the_http_control_endpoint()
    {
        var set = await _http.PostAsJsonAsync(sandbox.Url + "/_sandbox/faults", new[] { new { Kind = "ServiceUnavailable", Marketplace = "blibli", Times = 1 } });
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync(SearchUrl("blibli", "imei", 0))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(SearchUrl("blibli", "imei", 0))).StatusCode);
    }

    [Theory, MemberData(nameof(Marketplaces))]
    public async Task With_pictures_on_every_card_asks_for_its_picture_as_a_real_storefront_does(string marketplace)
    {
        await using var server = await SandboxServer.StartAsync(SandboxFixture.FixturesDir, "http://127.0.0.1:0", new SandboxOptions { Catalogue = "fresh", PageSize = 40, Pictures = true });
        await using var browser = new MarketWatch.Crawling.BrowserFetcher(new MarketWatch.Crawling.BrowserOptions { PageTimeoutSeconds = 20, RenderTimeoutSeconds = 10 });
        var profile = Profiles.Get(marketplace);
        var url = MarketWatch.Crawling.CrawlEngine.SearchUrl(profile, server.Url + "/" + marketplace, "hp second", 0);
        await using (var page = await browser.FetchAsync(new MarketWatch.Crawling.FetchRequest(marketplace, url, profile.Card, MarketWatch.Crawling.LinkGuard.For(server.Url, null, sandbox: true),
            BlockResources: false, Concurrency: 1, Scroll: false), default))
            Assert.True(page.Rendered);
        var pictures = Stopwatch.StartNew();
        string[] Asked() => server.Faults.Requests.Select(r => r.Path).Where(p => p.StartsWith($"/{marketplace}/img/")).Distinct().ToArray();
        while (Asked().Length < 40 && pictures.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(50);
        Assert.Equal(40, Asked().Length);
        using var picture = await _http.GetAsync(server.Url + Asked()[0]);
        Assert.Equal("image/jpeg", picture.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(SandboxFixture.FixturesDir, "sandbox", "picture.jpg")), await picture.Content.ReadAsByteArrayAsync());
    }
}
