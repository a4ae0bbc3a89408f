using MarketWatch.Marketplaces;
using MarketWatch.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace MarketWatch.Tests.Marketplaces;

/// <summary>
/// The real API responses of ../shared/data/api-captures (outside the repository; skipped when absent), read through
/// each profile's capture rule in appsettings.json: every product of each file, with the core fields complete.
/// </summary>
public class RealCaptureTests
{
    private static readonly Lazy<MarketplaceCatalog> Catalog = new(() => MarketplaceCatalog.FromConfiguration(
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppPaths.RepositoryRoot, "appsettings.json")).Build()));

    // How many products each capture holds (counted by hand from the files' product arrays; Tokopedia's 15 display
    // ads sit in another operation's data and are not search results).
    public static TheoryData<string, string, int> Captures => new()
    {
        { "tokopedia", "tokopedia/tokopedia_categoryproducts_graphql_response.json", 60 },
        { "shopee", "shopee/shopee_id_search_items_api_response.json", 28 },
        { "bukalapak", "bukalapak/bukalapak_products_api_response_handphone.json", 50 },
        { "bukalapak", "bukalapak/bukalapak_recommendation_api_response.json", 12 },
        { "blibli", "blibli/blibli_search_kaos_api_response.json", 32 },
        { "blibli", "blibli/blibli_search_samsung_api_response.json", 24 },
    };

    [SkippableTheory, MemberData(nameof(Captures))]
    public void Every_product_of_a_real_capture_is_read_with_its_core_fields(string marketplace, string file, int products)
    {
        var path = SharedData.Path_(Path.Combine("api-captures", file));
        SharedData.Require(path);
        var profile = Catalog.Value.Get(marketplace);
        var host = new Uri(profile.BaseUrl).Host;

        var page = new ListingExtractor().ExtractCapture(profile, File.ReadAllText(path), path, new Uri(profile.BaseUrl + "/"), null);

        Assert.True(page.Kind == PageKind.Listings, $"{file}: {page.Kind}; problems: {string.Join("; ", page.Problems)}");
        Assert.Equal(ListingSource.Capture, page.Source);
        Assert.Equal(products, page.Listings.Count);
        Assert.All(page.Listings, l =>
        {
            var label = $"{file} #{l.Position} '{l.Title}'";
            Assert.False(string.IsNullOrWhiteSpace(l.Title), label);
            Assert.True(l.PriceIdr > 0, $"{label}: price {l.PriceIdr}");
            Assert.True(Uri.TryCreate(l.Url, UriKind.Absolute, out var url) && url.Host == host && url.Scheme == "https", $"{label}: url {l.Url}");
            Assert.False(string.IsNullOrWhiteSpace(l.ProductId), $"{label}: no product id");
            Assert.False(string.IsNullOrWhiteSpace(l.Shop), $"{label}: no shop");
        });
    }

    [SkippableFact]
    public void Shopee_prices_are_read_in_rupiah_not_in_the_apis_hundred_thousandths()
    {
        var path = SharedData.Path_("api-captures/shopee/shopee_id_search_items_api_response.json");
        SharedData.Require(path);
        var profile = Catalog.Value.Get("shopee");
        var first = new ListingExtractor().ExtractCapture(profile, File.ReadAllText(path), path, new Uri("https://shopee.co.id/"), null).Listings[0];
        Assert.Equal(187_000, first.PriceIdr);   // "price": 18700000000
        Assert.Equal("https://shopee.co.id/product/121235261/11156976313", first.Url);
        Assert.Equal("121235261.11156976313", first.ProductId);
    }

    [SkippableFact]
    public void A_product_detail_response_is_not_taken_for_search_results()
    {
        var path = SharedData.Path_("api-captures/blibli/blibli_product_detail_api_response.json");
        SharedData.Require(path);
        var page = new ListingExtractor().ExtractCapture(Catalog.Value.Get("blibli"), File.ReadAllText(path), path, new Uri("https://www.blibli.com/"), null);
        Assert.Equal(PageKind.ExtractorBroken, page.Kind);
        Assert.Contains(page.Problems, p => p.Contains("no products at $.data.products[*]"));
    }
}
