using Microsoft.AspNetCore.Http;

namespace MarketWatch.Sandbox;

/// <summary>Answers a request with its configured fault instead of the page: how the real sites misbehave.</summary>
internal static class FaultInjector
{
    public static async Task<bool> TryHandleAsync(HttpContext context, FaultState faults, string fixturesDir)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || SandboxSite.Find(segments[0]) is not { } site) return false;
        if (faults.Take(site.Name, path, SandboxServer.IsSearch(path)) is not { } fault) return false;
        var response = context.Response;
        switch (fault.Kind)
        {
            case FaultKind.TooManyRequests:
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString();
                await response.WriteAsync("Too Many Requests");
                return true;
            case FaultKind.ServiceUnavailable:
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await response.WriteAsync("Service Unavailable");
                return true;
            case FaultKind.Slow:
                await Task.Delay(fault.DelayMilliseconds, context.RequestAborted);
                return false;   // then the real page, late
            case FaultKind.Captcha:
                await Page(response, Path.Combine(fixturesDir, "marketplaces", site.Name, "captcha.html"), 1.0);
                return true;
            case FaultKind.ChangedMarkup:
                await Page(response, Path.Combine(fixturesDir, "marketplaces", site.Name, "markup-changed.html"), 1.0);
                return true;
            default:   // TruncatedHtml: the connection closes halfway through a results page
                await Page(response, Path.Combine(fixturesDir, "marketplaces", site.Name, "search-1.html"), 0.5);
                return true;
        }
    }

    private static async Task Page(HttpResponse response, string file, double fraction)
    {
        response.ContentType = "text/html; charset=utf-8";
        var bytes = await File.ReadAllBytesAsync(file);
        await response.Body.WriteAsync(bytes.AsMemory(0, (int)(bytes.Length * fraction)));
    }
}
