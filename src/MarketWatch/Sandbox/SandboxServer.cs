using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Sandbox;

/// <summary>
/// A local stand-in for the five marketplaces, under /&lt;name&gt;/ with each site's own URL shapes. Search
/// pages are rendered in the browser from a JSON endpoint (so, like the real sites, a plain HTTP fetch
/// sees no cards), backed by the team's catalogue; listing pages carry the descriptions. Faults on demand.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    public FaultState Faults { get; }

    private SandboxServer(WebApplication app, FaultState faults) => (_app, Faults) = (app, faults);

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<SandboxServer> StartAsync(string fixturesDir, string urls, SandboxOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SandboxOptions();
        options.Validate();
        var fresh = options.Fresh ? new FreshCatalogue() : null;
        var dir = Path.Combine(fixturesDir, "sandbox");
        var catalogue = Catalogue.Load(Path.Combine(dir, "catalogue.json"));
        var faults = new FaultState(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();

        app.Use(async (context, next) =>
        {
            faults.Requests.Enqueue(new SandboxRequest(DateTime.UtcNow, context.Request.Path + context.Request.QueryString));
            if (await FaultInjector.TryHandleAsync(context, faults, fixturesDir)) return;
            await next();
        });
        app.MapGet("/", () => Results.Content(IndexPage(), "text/html; charset=utf-8"));
        app.MapGet("/robots.txt", () => Results.Text(faults.RobotsTxt));
        app.MapPost("/_sandbox/faults", (List<FaultRule> rules) => { faults.Set(rules); return Results.NoContent(); });
        app.MapPost("/_sandbox/robots", async (HttpRequest r) => { faults.RobotsTxt = await new StreamReader(r.Body).ReadToEndAsync(); return Results.NoContent(); });
        app.MapGet("/_sandbox/requests", () => Results.Json(faults.Requests.ToArray()));

        (IReadOnlyList<CatalogueItem>, int) Search(SandboxSite site, string q, int page)
        {
            if (fresh is null)
            {
                var hits = catalogue.Search(site.Name, q);
                return (hits.Skip((Math.Max(page, 1) - 1) * options.PageSize).Take(options.PageSize).ToList(), hits.Count);
            }
            var items = fresh.Page(site.Name, q, page, options.PageSize);
            foreach (var item in items) foreach (var path in site.Paths(item)) fresh.Remember(path, item);
            return (items, FreshCatalogue.Pages * options.PageSize);
        }

        foreach (var site in SandboxSites())
        {
            var shell = Path.Combine(dir, site.Name, "search.html");
            var withPictures = new Lazy<string>(() => File.ReadAllText(shell).Replace("</body>", PictureLoader + "</body>"));
            IResult Shell(HttpContext c)
            {
                // Lazada answers its own catalog URL with the listing JSON when the page asks with ajax=true.
                if (c.Request.Query["ajax"] == "true")
                {
                    var q = c.Request.Query["q"].ToString();
                    var page = int.TryParse(c.Request.Query["page"], out var n) ? n : 1;
                    var (items, total) = Search(site, q, page);
                    return Results.Json(SandboxApis.LazadaAjax(site, c, items, total, q, page));
                }
                return options.Pictures ? Results.Content(withPictures.Value, "text/html; charset=utf-8") : Results.File(shell, "text/html; charset=utf-8");
            }
            foreach (var route in SearchRoutes[site.Name]) app.MapGet(route, Shell);
            SandboxApis.Map(app, site, Search, options.PageSize);
            if (options.Pictures)
                app.MapGet($"/{site.Name}/img/{{**name}}", () => Results.File(Path.Combine(dir, "picture.jpg"), "image/jpeg"));
            app.MapGet($"/{site.Name}/app.js", () => Results.File(Path.Combine(dir, site.Name, "app.js"), "text/javascript; charset=utf-8"));
            app.MapGet($"/{site.Name}/api/search", (string? q, int? page) => Results.Json(fresh is null
                ? SearchResponse(catalogue.Search(site.Name, q ?? ""), site, q ?? "", page ?? 1, options.PageSize)
                : FreshResponse(fresh, site, q ?? "", page ?? 1, options.PageSize)));
            var byPath = catalogue.Items.SelectMany(i => site.Paths(i).Select(path => (path, i))).ToDictionary(x => x.path, x => x.i);
            app.MapGet($"/{site.Name}/{{**rest}}", (HttpContext c) =>
                (byPath.GetValueOrDefault(c.Request.Path.Value!) ?? fresh?.Find(c.Request.Path.Value!)) is { } item
                    ? Results.Content(DetailPage(site, item), "text/html; charset=utf-8") : Results.NotFound());
        }

        await app.StartAsync(ct);
        return new SandboxServer(app, faults);
    }

    private static IEnumerable<SandboxSite> SandboxSites() => SandboxSite.All;

    // Sandbox:Pictures: every card's picture is asked for as soon as the card is drawn (a lazy loader with the whole
    // page in view), so a search page makes one image request per card, as a real storefront's does.
    private const string PictureLoader = """
        <script>
          new MutationObserver(() => document.querySelectorAll('img[data-src]').forEach(i => {
            if (i.getAttribute('src') !== i.dataset.src) i.setAttribute('src', i.dataset.src);
          })).observe(document.documentElement, { childList: true, subtree: true });
        </script>
        """;

    // Each site's own search URL (DOMAIN.md); the query and page are read by the page's script.
    private static readonly Dictionary<string, string[]> SearchRoutes = new()
    {
        ["tokopedia"] = ["/tokopedia/search"],
        ["shopee"] = ["/shopee/search"],
        ["bukalapak"] = ["/bukalapak/products"],
        ["lazada"] = ["/lazada/catalog"],   // routing ignores the trailing slash of /catalog/
        ["blibli"] = ["/blibli/cari/{q}"],
    };

    // The real-shaped search APIs (SandboxApis): faults aimed at search pages hit them too.
    private static readonly string[] ApiPaths = ["/graphql/", "/api/v4/search/", "/multistrategy-products", "/backend/search/"];

    internal static bool IsSearch(string path)
    {
        path = path.TrimEnd('/');
        return path.Contains("/api/search", StringComparison.Ordinal) || ApiPaths.Any(a => path.Contains(a, StringComparison.Ordinal))
            || SearchRoutes.Values.SelectMany(r => r).Any(r => r.Contains('{') ? path.StartsWith(r[..r.IndexOf('{')], StringComparison.Ordinal) : path == r);
    }

    // Field names follow the real search APIs (../shared/data/api-captures) where they agree: name, price, shop.
    private static object FreshResponse(FreshCatalogue fresh, SandboxSite site, string q, int page, int pageSize)
    {
        var items = fresh.Page(site.Name, q, page, pageSize);
        foreach (var item in items) fresh.Remember(site.ProductPath(item), item);
        return Response(items, FreshCatalogue.Pages * pageSize, site, q);
    }

    private static object SearchResponse(IReadOnlyList<CatalogueItem> hits, SandboxSite site, string q, int page, int pageSize) =>
        Response(hits.Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize), hits.Count, site, q);

    private static object Response(IEnumerable<CatalogueItem> slice, int total, SandboxSite site, string q)
    {
        return new
        {
            data = new
            {
                totalData = total,
                products = slice.Select(i => new
                {
                    id = i.Id,
                    name = i.Title,
                    url = site.ProductUrl(i, q),
                    price = Rupiah(i.PriceIdr) + (i.PriceMaxIdr is { } max ? " - " + Rupiah(max) : ""),
                    rating = i.Rating?.ToString("0.0", CultureInfo.InvariantCulture),
                    soldLabel = i.Sold,
                    isTopAds = i.Sponsored,
                    imageUrl = $"/{site.Name}/img/{i.Id}.jpg",
                    shop = new { name = i.Shop, url = site.ShopPath(i), city = i.ShopLocation },
                }),
            },
        };
    }

    public static string Rupiah(long value) => "Rp" + value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    private static string DetailPage(SandboxSite site, CatalogueItem i)
    {
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        return $"""
            <!doctype html><html lang="id"><head><meta charset="utf-8"><title>{H(i.Title)} | {site.Name}</title></head>
            <body><main id="pdp" data-marketplace="{site.Name}">
            <h1 data-testid="lblPDPDetailProductName" class="pdp-title">{H(i.Title)}</h1>
            <div data-testid="lblPDPDetailProductPrice" class="pdp-price">{Rupiah(i.PriceIdr)}</div>
            <a data-testid="llbPDPFooterShopName" class="pdp-shop" href="{H(site.ShopPath(i) ?? "#")}">{H(i.Shop)}</a>
            <span class="pdp-location">{H(i.ShopLocation)}</span>
            <div {DescriptionMarkup[site.Name]}>{H(i.Description).Replace("\n", "<br>")}</div>
            </main></body></html>
            """;
    }

    // Where each storefront puts a listing's description; the profiles' Detail:Description selects these.
    private static readonly Dictionary<string, string> DescriptionMarkup = new()
    {
        ["tokopedia"] = "data-testid=\"lblPDPDescriptionProduk\"",
        ["shopee"] = "class=\"product-detail__content\"",
        ["bukalapak"] = "class=\"c-information__description-txt\"",
        ["lazada"] = "class=\"html-content detail-content\"",
        ["blibli"] = "class=\"product-description__content\"",
    };

    private static string IndexPage() =>
        "<!doctype html><title>MarketWatch sandbox</title><h1>Sandbox marketplaces</h1><ul>"
        + "<li><a href=\"/tokopedia/search?q=unblock+imei&page=1\">tokopedia</a></li>"
        + "<li><a href=\"/shopee/search?keyword=unblock+imei&page=0\">shopee</a></li>"
        + "<li><a href=\"/bukalapak/products?search%5Bkeywords%5D=unblock+imei&page=1\">bukalapak</a></li>"
        + "<li><a href=\"/lazada/catalog/?q=unblock+imei&page=1\">lazada</a></li>"
        + "<li><a href=\"/blibli/cari/unblock%20imei?page=1\">blibli</a></li></ul>";

    /// <summary>Until Ctrl+C or SIGTERM (the host's console lifetime hears those) or the token fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
