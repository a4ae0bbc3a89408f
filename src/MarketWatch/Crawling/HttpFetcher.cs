using System.Diagnostics;
using System.Net;

namespace MarketWatch.Crawling;

/// <summary>Plain HTTP for server-rendered pages: no browser, no script; the same answers as the browser fetcher.</summary>
public sealed class HttpFetcher : IPageFetcher, IDisposable
{
    private readonly HttpClient _http;

    public HttpFetcher(BrowserOptions options)
    {
        // Redirects are followed by hand so that each hop's host is checked against the marketplace's hosts.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All })
        {
            Timeout = TimeSpan.FromSeconds(options.PageTimeoutSeconds),
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("id-ID,id;q=0.9");
    }

    public async Task<FetchedPage> FetchAsync(FetchRequest request, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var url = new Uri(request.Url);
        for (var hop = 0; hop < 5; hop++)
        {
            if (await request.Guard.RefuseAsync(url, ct) is { } why)
                throw hop == 0 ? new FetchException($"navigation to {url} refused: {why}", transient: false) : new FetchRefusedException(url.ToString(), why);
            HttpResponseMessage response;
            try { response = await _http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct); }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new FetchException($"timed out after {_http.Timeout.TotalSeconds:0} s loading {url}", transient: true, e);
            }
            catch (HttpRequestException e)
            {
                var refused = e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };
                throw new FetchException(refused ? $"connection refused by {url.Authority} (is the site or sandbox running?)" : e.Message, transient: true, e);
            }
            using (response)
            {
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    url = new Uri(url, location);
                    continue;
                }
                var html = await response.Content.ReadAsStringAsync(ct);
                var retryAfter = response.Headers.RetryAfter is { } ra ? ra.Delta ?? (ra.Date - DateTimeOffset.UtcNow) : null;
                return new FetchedPage(request.Url, url.ToString(), (int)response.StatusCode, html, true, watch.Elapsed, retryAfter, null, null);
            }
        }
        throw new FetchException($"too many redirects from {request.Url}", transient: false);
    }

    public void Dispose() => _http.Dispose();
}
