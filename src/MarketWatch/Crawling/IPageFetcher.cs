namespace MarketWatch.Crawling;

/// <summary>
/// The one fetching seam (changedetection.io's "fetcher"): a real Chromium for client-rendered storefronts,
/// plain HTTP for pages that need none. Everything that touches the network lives behind it.
/// </summary>
public interface IPageFetcher
{
    Task<FetchedPage> FetchAsync(FetchRequest request, CancellationToken ct);
}

/// <param name="WaitFor">Selector that shows the page rendered (cards, "no results" or block marker).</param>
/// <param name="AllowedHosts">Navigation to any other host is refused: scraped pages are attacker-controlled.</param>
/// <param name="Capture">The API responses to record while the page loads (browser only).</param>
public sealed record FetchRequest(
    string Marketplace, string Url, string? WaitFor, IReadOnlySet<string> AllowedHosts, bool BlockResources, int Concurrency, bool Scroll,
    Marketplaces.NetworkCaptureRule? Capture = null);

/// <summary>A fetch that did not give a page: the reason is one of the kinds the retry policy knows.</summary>
public sealed class FetchException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient => transient;
}
