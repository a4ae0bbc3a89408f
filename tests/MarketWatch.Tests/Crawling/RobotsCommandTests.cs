using System.Text.Json;
using MarketWatch.Data;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// robots.txt through the real binary: the `robots` verb explains a decision, and a crawl whose robots.txt
/// redirects off the marketplace stops before any page, without touching the other origin.
/// </summary>
public class RobotsCommandTests : IDisposable
{
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly WireMockServer _other = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly TempDir _data = new();

    public void Dispose()
    {
        _site.Stop();
        _other.Stop();
        _data.Dispose();
    }

    // A server-rendered test marketplace on the first loopback origin (FetchMode Http: no browser needed).
    private string Config()
    {
        var path = Path.Combine(_data.Path, "appsettings.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Marketplaces"] = new Dictionary<string, object?>
            {
                ["tokouji"] = new Dictionary<string, object?>
                {
                    ["DisplayName"] = "Toko Uji", ["BaseUrl"] = _site.Url, ["SearchUrl"] = "{base}/cari?q={query}&hal={page}", ["FirstPage"] = 1,
                    ["FetchMode"] = "Http", ["Card"] = "li.item", ["NoResultsMarker"] = ".kosong",
                    ["Fields"] = new Dictionary<string, string> { ["Title"] = "a.link", ["Url"] = "a.link@href" },
                },
            },
        }));
        return path;
    }

    private void Robots(string body) =>
        _site.Given(Request.Create().WithPath("/robots.txt").UsingGet()).RespondWith(Response.Create().WithBody(body));

    private Task<CliResult> Run(params string[] args) => AppProcess.RunAsync(["--config", Config(), "--data-dir", _data.Path, .. args]);

    private const string File_ = """
        # the shop's rules
        User-agent: *
        Disallow: /

        User-agent: MarketWatch
        Crawl-delay: 4
        Disallow: /cari?q=rahasia
        Allow: /cari
        Sitemap: https://shop.example/sitemap.xml
        """;

    [Fact]
    public async Task Robots_shows_our_group_its_rules_and_the_rule_that_decides_a_url()
    {
        Robots(File_);
        var allowed = await Run("robots", "-m", "tokouji", "--url", "/cari?q=imei");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains("group       ours: line 5: User-agent: MarketWatch", allowed.Stdout);
        Assert.Contains("line 7: Disallow: /cari?q=rahasia", allowed.Stdout);
        Assert.Contains("crawl-delay 4 s", allowed.Stdout);
        Assert.Contains("sitemap     https://shop.example/sitemap.xml", allowed.Stdout);
        Assert.Contains("ALLOWED - allowed by line 8: Allow: /cari", allowed.Stdout);

        var disallowed = await Run("robots", "-m", "tokouji", "--url", _site.Url + "/cari?q=rahasia-imei");
        Assert.True(disallowed.ExitCode == 3, disallowed.ToString());
        Assert.Contains("DISALLOWED - disallowed by line 7: Disallow: /cari?q=rahasia", disallowed.Stdout);

        var elsewhere = await Run("robots", "-m", "tokouji", "--url", "https://evil.example/x");
        Assert.Equal(2, elsewhere.ExitCode);
        Assert.Contains("not a host of this marketplace", elsewhere.Stderr);
    }

    [Fact]
    public async Task Robots_says_when_the_file_is_unreachable_and_everything_is_disallowed()
    {
        _site.Given(Request.Create().WithPath("/robots.txt")).RespondWith(Response.Create().WithStatusCode(503));
        var result = await Run("robots", "-m", "tokouji", "--url", "/cari?q=imei");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("answered 503", result.Stdout);
        Assert.Contains("DISALLOWED", result.Stdout);
    }

    [Fact]
    public async Task A_crawl_whose_robots_txt_redirects_off_the_marketplace_fetches_nothing()
    {
        _other.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithBody("User-agent: *\nAllow: /\n"));
        _site.Given(Request.Create().WithPath("/robots.txt")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", _other.Url + "/robots.txt"));
        _site.Given(Request.Create().WithPath("/cari")).RespondWith(Response.Create().WithBody("<ul><li class='item'><a class='link' href='/p/1'>x</a></li></ul>"));

        var result = await Run("crawl", "-m", "tokouji", "-q", "imei", "--pages", "2");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(_other.LogEntries);
        Assert.DoesNotContain(_site.LogEntries, e => e.RequestMessage.Path == "/cari");
        await using var db = TestDb.OpenAt(_data.Path);
        var pages = await db.CrawlPages.ToListAsync();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.Equal(PageStatus.Failed, p.Status));
        Assert.All(pages, p => Assert.Contains($"redirect to {_other.Url}/robots.txt refused", p.Error));
    }
}

public class RobotsConfigurationTests
{
    [Theory]
    [InlineData("MarketWatch__Crawl__ProductToken", "MarketWatch/0.2", "Crawl:ProductToken: 'MarketWatch/0.2' must be one word")]
    [InlineData("MarketWatch__Crawl__ProductToken", "", "Crawl:ProductToken")]
    [InlineData("MarketWatch__Crawl__RobotsCacheHours", "48", "Crawl:RobotsCacheHours: 48 must be more than 0 and at most 24")]
    public async Task A_bad_robots_setting_stops_the_start_naming_the_key(string key, string value, string expected)
    {
        using var data = new TempDir();
        var result = await AppProcess.RunAsync(new Dictionary<string, string> { [key] = value }, "--data-dir", data.Path, "robots", "-m", "tokopedia");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
    }
}
