using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MarketWatch.Review;

public static class ReviewEndpoints
{
    public static WebApplication MapReview(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // Every string on these pages was written by a possibly hostile seller: no inline script, no framing.
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            await next();
        });
        app.MapGet("/assets/{name}", (string name) =>
        {
            var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + name);
            var type = name.EndsWith(".css") ? "text/css" : name.EndsWith(".js") ? "text/javascript" : "application/octet-stream";
            return stream is null ? Results.NotFound() : Results.Stream(stream, type);
        });
        app.MapRazorPages();
        return app;
    }
}
