using MarketWatch.Crawling;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// A reused tab keeps the documents of the pages it showed until V8 runs a major collection, which it seldom does
/// while the tab is kept busy: a patrol's renderer then grows by every page. The pool makes the tab's renderer collect
/// every <see cref="BrowserOptions.CollectGarbageEveryPages"/> pages instead of closing the tab. Blink's own counters
/// (<c>Memory.getDOMCounters</c>) say how many documents the renderer still holds.
/// </summary>
public class RendererMemoryTests : IAsyncLifetime
{
    private const int Pages = 21;
    private readonly WireMockServer _site = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });

    public Task InitializeAsync()
    {
        // A storefront page: a few hundred nodes built by its script, as real ones are.
        _site.Given(Request.Create().WithPath("/cari").UsingGet()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "text/html; charset=utf-8")
            .WithBody("""
                <ul id='cards'></ul>
                <script>
                  const ul = document.getElementById('cards');
                  for (let i = 0; i < 300; i++) { const li = document.createElement('li'); li.className = 'card'; li.textContent = 'Jasa unblock IMEI ' + i; ul.appendChild(li); }
                </script>
                """));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _site.Stop();
        return Task.CompletedTask;
    }

    /// <summary>Shows <see cref="Pages"/> pages in one tab, then reads how many documents its renderer holds while the last is shown.</summary>
    private async Task<int> DocumentsHeldAsync(int collectEvery)
    {
        await using var browser = new BrowserFetcher(new BrowserOptions { CollectGarbageEveryPages = collectEvery, RecycleTabAfterPages = 0 });
        Task<FetchedPage> FetchAsync(int n) => browser.FetchAsync(new FetchRequest("renderer-memory", $"{_site.Url}/cari?page={n}", ".card",
            LinkGuard.For(_site.Url!, null, sandbox: true), BlockResources: true, Concurrency: 1, Scroll: false), default);
        for (var n = 1; n < Pages; n++)
        {
            await using var shown = await FetchAsync(n);
            Assert.Contains("Jasa unblock IMEI 299", shown.Html);
        }
        await using var last = await FetchAsync(Pages);
        var tab = last.Tab ?? throw new InvalidOperationException("the fetched page holds no tab");
        var counters = await (await TabDevTools.SessionAsync(tab)).SendAsync("Memory.getDOMCounters");
        return counters!.Value.GetProperty("documents").GetInt32();
    }

    [Fact]
    public async Task A_reused_tab_collects_the_documents_of_the_pages_it_showed()
    {
        // Collected after the 20th page: the 21st (shown) and the tab's first about:blank, and one more at most.
        var collected = await DocumentsHeldAsync(collectEvery: 10);
        Assert.True(collected <= 3, $"the renderer holds {collected} documents after {Pages} pages with a collection every 10");
    }

    [Fact]
    public async Task Without_the_collection_the_renderer_keeps_them()
    {
        // The premise of the collection: left to itself, the busy renderer keeps the pages it showed (here two documents
        // each, all 21 pages), more than the collection above lets it hold.
        var kept = await DocumentsHeldAsync(collectEvery: 0);
        Assert.True(kept > 3, $"the renderer holds {kept} documents after {Pages} pages without a collection");
    }
}
