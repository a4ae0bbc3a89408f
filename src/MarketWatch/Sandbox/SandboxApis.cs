using System.Globalization;
using System.Text.Json;
using MarketWatch.Marketplaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MarketWatch.Sandbox;

/// <summary>
/// The search APIs the storefronts' pages render from, at their real paths (under /&lt;name&gt;/) and in the shapes of
/// the real responses (../shared/data/api-captures; Tokopedia's search operation and Lazada's ajax listing from
/// public descriptions of them): so a crawl of the sandbox reads its listings from captured responses, as it would
/// on the live sites. The search pages' scripts call these and build their cards from them.
/// </summary>
internal static class SandboxApis
{
    /// <summary>One page of search results: the hits and how many there are in all.</summary>
    public delegate (IReadOnlyList<CatalogueItem> Items, int Total) Search(SandboxSite site, string query, int page);

    public static void Map(WebApplication app, SandboxSite site, Search search, int pageSize)
    {
        switch (site.Name)
        {
            case "tokopedia":
                // GraphQL, batched as the real page sends it: [{"operationName": ..., "variables": {"params": "q=..&page=.."}}]
                app.MapPost("/tokopedia/graphql/{operation}", async (HttpContext c) =>
                {
                    using var body = await JsonDocument.ParseAsync(c.Request.Body);
                    var ops = body.RootElement.ValueKind == JsonValueKind.Array ? body.RootElement.EnumerateArray().ToList() : [body.RootElement];
                    return Results.Json(ops.Select(op =>
                    {
                        var vars = op.TryGetProperty("variables", out var v) && v.TryGetProperty("params", out var p) ? p.GetString() ?? "" : "";
                        var query = System.Web.HttpUtility.ParseQueryString(vars);
                        var (items, total) = search(site, query["q"] ?? "", int.TryParse(query["page"], out var n) ? n : 1);
                        return Tokopedia(site, c, items, total, query["q"] ?? "");
                    }).ToList());   // before the request's document is disposed
                });
                break;
            case "shopee":
                app.MapGet("/shopee/api/v4/search/search_items", (string? keyword, int? newest, int? limit) =>
                {
                    var page = (newest ?? 0) / Math.Max(1, limit ?? pageSize) + 1;
                    var (items, total) = search(site, keyword ?? "", page);
                    return Results.Json(new
                    {
                        total_count = total, nomore = page * pageSize >= total,
                        items = items.Select(i => new { itemid = long.Parse(i.Id), shopid = SandboxSite.ShopNumber(i), item_basic = Shopee(i) }),
                    });
                });
                break;
            case "bukalapak":
                app.MapGet("/bukalapak/multistrategy-products", (HttpContext c, string? keywords, int? page) =>
                {
                    var (items, total) = search(site, keywords ?? "", page ?? 1);
                    return Results.Json(new { data = items.Select(i => Bukalapak(site, c, i, keywords ?? "")), meta = new { total, page = page ?? 1 } });
                });
                break;
            case "lazada":
                break;   // the same URL as the search page, with ajax=true: answered in LazadaAjax
            case "blibli":
                app.MapGet("/blibli/backend/search/products", (string? searchTerm, int? page) =>
                {
                    var (items, total) = search(site, searchTerm ?? "", page ?? 1);
                    return Results.Json(new
                    {
                        code = 200, status = "OK",
                        data = new
                        {
                            searchTerm, paging = new { page = page ?? 1, item_per_page = pageSize, total_item = total, total_page = (total + pageSize - 1) / pageSize },
                            products = items.Select(i => Blibli(site, i, searchTerm ?? "")),
                        },
                    });
                });
                break;
        }
    }

