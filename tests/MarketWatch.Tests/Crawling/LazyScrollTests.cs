using MarketWatch.Crawling;
using MarketWatch.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// A storefront that adds cards only when the shopper scrolls to the bottom, fetching each batch from its
/// API (slowly): the browser fetcher must keep scrolling while batches arrive, and stop when none comes.
/// </summary>
public class LazyScrollTests : IAsyncLifetime
{
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    // A generous wait for each batch: this tests that every batch is collected and that scrolling stops, not how fast
    // a loaded machine answers (each batch now goes through the origin guard's fetch in the route handler).
    private readonly BrowserFetcher _browser = new(new BrowserOptions { PageTimeoutSeconds = 20, RenderTimeoutSeconds = 10, ScrollLoadWaitMs = 8000 });

    // A storefront with ten cards at once; `then` is the page's own script, which adds more cards with add(n, from).
    private static string Storefront(string then) => $$"""
        <!doctype html><html><head><style>.card { height: 300px; border: 1px solid #ccc; }</style></head>
        <body><div id="cards"></div>
        <script>
          const cards = document.getElementById('cards');
          const add = (n, from) => { for (let i = 0; i < n; i++) { const d = document.createElement('div'); d.className = 'card'; d.textContent = 'kartu ' + (from + i); cards.appendChild(d); } };
          add(10, 0);
        {{then}}
        </script></body></html>
        """;

    // Three more batches, each fetched (slowly) when the shopper reaches the bottom.
    private static readonly string Page = Storefront("""
          let batches = 0, loading = false;
          window.addEventListener('scroll', () => {
            if (loading || batches >= 3 || innerHeight + scrollY < document.body.scrollHeight - 20) return;
            loading = true;
            fetch('/api/more').then(r => r.json()).then(j => { add(j.count, cards.children.length); batches++; loading = false; });
          });
        """);

    // The way large storefronts do it: a sentinel under the cards, watched by an IntersectionObserver, whose callback
    // (queued after the frame that scrolled it into view, not at the scroll) fetches the next batch.
    private static readonly string Sentinel = Storefront("""
          const end = document.createElement('div'); end.id = 'end'; document.body.appendChild(end);
          let batches = 0, loading = false;
          new IntersectionObserver(entries => {
            if (!entries.some(e => e.isIntersecting) || loading || batches >= 3) return;
            loading = true;
            fetch('/api/more').then(r => r.json()).then(j => { add(j.count, cards.children.length); batches++; loading = false; });
          }).observe(end);
        """);

    // A second batch was asked for as the page loaded, before any scroll, and arrives late. The scroll's own counter
    // cannot see that call (it starts counting at the first scroll): only the origin guard, which is answering it,
    // knows the page is still waiting for cards.
    private static readonly string SlowFirstBatch = Storefront("""
          fetch('/api/slow').then(r => r.json()).then(j => add(j.count, cards.children.length));
        """);

    public Task InitializeAsync()
    {
        _site.Given(Request.Create().WithPath("/early").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(SlowFirstBatch));
        _site.Given(Request.Create().WithPath("/api/slow").UsingGet())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromMilliseconds(1500)).WithHeader("Content-Type", "application/json").WithBody("""{"count":10}"""));
        _site.Given(Request.Create().WithPath("/cari").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(Page));
        _site.Given(Request.Create().WithPath("/observed").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(Sentinel));
        _site.Given(Request.Create().WithPath("/api/more").UsingGet())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromMilliseconds(400)).WithHeader("Content-Type", "application/json").WithBody("""{"count":10}"""));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _site.Stop();
    }

    private FetchRequest Request_(bool scroll, string path = "/cari") =>
        new("lazy", _site.Url + path, ".card", LinkGuard.For(_site.Url!, null, sandbox: true), BlockResources: true, Concurrency: 1, Scroll: scroll);

    private static int Cards(string html) => html.Split("class=\"card\"").Length - 1;

    [Fact]
    public async Task Scrolling_collects_every_batch_the_page_fetches_and_then_stops()
    {
        await using (var plain = await _browser.FetchAsync(Request_(scroll: false), default))
            Assert.Equal(10, Cards(plain.Html));   // without scrolling only the first batch is there

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var page = await _browser.FetchAsync(Request_(scroll: true), default);
        // Three slow batches of ten, each waited for. Should this fail, the message tells the two ways it can apart: a
        // scroll whose batch request was never counted (fewer calls), or a batch not waited for long enough (slow).
        var calls = _site.LogEntries.Count(e => e.RequestMessage.Path == "/api/more");
        Assert.True(Cards(page.Html) == 40, $"{Cards(page.Html)} cards of 40; {calls} calls to /api/more; fetch took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(3, _site.LogEntries.Count(e => e.RequestMessage.Path == "/api/more"));   // and no fourth call: it stopped
    }

    [Fact]
    public async Task Batches_asked_for_by_an_intersection_observer_are_all_collected()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var page = await _browser.FetchAsync(Request_(scroll: true, "/observed"), default);
        var calls = _site.LogEntries.Count(e => e.RequestMessage.Path == "/api/more");
        Assert.True(Cards(page.Html) == 40, $"{Cards(page.Html)} cards of 40; {calls} calls to /api/more; fetch took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(3, _site.LogEntries.Count(e => e.RequestMessage.Path == "/api/more"));
    }

    [Fact]
    public async Task A_batch_asked_for_before_the_first_scroll_is_waited_for()
    {
        await using var page = await _browser.FetchAsync(Request_(scroll: true, "/early"), default);
        Assert.Equal(20, Cards(page.Html));   // the ten on the page and the ten that came 1.5 s later
    }
}
