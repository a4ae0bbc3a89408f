using System.Reflection;
using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

public static class ReviewEndpoints
{
    public static WebApplication MapReview(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // Every string on these pages was written by a possibly hostile seller: no inline script, no framing.
            var h = context.Response.Headers;
            // frame-src 'self' (from default-src) also stops the inert evidence frame from following a link away.
            h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h.CacheControl = "no-cache, no-store";
            h.Pragma = "no-cache";   // reviewer pages hold evidence: not for shared caches or the back button after sign-out
            await next();
        });
        app.UseRequestLocalization();   // before the pages: their strings, numbers and dates follow it
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();   // after routing: the sign-in page's policy is on its endpoint
        // The stylesheet and script hold no data: the sign-in page needs them before anyone is signed in.
        app.MapGet("/assets/{name}", (string name) =>
        {
            var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + name);
            var type = name.EndsWith(".css") ? "text/css" : name.EndsWith(".js") ? "text/javascript" : "application/octet-stream";
            return stream is null ? Results.NotFound() : Results.Stream(stream, type);
        }).AllowAnonymous();
        app.MapGet("/evidence/{id:long}/screenshot", ScreenshotAsync);
        app.MapGet("/evidence/{id:long}/raw", RawAsync);
        app.MapRazorPages();
        return app;
    }

    // Served only after its hash checks out: a reviewer never looks at an altered file believing it is the capture.
    // A capture kept as a snapshot is drawn on the first request (SnapshotRenderer), after the snapshot's own hash checks out.
    private static async Task<IResult> ScreenshotAsync(long id, SnapshotRenderer pictures, CancellationToken ct)
    {
        try
        {
            var bytes = await pictures.PictureAsync(id, ct);
            return bytes is null ? Results.NotFound() : Results.File(bytes, EvidenceStore.ImageType(bytes));
        }
        catch (EvidenceTamperedException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict); }
        catch (SnapshotDrawException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable); }
    }

    // The captured HTML for the inert frame: its own CSP runs no script, loads nothing, and only our pages may frame it.
    private static async Task<IResult> RawAsync(long id, HttpContext http, IDbContextFactory<MarketWatchDb> dbFactory, EvidenceStore store, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var capture = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (capture is null) return Results.NotFound();
        string html;
        try { html = await store.ReadHtmlAsync(capture, ct); }
        catch (EvidenceTamperedException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict); }
        var h = http.Response.Headers;
        h.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'";
        h.XFrameOptions = "SAMEORIGIN";
        return Results.Text(html, "text/html; charset=utf-8");
    }
}
