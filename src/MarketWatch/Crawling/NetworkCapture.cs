using System.Collections.Concurrent;
using MarketWatch.Marketplaces;
using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>
/// Records, while a page loads, the fetch/XHR responses that match the profile's capture rule (URL pattern, GraphQL
/// operation from the request body), with their bodies: the data the storefront renders its cards from. Other
/// fetch/XHR responses are listed by URL only, so the probe can show an operator what the page did load.
/// The origin guard hands over each answer it fetched for the tab (<see cref="BrowserOrigins"/>) before Chromium gets
/// it: the body is read from Playwright's driver, which holds it anyway, rather than asked back from Chromium after a
/// response event (a round trip through the browser per capture, and a reused tab's next navigation would discard it).
/// </summary>
public sealed class NetworkCapture(NetworkCaptureRule rule)
{
    /// <summary>A bigger body is not kept (a search page's data is a few hundred KB).</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    private readonly ConcurrentQueue<Task<CapturedResponse?>> _bodies = new();
    private readonly ConcurrentQueue<string> _others = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Null when the profile captures nothing.</summary>
    public static NetworkCapture? For(NetworkCaptureRule? rule) => rule is null ? null : new NetworkCapture(rule);

    /// <summary>Completes when the first matching response has been read.</summary>
    public Task FirstCaptured => _first.Task;

    /// <summary>Fetch/XHR responses that did not match ("200 GET URL").</summary>
    public IReadOnlyList<string> Others => _others.ToArray();

    /// <summary>
    /// The answer fetched for one of the tab's requests. A matching one starts its body's read at once and returns it,
    /// to be awaited before the response is disposed; anything else returns null.
    /// </summary>
    public Task<CapturedResponse?>? Record(IRequest request, IAPIResponse response)
    {
        if (request.ResourceType is not ("fetch" or "xhr")) return null;
        if (!rule.Matches(request.Url, request.PostData, out var operation))
        {
            _others.Enqueue($"{response.Status} {request.Method} {request.Url}");
            return null;
        }
        var read = ReadAsync(request.Url, response, operation);
        _bodies.Enqueue(read);
        return read;
    }

    private async Task<CapturedResponse?> ReadAsync(string url, IAPIResponse response, string? operation)
    {
        try
        {
            var body = await response.BodyAsync();
            if (body.Length > MaxBodyBytes) return null;
            var type = response.Headers.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value ?? "";
            var captured = new CapturedResponse(url, response.Status, operation, type, System.Text.Encoding.UTF8.GetString(body));
            if (response.Status < 400) _first.TrySetResult();
            return captured;
        }
        catch (PlaywrightException) { return null; }   // the browser or its driver went away mid-read
    }

    /// <summary>Every matching response read so far, in the order they arrived (waits for bodies still being read).</summary>
    public async Task<IReadOnlyList<CapturedResponse>> CollectAsync(TimeSpan timeout)
    {
        var pending = _bodies.ToArray();
        try { await Task.WhenAll(pending).WaitAsync(timeout); }
        catch (TimeoutException) { }
        return pending.Where(t => t.IsCompletedSuccessfully && t.Result is not null).Select(t => t.Result!).ToList();
    }
}
