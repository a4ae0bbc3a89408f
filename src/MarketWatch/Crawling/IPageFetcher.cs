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
/// <param name="Guard">The marketplace's origins: a request, redirect or navigation anywhere else is refused (scraped pages are attacker-controlled).</param>
/// <param name="Capture">The API responses to record while the page loads (browser only).</param>
public sealed record FetchRequest(
    string Marketplace, string Url, string? WaitFor, LinkGuard Guard, bool BlockResources, int Concurrency, bool Scroll,
    Marketplaces.NetworkCaptureRule? Capture = null);

/// <summary>A fetch that did not give a page: the reason is one of the kinds the retry policy knows.</summary>
public class FetchException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient => transient;
}

/// <summary>
/// The page tried to take the crawler off the marketplace (a redirect, a script or a meta refresh to a refused
/// target): nothing of it is used. Never retried: the same page would try again.
/// </summary>
public sealed class FetchRefusedException(string target, string reason)
    : FetchException($"refused: the page led to {target} ({reason})", transient: false)
{
    public string Target => target;
    public string Reason => reason;
}
