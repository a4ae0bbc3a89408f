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
/// A server-rendered storefront needs no browser: a profile with FetchMode Http goes through the plain HTTP
/// fetcher, with the same retries and link checks. WireMock.Net plays the site on 127.0.0.1.
/// </summary>
public class HttpFetcherTests : IDisposable
{
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly TempDir _data = new();

    public void Dispose()
    {
        _site.Stop();
        _data.Dispose();
    }

    private static string Card(string id, string title, string href, string price) =>
        $"""<li class="item"><a class="link" href="{href}">{System.Net.WebUtility.HtmlEncode(title)}</a><span class="price">{price}</span><span class="shop">Toko Uji</span></li>""";

    private string Config()
    {
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppPaths.RepositoryRoot, "appsettings.json"))).RootElement;
        var path = Path.Combine(_data.Path, "appsettings.json");
        var profile = new Dictionary<string, object?>
        {
            ["DisplayName"] = "Toko Uji", ["BaseUrl"] = _site.Url, ["SearchUrl"] = "{base}/cari?q={query}&hal={page}", ["FirstPage"] = 1,
            ["FetchMode"] = "Http", ["Card"] = "li.item",
            ["Fields"] = new Dictionary<string, string> { ["Title"] = "a.link", ["Url"] = "a.link@href", ["Price"] = ".price", ["Shop"] = ".shop" },
            ["ProductIdPattern"] = "/produk/(\\d+)$", ["NoResultsMarker"] = ".kosong",
        };
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Crawl"] = JsonSerializer.Deserialize<object>(config.GetProperty("Crawl").GetRawText()),
            ["Marketplaces"] = new Dictionary<string, object?> { ["tokouji"] = profile },
        }));
        return path;
    }

    [Fact]
    public async Task Server_rendered_pages_are_crawled_over_plain_http_with_retry_after_and_off_site_links_refused()
    {
        var page = "<html><body><ul>"
            + Card("1", "Unblock IMEI iPhone Inter 3 Bulan", "/produk/1001", "Rp150.000")
            + Card("2", "Casing HP Bening", "/produk/1002?utm_source=x", "Rp15.000")
            + Card("3", "Jasa Unblock IMEI Murah", "https://evil.example/produk/1003", "Rp100.000")
            + Card("4", "Klik di sini", "javascript:alert(1)", "Rp1")
            + "</ul></body></html>";
        _site.Given(Request.Create().WithPath("/cari").UsingGet()).InScenario("limit").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        _site.Given(Request.Create().WithPath("/cari").UsingGet()).InScenario("limit").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(page));

        var result = await AppProcess.RunAsync("--config", Config(), "--data-dir", _data.Path, "crawl", "-m", "tokouji", "-q", "unblock imei", "--pages", "1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 retried", result.Stdout);
        Assert.Contains("1 suspicious link(s) not followed", result.Stdout);

        await using var db = TestDb.OpenAt(_data.Path);
        var listings = await db.Listings.OrderBy(l => l.ProductId).ToListAsync();
        Assert.Equal(["1001", "1002"], listings.Select(l => l.ProductId));
        Assert.Equal(_site.Url + "/produk/1002", listings[1].Url);   // tracking parameter dropped
        Assert.True(listings[0].Flagged);
        var link = await db.SuspiciousLinks.SingleAsync();
        Assert.Equal("https://evil.example/produk/1003", link.Href);
        // Nothing but robots.txt and the search page was requested from the site.
        Assert.All(_site.LogEntries, e => Assert.True(e.RequestMessage.Path is "/robots.txt" or "/cari", e.RequestMessage.Path));
        Assert.Contains(_site.LogEntries, e => e.RequestMessage.Headers!["User-Agent"].Single().Contains("MarketWatch"));
    }
}
