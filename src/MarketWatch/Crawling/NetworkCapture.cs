using System.Collections.Concurrent;
using MarketWatch.Marketplaces;
using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>
/// Records, while a page loads, the fetch/XHR responses that match the profile's capture rule (URL pattern, GraphQL
/// operation from the request body), with their bodies: the data the storefront renders its cards from. Other
/// fetch/XHR responses are listed by URL only, so the probe can show an operator what the page did load.
/// Bodies are read as they arrive: a reused tab's next navigation would discard them.
/// </summary>
public sealed class NetworkCapture : IDisposable
{
    /// <summary>A bigger body is not kept (a search page's data is a few hundred KB).</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    private readonly IPage _page;
    private readonly NetworkCaptureRule _rule;
    private readonly ConcurrentQueue<Task<CapturedResponse?>> _bodies = new();
    private readonly ConcurrentQueue<string> _others = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NetworkCapture(IPage page, NetworkCaptureRule rule)
    {
        (_page, _rule) = (page, rule);
        page.Response += OnResponse;
    }

    /// <summary>Null when the profile captures nothing.</summary>
    public static NetworkCapture? Attach(IPage page, NetworkCaptureRule? rule) => rule is null ? null : new NetworkCapture(page, rule);

    /// <summary>Completes when the first matching response has been read.</summary>
    public Task FirstCaptured => _first.Task;

    /// <summary>Fetch/XHR responses that did not match ("200 GET URL").</summary>
    public IReadOnlyList<string> Others => _others.ToArray();

    private void OnResponse(object? sender, IResponse response)
    {
        var request = response.Request;
        if (request.ResourceType is not ("fetch" or "xhr")) return;
        if (!_rule.Matches(response.Url, request.PostData, out var operation))
        {
            _others.Enqueue($"{response.Status} {request.Method} {response.Url}");
            return;
        }
        _bodies.Enqueue(ReadAsync(response, operation));
    }

    private async Task<CapturedResponse?> ReadAsync(IResponse response, string? operation)
    {
        try
        {
            var body = await response.BodyAsync();
            if (body.Length > MaxBodyBytes) return null;
            // Content-Type is among the headers the response event already carried: no round trip for all of them.
            var captured = new CapturedResponse(response.Url, response.Status, operation, response.Headers.GetValueOrDefault("content-type") ?? "",
                System.Text.Encoding.UTF8.GetString(body));
            if (response.Status < 400) _first.TrySetResult();
            return captured;
        }
        catch (PlaywrightException) { return null; }   // the page went away before the body was read
    }

    /// <summary>Every matching response read so far, in the order they arrived (waits for bodies still being read).</summary>
    public async Task<IReadOnlyList<CapturedResponse>> CollectAsync(TimeSpan timeout)
    {
        var pending = _bodies.ToArray();
        try { await Task.WhenAll(pending).WaitAsync(timeout); }
        catch (TimeoutException) { }
        return pending.Where(t => t.IsCompletedSuccessfully && t.Result is not null).Select(t => t.Result!).ToList();
    }

    public void Dispose() => _page.Response -= OnResponse;
}
