using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Sandbox;

/// <summary>
/// A local marketplace for demos and tests: storefront-like search pages rendered in the browser from a
/// JSON endpoint (so, like the real sites, a plain HTTP fetch sees no cards), backed by the team's catalogue.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    public const int PageSize = 20;
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app) => _app = app;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<SandboxServer> StartAsync(string fixturesDir, string urls, CancellationToken ct = default)
    {
        var dir = Path.Combine(fixturesDir, "sandbox");
        var catalogue = Catalogue.Load(Path.Combine(dir, "catalogue.json"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();

        app.MapGet("/", () => Results.Content(
            "<!doctype html><title>MarketWatch sandbox</title><h1>Sandbox marketplace</h1><ul><li><a href=\"/tokopedia/search?q=unblock+imei\">tokopedia</a></li></ul>",
            "text/html; charset=utf-8"));
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nAllow: /\n"));
        app.MapGet("/tokopedia/search", () => Results.File(Path.Combine(dir, "tokopedia", "search.html"), "text/html; charset=utf-8"));
        app.MapGet("/tokopedia/app.js", () => Results.File(Path.Combine(dir, "tokopedia", "app.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/tokopedia/api/search", (string? q, int? page) => Results.Json(SearchResponse(catalogue, "tokopedia", q, page ?? 1)));
        app.MapGet("/tokopedia/{shop}/{slug}", (string shop, string slug) =>
        {
            var id = slug[(slug.LastIndexOf('-') + 1)..];
            return catalogue.Find(id) is { } item && item.ShopSlug == shop ? Results.Content(DetailPage(item), "text/html; charset=utf-8") : Results.NotFound();
        });

        await app.StartAsync(ct);
        return new SandboxServer(app);
    }

    // Field names follow Tokopedia's search API (../shared/data/api-captures/tokopedia).
    private static object SearchResponse(Catalogue catalogue, string marketplace, string? q, int page)
    {
        var hits = catalogue.Search(marketplace, q);
        var slice = hits.Skip((Math.Max(page, 1) - 1) * PageSize).Take(PageSize);
        return new
        {
            data = new
            {
                totalData = hits.Count,
                products = slice.Select(i => new
                {
                    id = i.Id,
                    name = i.Title,
                    url = $"/{marketplace}/{i.ShopSlug}/{i.Slug}-{i.Id}?extParam=src%3Dsearch%26keyword%3D{Uri.EscapeDataString(q ?? "")}",
                    price = Rupiah(i.PriceIdr) + (i.PriceMaxIdr is { } max ? " - " + Rupiah(max) : ""),
                    rating = i.Rating?.ToString("0.0", CultureInfo.InvariantCulture),
                    soldLabel = i.Sold,
                    isTopAds = i.Sponsored,
                    imageUrl = $"/{marketplace}/img/{i.Id}.jpg",
                    shop = new { name = i.Shop, url = $"/{marketplace}/{i.ShopSlug}", city = i.ShopLocation },
                }),
            },
        };
    }

    public static string Rupiah(long value) => "Rp" + value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    private static string DetailPage(CatalogueItem i)
    {
        static string H(string? s) => System.Net.WebUtility.HtmlEncode(s ?? "");
        return $"""
            <!doctype html><html lang="id"><head><meta charset="utf-8"><title>{H(i.Title)} | Tokopedia</title></head>
            <body><div id="pdp">
            <h1 data-testid="lblPDPDetailProductName">{H(i.Title)}</h1>
            <div data-testid="lblPDPDetailProductPrice">{Rupiah(i.PriceIdr)}</div>
            <a data-testid="llbPDPFooterShopName" href="/tokopedia/{H(i.ShopSlug)}"><h2>{H(i.Shop)}</h2></a>
            <div data-testid="lblPDPDescriptionProduk">{H(i.Description).Replace("\n", "<br>")}</div>
            </div></body></html>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
