using MarketWatch.Crawling;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// The browser fetcher in a real Chromium against two loopback origins, 127.0.0.1 (the marketplace) and 127.0.0.2
/// (anything else, standing for the metadata service): whatever a hostile page does to reach the other origin, the
/// other origin sees no request at all. A page that tries to leave is refused whole; a frame, a fetch() or a
/// subresource that would leave is refused and named, and the page itself is kept.
/// </summary>
public class BrowserOriginTests : IAsyncLifetime
{
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly WireMockServer _other = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.2:0"] });
    private readonly BrowserFetcher _browser = new(new BrowserOptions { PageTimeoutSeconds = 20, RenderTimeoutSeconds = 5 });

    private string Other => _other.Url + "/latest/meta-data/iam";

    public Task InitializeAsync()
    {
        _other.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html").WithBody("<li class='card'>AKIA-SECRET-FROM-THE-OTHER-ORIGIN</li>"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _site.Stop();
        _other.Stop();
    }

    private void Serve(string path, string html) => _site.Given(Request.Create().WithPath(path).UsingAnyMethod())
        .RespondWith(Response.Create().WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(html));

    private void Redirect(string path, string location, int status = 302) => _site.Given(Request.Create().WithPath(path).UsingAnyMethod())
        .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", location));

    private Task<FetchedPage> Fetch(string path) => _browser.FetchAsync(
        new FetchRequest("hostile", _site.Url + path, ".card", LinkGuard.For(_site.Url!, null, sandbox: true), BlockResources: false, Concurrency: 1, Scroll: false),
        default);

    private const string Cards = "<ul><li class='card'>Jasa buka sinyal</li></ul>";

    public static TheoryData<string, string> Leaving => new()
    {
        { "a 302", "" },
        { "a 307 after a redirect on the marketplace", "" },
        { "a meta refresh", $"<meta http-equiv='refresh' content='0;url={{other}}'>{Cards}" },
        { "a location.href script", $"{Cards}<script>location.href = '{{other}}';</script>" },
        { "a delayed location.assign", $"{Cards}<script>setTimeout(() => location.assign('{{other}}'), 0);</script>" },
    };

    [Theory, MemberData(nameof(Leaving))]
    public async Task A_page_that_tries_to_leave_the_marketplace_is_refused_and_the_other_origin_sees_nothing(string how, string html)
    {
        if (how == "a 302") Redirect("/cari", Other);
        else if (how.StartsWith("a 307")) { Redirect("/cari", "/pindah", 301); Redirect("/pindah", Other, 307); }
        else Serve("/cari", html.Replace("{other}", Other));

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(async () => { await using var _ = await Fetch("/cari"); });
        Assert.Equal(Other, refused.Target);
        Assert.Contains("not a host of this marketplace", refused.Reason);
        Assert.Empty(_other.LogEntries);

        // The tab that tried to leave is not reused: the next page of the marketplace loads cleanly.
        Serve("/bersih", Cards);
        await using var next = await Fetch("/bersih");
        Assert.Equal(200, next.Status);
        Assert.Empty(next.Refused);
        Assert.Empty(_other.LogEntries);
    }

    public static TheoryData<string, string> Reaching => new()
    {
        { "an iframe", $"{Cards}<iframe src='{{other}}'></iframe>" },
        { "an iframe on the marketplace that redirects", $"{Cards}<iframe src='/bingkai'></iframe>" },
        { "a fetch()", $"{Cards}<script>fetch('{{other}}').catch(() => {{}});</script>" },
        { "a fetch() on the marketplace that redirects", $"{Cards}<script>fetch('/bingkai').catch(() => {{}});</script>" },
        { "an image on the marketplace that redirects", $"{Cards}<img src='/bingkai'>" },
        { "a script", $"{Cards}<script src='{{other}}'></script>" },
        { "a WebSocket", $"{Cards}<script>try {{ new WebSocket('{{ws}}'); }} catch (e) {{}}</script>" },
        { "a beacon", $"{Cards}<script>navigator.sendBeacon('{{other}}', 'x');</script>" },
    };

    [Theory, MemberData(nameof(Reaching))]
    public async Task A_request_of_the_page_to_another_origin_is_refused_and_named_and_the_page_is_kept(string how, string html)
    {
        Redirect("/bingkai", Other);
        Serve("/cari", html.Replace("{other}", Other).Replace("{ws}", Other.Replace("http://", "ws://")));

        await using (var fetched = await Fetch("/cari"))
        {
            Assert.Equal(200, fetched.Status);
            Assert.Contains("Jasa buka sinyal", fetched.Html);
            Assert.DoesNotContain("AKIA-SECRET", fetched.Html);
            // A socket is closed before it connects (not a request, so not listed); a beacon may leave after the page is read.
            if (how is not ("a WebSocket" or "a beacon")) Assert.Contains(fetched.Refused, r => r.Url == Other && !r.Navigation);
        }
        await Task.Delay(300);   // anything the page set off has had time to arrive
        Assert.Empty(_other.LogEntries);
    }

    [Fact]
    public async Task Redirects_on_the_marketplace_are_followed_and_the_page_is_named_by_where_they_ended()
    {
        Redirect("/cari", "/hasil?q=imei", 301);
        Redirect("/hasil", _site.Url + "/hasil-akhir?q=imei");
        Serve("/hasil-akhir", Cards);
        await using var fetched = await Fetch("/cari?q=imei");
        Assert.Equal(200, fetched.Status);
        Assert.Contains("Jasa buka sinyal", fetched.Html);
        Assert.Equal(_site.Url + "/cari?q=imei", fetched.RequestedUrl);
        Assert.Equal(_site.Url + "/hasil-akhir?q=imei", fetched.FinalUrl);
    }

    [Fact]
    public async Task A_sixth_redirect_is_refused()
    {
        for (var i = 0; i < 6; i++) Redirect($"/r{i}", $"/r{i + 1}");
        Serve("/r6", Cards);
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(async () => { await using var _ = await Fetch("/r0"); });
        Assert.Contains("more than 5 redirects", refused.Reason);
        Assert.DoesNotContain(_site.LogEntries, e => e.RequestMessage.Path == "/r6");
    }
}
