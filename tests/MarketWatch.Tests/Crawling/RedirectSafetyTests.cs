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
/// Issue 14's hostile marketplace, through the real binary and a real Chromium: a browser-rendered shop on
/// 127.0.0.1 whose search page, detail page or robots.txt sends the crawler to 127.0.0.2 (standing for the cloud
/// metadata service, which answers with a secret). The other origin must see no request, nothing of it may be
/// stored, the refusal is on record with its target, and evidence names the URL that was actually rendered.
/// </summary>
public class RedirectSafetyTests : IDisposable
{
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly WireMockServer _other = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.2:0"] });
    private readonly TempDir _data = new();

    public RedirectSafetyTests() =>
        _other.Given(Request.Create().UsingAnyMethod()).RespondWith(Html(
            "<ul><li class='item'><a class='link' href='/p/rahasia-1'>AKIA-SECRET jasa buka sinyal imei</a></li></ul><p class='deskripsi'>AKIA-SECRET kirim imei</p>"));

    public void Dispose()
    {
        _site.Stop();
        _other.Stop();
        _data.Dispose();
    }

    private string Target => _other.Url + "/latest/meta-data/iam/security-credentials/";

    private static IResponseBuilder Html(string body) => Response.Create().WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(body);

    private void Serve(string path, string html) => _site.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Html(html));

    private void Redirect(string path, string location, int status = 302) =>
        _site.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", location));

    private static string Card(string slug, string title) => $"<li class='item'><a class='link' href='/p/{slug}'>{title}</a><span class='harga'>Rp300.000</span></li>";

    private const string Offer = "Jasa Buka Sinyal HP Luar Resmi Cepat 1x24 Jam";
    private const string OfferText = "<p class='deskripsi'>Buka sinyal HP luar / BM semua merk. Kirim IMEI 1 dan IMEI 2 di catatan pesanan, contoh: imei1 861630041234567</p>";

    // A client-rendered test marketplace on the first origin, crawled through Chromium, every new listing's own page read.
    private Task<CliResult> Crawl()
    {
        var config = Path.Combine(_data.Path, "appsettings.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Marketplaces"] = new Dictionary<string, object?>
            {
                ["tokouji"] = new Dictionary<string, object?>
                {
                    ["DisplayName"] = "Toko Uji", ["BaseUrl"] = _site.Url, ["SearchUrl"] = "{base}/cari?q={query}&hal={page}", ["FirstPage"] = 1,
                    ["FetchMode"] = "Browser", ["Card"] = "li.item", ["NoResultsMarker"] = ".kosong",
                    ["Fields"] = new Dictionary<string, string> { ["Title"] = "a.link", ["Url"] = "a.link@href", ["Price"] = ".harga" },
                    ["Detail"] = new Dictionary<string, string> { ["Description"] = ".deskripsi" },
                },
            },
        }));
        return AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["MarketWatch__Crawl__DetailPages__Mode"] = "AllNew", ["MarketWatch__Browser__RenderTimeoutSeconds"] = "3",
        }, "--config", config, "--data-dir", _data.Path, "crawl", "-m", "tokouji", "-q", "imei", "--pages", "1");
    }

    private MarketWatchDb Open() => TestDb.OpenAt(_data.Path);

    [Theory]
    [InlineData("a 302")]
    [InlineData("a meta refresh")]
    [InlineData("a location.href script")]
    public async Task A_search_page_that_leads_off_the_marketplace_is_refused_with_its_target_and_nothing_is_stored(string how)
    {
        var cards = $"<ul>{Card("jasa-1001", Offer)}</ul>";
        switch (how)
        {
            case "a 302": Redirect("/cari", Target); break;
            case "a meta refresh": Serve("/cari", $"<meta http-equiv='refresh' content='0;url={Target}'>{cards}"); break;
            default: Serve("/cari", $"{cards}<script>location.href = '{Target}';</script>"); break;
        }

        var result = await Crawl();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(_other.LogEntries);
        await using var db = Open();
        var page = await db.CrawlPages.SingleAsync();
        Assert.Equal(PageStatus.Failed, page.Status);
        Assert.Contains($"refused: the page led to {Target}", page.Error);
        var refused = await db.CrawlEvents.SingleAsync(e => e.Kind == "page-refused");
        Assert.Equal(Target, refused.Url);
        Assert.Empty(await db.Listings.ToListAsync());   // not even the marketplace's own cards: the page as a whole is refused
        Assert.Empty(await db.Evidence.ToListAsync());
        Assert.DoesNotContain(_site.LogEntries, e => e.RequestMessage.Path.StartsWith("/p/"));
    }

    [Fact]
    public async Task A_detail_page_that_redirects_off_the_marketplace_is_refused_and_its_listing_keeps_only_its_card()
    {
        Serve("/cari", $"<ul>{Card("jasa-1001", Offer)}</ul>");
        Redirect("/p/jasa-1001", "/p/jasa-1001-pindah", 301);
        Redirect("/p/jasa-1001-pindah", Target, 307);

        var result = await Crawl();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_other.LogEntries);
        await using var db = Open();
        var listing = await db.Listings.SingleAsync();
        Assert.Equal(Offer, listing.Title);
        Assert.Null(listing.Description);
        var refused = await db.CrawlEvents.SingleAsync(e => e.Kind == "page-refused");
        Assert.Equal(Target, refused.Url);
        Assert.Contains(_site.Url + "/p/jasa-1001", refused.Message);
        Assert.All(await db.Evidence.ToListAsync(), e => Assert.StartsWith(_site.Url + "/cari", e.Url));
    }

    [Fact]
    public async Task A_robots_txt_that_redirects_off_the_marketplace_makes_every_page_disallowed_and_fetches_nothing()
    {
        Redirect("/robots.txt", _other.Url + "/robots.txt");
        Serve("/cari", $"<ul>{Card("jasa-1001", Offer)}</ul>");

        var result = await Crawl();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(_other.LogEntries);
        Assert.DoesNotContain(_site.LogEntries, e => e.RequestMessage.Path == "/cari");
        await using var db = Open();
        var page = await db.CrawlPages.SingleAsync();
        Assert.Equal(PageStatus.Failed, page.Status);
        Assert.Contains($"redirect to {_other.Url}/robots.txt refused", page.Error);
        Assert.Empty(await db.Listings.ToListAsync());
    }

    [Fact]
    public async Task Evidence_names_the_url_that_was_rendered_after_redirects_on_the_marketplace()
    {
        // The search page moved within the shop; one listing's own page moved too, the other's is gone.
        Redirect("/cari", "/hasil?q=imei", 301);
        Serve("/hasil", $"<ul>{Card("jasa-1001", Offer)}{Card("jasa-1002", "Inject IMEI Android Samsung Xiaomi Oppo - Sinyal Normal kirim imei")}</ul>");
        Redirect("/p/jasa-1001", "/p/jasa-1001-baru");
        Serve("/p/jasa-1001-baru", OfferText);
        _site.Given(Request.Create().WithPath("/p/jasa-1002").UsingGet()).RespondWith(Response.Create().WithStatusCode(404));

        var result = await Crawl();
        Assert.True(result.ExitCode == 0, result.ToString());
        await using var db = Open();
        var evidence = await (from s in db.Sightings
                              join l in db.Listings on s.ListingId equals l.Id
                              join e in db.Evidence on s.EvidenceId equals e.Id
                              select new { l.Url, Evidence = e.Url }).ToDictionaryAsync(x => x.Url, x => x.Evidence);
        Assert.Equal(_site.Url + "/p/jasa-1001-baru", evidence[_site.Url + "/p/jasa-1001"]);   // flagged from its own page, where it ended
        Assert.Equal(_site.Url + "/hasil?q=imei", evidence[_site.Url + "/p/jasa-1002"]);       // flagged from the search page, as rendered
        Assert.Empty(_other.LogEntries);
    }
}