    /// <summary>Lazada's listing JSON (?ajax=true on the catalog URL): the same mods.listItems its page embeds.</summary>
    public static object LazadaAjax(SandboxSite site, HttpContext c, IReadOnlyList<CatalogueItem> items, int total, string q, int page) => new
    {
        mainInfo = new { q, page = page.ToString(CultureInfo.InvariantCulture), totalResults = total.ToString(CultureInfo.InvariantCulture) },
        mods = new
        {
            listItems = items.Select((i, n) => new
            {
                name = i.Title, nid = i.Id, itemId = i.Id, image = $"/lazada/img/{i.Id}.jpg",
                itemUrl = "//" + c.Request.Host + site.ProductUrl(i, q),   // protocol-relative, as the real one
                price = i.PriceIdr.ToString(CultureInfo.InvariantCulture), priceShow = Price(i),
                ratingScore = i.Rating?.ToString("0.0", CultureInfo.InvariantCulture), sellerName = i.Shop, location = i.ShopLocation,
                itemSoldCntShow = i.Sold, isSponsored = i.Sponsored, listNo = n,
            }),
        },
    };

    private static string Origin(HttpContext c) => $"{c.Request.Scheme}://{c.Request.Host}";
    private static string Price(CatalogueItem i) => SandboxServer.Rupiah(i.PriceIdr) + (i.PriceMaxIdr is { } max ? " - " + SandboxServer.Rupiah(max) : "");
    private static long? SoldCount(CatalogueItem i) => IndonesianNumbers.ParseCount(i.Sold);

    private static object Tokopedia(SandboxSite site, HttpContext c, IReadOnlyList<CatalogueItem> items, int total, string q) => new
    {
        data = new
        {
            ace_search_product_v4 = new
            {
                header = new { totalData = total },
                data = new
                {
                    products = items.Select(i => new
                    {
                        id = long.Parse(i.Id), name = i.Title, url = Origin(c) + site.ProductUrl(i, q), imageUrl = $"/tokopedia/img/{i.Id}.jpg",
                        price = Price(i), ratingAverage = i.Rating?.ToString("0.0", CultureInfo.InvariantCulture), isTopads = i.Sponsored,
                        labelGroups = i.Sold is null ? [] : new[] { new { position = "integrity", title = i.Sold, type = "textDarkGrey" } },
                        shop = new { id = SandboxSite.ShopNumber(i), name = i.Shop, url = Origin(c) + site.ShopPath(i), city = i.ShopLocation },
                    }),
                },
            },
        },
    };

    // Shopee counts money in hundred-thousandths of a rupiah.
    private static object Shopee(CatalogueItem i) => new
    {
        itemid = long.Parse(i.Id), shopid = SandboxSite.ShopNumber(i), name = i.Title, currency = "IDR",
        price = i.PriceIdr * 100_000, price_min = i.PriceIdr * 100_000, price_max = (i.PriceMaxIdr ?? i.PriceIdr) * 100_000,
        historical_sold = SoldCount(i), sold = SoldCount(i), image = "sandbox-" + i.Id, shop_location = i.ShopLocation,
        item_rating = new { rating_star = i.Rating ?? 0 }, is_ad = i.Sponsored,
    };

    private static object Bukalapak(SandboxSite site, HttpContext c, CatalogueItem i, string q) => new
    {
        id = SandboxSite.Base36(i.Id), name = i.Title, price = i.PriceIdr, url = Origin(c) + site.ProductUrl(i, q), promoted = i.Sponsored,
        images = new { large_urls = new[] { $"{Origin(c)}/bukalapak/img/{i.Id}.jpg" } },
        rating = new { average_rate = i.Rating ?? 0, user_count = 0 }, stats = new { sold_count = SoldCount(i) ?? 0 },
        store = new { name = i.Shop, url = Origin(c) + site.ShopPath(i), address = new { city = i.ShopLocation } },
    };

    // Blibli's search links are relative to the site ("/p/..."): the sandbox's storefront prefix is left off.
    private static object Blibli(SandboxSite site, CatalogueItem i, string q) => new
    {
        id = SandboxSite.BlibliSku(i), sku = SandboxSite.BlibliSku(i), merchantCode = SandboxSite.MerchantCode(i), merchantName = i.Shop, name = i.Title,
        url = site.ProductUrl(i, q)["/blibli".Length..],
        price = new { priceDisplay = Price(i), minPrice = i.PriceIdr }, images = new[] { $"/blibli/img/{i.Id}.jpg" },
        review = new { absoluteRating = i.Rating }, soldRangeCount = new { id = i.Sold }, location = i.ShopLocation,
    };
}
