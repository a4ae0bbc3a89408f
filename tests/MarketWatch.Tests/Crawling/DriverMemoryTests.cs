using MarketWatch.Crawling;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// The origin guard fetches every request in Playwright's driver (<c>route.FetchAsync</c>), and the driver keeps each
/// fetched body until it is told to drop it. A patrol's browser context lives for days, so a body kept per request
/// is a leak in the driver process: here each page loads a 4 MB script, and 20 pages would leave 80 MB behind.
/// </summary>
public class DriverMemoryTests : IAsyncLifetime
{
    private const int ScriptBytes = 4 * 1024 * 1024;
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private static BrowserFetcher NewFetcher() => new(new BrowserOptions { PageTimeoutSeconds = 60, RenderTimeoutSeconds = 30 });
    private BrowserFetcher _browser = NewFetcher();

    public Task InitializeAsync()
    {
        _site.Given(Request.Create().WithPath("/cari").UsingGet()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "text/html; charset=utf-8")
            .WithBody("<ul id='cards'></ul><script src='/app.js'></script>"));
        // A big bundle, as real storefronts ship: a comment that pads it, then the code that renders the card.
        var script = "/*" + new string('x', ScriptBytes) + "*/ document.getElementById('cards').innerHTML = \"<li class='card'>Jasa unblock IMEI</li>\";";
        _site.Given(Request.Create().WithPath("/app.js").UsingGet()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "text/javascript").WithBody(script));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _site.Stop();
    }

    private async Task FetchAsync(int n)
    {
        await using var page = await _browser.FetchAsync(new FetchRequest("driver-memory", $"{_site.Url}/cari?page={n}", ".card",
            LinkGuard.For(_site.Url!, null, sandbox: true), BlockResources: true, Concurrency: 1, Scroll: false), default);
        Assert.Contains("Jasa unblock IMEI", page.Html);
    }

    private static long RssBytes(int pid) => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:"))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).Single();

    [Fact]
    public async Task The_driver_does_not_keep_the_bodies_it_fetched_for_the_browser()
    {
        if (!OperatingSystem.IsLinux()) return;
        await FetchAsync(0);
        // The driver is told apart from other tests' drivers by appearing when this fetcher started it; a driver of
        // another test starting in the same instant makes that ambiguous, and a fresh fetcher tries again.
        for (var attempt = 0; _browser.DriverPid is null && attempt < 3; attempt++)
        {
            await _browser.DisposeAsync();
            _browser = NewFetcher();
            await FetchAsync(0);
        }
        var driver = _browser.DriverPid ?? throw new InvalidOperationException("the fetcher's Playwright driver could not be told apart from others");

        // The driver's heap settles over the first pages (its garbage collector runs as memory grows); after that, kept
        // bodies grow it by 4 MB a page and dropped ones by nothing. On a loaded machine its collector can run late
        // enough for one window of 20 pages to show a swing (49 MiB once, in CI): kept bodies grow every window, so the
        // smaller of two consecutive ones is what counts.
        var n = 1;
        async Task<long> GrowthOverAsync(int pages)
        {
            var before = RssBytes(driver);
            for (var end = n + pages; n < end; n++) await FetchAsync(n);
            return RssBytes(driver) - before;
        }
        var settling = await GrowthOverAsync(30);
        const int pages = 20;
        var first = await GrowthOverAsync(pages);
        var second = await GrowthOverAsync(pages);
        var grown = Math.Min(first, second);

        Assert.True(grown < pages * (long)ScriptBytes / 2,
            $"the driver grew by {first / 1048576} and {second / 1048576} MiB over two runs of {pages} pages of a 4 MB script (by {settling / 1048576} MiB over the 30 before)");
    }
}
