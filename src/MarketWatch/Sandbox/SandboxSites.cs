using System.Globalization;
using System.Text;

namespace MarketWatch.Sandbox;

/// <summary>
/// The five storefronts' URL shapes (DOMAIN.md), so each profile's search-URL template and product-id
/// pattern work on the sandbox exactly as on the real site. Ids are derived from the catalogue id, stably.
/// </summary>
public sealed record SandboxSite(string Name, Func<CatalogueItem, string> ProductPath, Func<CatalogueItem, string?> ShopPath)
{
    public static readonly IReadOnlyList<SandboxSite> All =
    [
        new("tokopedia", i => $"/tokopedia/{i.ShopSlug}/{i.Slug}-{i.Id}", i => $"/tokopedia/{i.ShopSlug}"),
        new("shopee", i => $"/shopee/{TitleSlug(i.Title)}-i.{ShopNumber(i)}.{i.Id}", i => $"/shopee/shop/{ShopNumber(i)}"),
        new("bukalapak", i => $"/bukalapak/p/handphone/aksesoris-handphone/{Base36(i.Id)}-jual-{i.Slug}", i => $"/bukalapak/u/{i.ShopSlug}"),
        new("lazada", i => $"/lazada/products/{i.Slug}-i{i.Id}-s{long.Parse(i.Id) % 100_000_000 + 100_000_000}.html", _ => null),
        new("blibli", i => $"/blibli/p/{i.Slug}/ps--{BlibliSku(i)}", i => $"/blibli/merchant/{MerchantCode(i)}"),
    ];

    /// <summary>Every path a listing's page answers at: Shopee's also at /product/SHOP/ITEM, the form its API's ids build.</summary>
    public IEnumerable<string> Paths(CatalogueItem i) =>
        Name == "shopee" ? [ProductPath(i), $"/shopee/product/{ShopNumber(i)}/{i.Id}"] : [ProductPath(i)];

    public static SandboxSite? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>The URL a search result links to; Blibli's carries its variant parameter, as the real one does.</summary>
    public string ProductUrl(CatalogueItem i, string query) => Name switch
    {
        "tokopedia" => ProductPath(i) + "?extParam=src%3Dsearch%26keyword%3D" + Uri.EscapeDataString(query),
        "shopee" => ProductPath(i) + "?sp_atk=" + Guid.NewGuid(),
        "bukalapak" => ProductPath(i) + "?from=list-product&pos=" + (Math.Abs(i.Id.GetHashCode()) % 50 + 1),
        "lazada" => ProductPath(i) + "?spm=a2o4j.searchlist.list.1&search=1",
        _ => ProductPath(i) + $"?ds={BlibliSku(i)}-00001&source=SEARCH&sid={Guid.NewGuid():N}",
    };

    private static string TitleSlug(string title)
    {
        var sb = new StringBuilder();
        foreach (var c in title)
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        return sb.ToString().Trim('-');
    }

    private static long Stable(string s)
    {
        long h = 17;
        foreach (var c in s) h = (h * 31 + c) % 1_000_000_007;
        return h;
    }

    internal static long ShopNumber(CatalogueItem i) => 100_000_000 + Stable(i.ShopSlug) % 900_000_000;
    internal static string MerchantCode(CatalogueItem i) =>
        new string(i.ShopSlug.Where(char.IsAsciiLetter).Take(3).Select(char.ToUpperInvariant).ToArray()).PadRight(3, 'X') + "-" + (10_000 + Stable(i.ShopSlug) % 90_000);
    internal static string BlibliSku(CatalogueItem i) => $"{MerchantCode(i)}-{long.Parse(i.Id) % 90_000 + 10_000}";

    internal static string Base36(string id)
    {
        var n = long.Parse(id, CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        do { sb.Insert(0, "0123456789abcdefghijklmnopqrstuvwxyz"[(int)(n % 36)]); n /= 36; } while (n > 0);
        return sb.ToString();
    }
}
