using System.Text.Json;
using MarketWatch.Marketplaces;

namespace MarketWatch.Tests.Marketplaces;

/// <summary>The field-map language on small responses written here, and the order of sources: capture, embedded, DOM.</summary>
public class CaptureExtractionTests
{
    private const string Response = """
        [{"data":{"search":{"products":[
          {"id":11,"name":"Unblock IMEI 3 Bulan","price":{"min":15000000000},"shop":{"id":7,"name":"Toko A"},
           "labels":[{"pos":"promo","title":"Diskon"},{"pos":"integrity","title":"1rb+ terjual"}],"images":["/i/11.jpg"]},
          {"id":12,"name":"Casing HP","price":{"display":"Rp25.000"},"shop":{"id":8},"labels":[],"images":[]}
        ]}}}]
        """;

    private static MarketplaceProfile Profile(string? card = "div.card") => new()
    {
        Name = "mart", BaseUrl = "https://mart.example", SearchUrl = "{base}/s?q={query}&p={page}", Card = card ?? "",
        Fields = new FieldSelectors { Title = ".t", Url = "a@href" }, BlockedMarker = "#captcha", NoResultsMarker = ".empty",
        Capture = new NetworkCaptureRule
        {
            UrlPattern = "/graphql", Items = ["$.nothing[*]", "$[*].data.search.products[*]"],
            Fields = new()
            {
                ["Title"] = "name", ["Url"] = "{base}/p/{shop.id}/{id}", ["ProductId"] = "{shop.id}.{id}", ["Price"] = "price.min / 100000 ?? price.display",
                ["Shop"] = "shop.name ?? {shop.id}", ["Sold"] = "labels[pos=integrity].title", ["Image"] = "images[0]",
            },
        },
    };

    private static readonly CapturedResponse[] Captured = [new("https://mart.example/graphql", 200, null, "application/json", Response)];
    private const string Cards = "<div class='card'><a class='t' href='/p/1'>From the DOM</a></div>";

    [Fact]
    public void Paths_filters_indexes_templates_and_alternatives_read_each_product()
    {
        var page = new ListingExtractor().Extract(Profile(), Cards, new Uri("https://mart.example/s"), Captured, "https://mart.example");

        Assert.Equal(ListingSource.Capture, page.Source);
        Assert.Collection(page.Listings,
            a =>
            {
                Assert.Equal(("7.11", "https://mart.example/p/7/11", 150_000L, "Toko A"), (a.ProductId, a.Url, a.PriceIdr!.Value, a.Shop!));
                Assert.Equal((1000L, "https://mart.example/i/11.jpg"), (a.SoldCount!.Value, a.ImageUrl!));
            },
            b =>
            {
                Assert.Equal(("8.12", 25_000L, "8"), (b.ProductId, b.PriceIdr!.Value, b.Shop!));   // the second alternative of each
                Assert.Null(b.SoldCount);
                Assert.Null(b.ImageUrl);
            });
        Assert.Equal([new PathCount("$.nothing[*]", 0), new PathCount("$[*].data.search.products[*]", 2)], page.Captures![0].ItemCounts);
    }

    [Fact]
    public void Base_in_a_template_is_the_runs_base_so_sandbox_links_stay_on_the_sandbox()
    {
        var page = new ListingExtractor().Extract(Profile(), "", new Uri("http://127.0.0.1:5081/mart/s"), Captured, "http://127.0.0.1:5081/mart");
        Assert.Equal("http://127.0.0.1:5081/mart/p/7/11", page.Listings[0].Url);
    }

    [Fact]
    public void Without_a_capture_the_dom_cards_are_read_and_the_page_says_why()
    {
        var page = new ListingExtractor().Extract(Profile(), Cards, new Uri("https://mart.example/s"), [], "https://mart.example");
        Assert.Equal(ListingSource.Dom, page.Source);
        Assert.Equal("From the DOM", Assert.Single(page.Listings).Title);
        Assert.Contains("capture: no response matched '/graphql'", page.Problems);
    }

    [Fact]
    public void Neither_capture_nor_cards_nor_a_no_results_marker_is_extractor_broken_naming_both()
    {
        var page = new ListingExtractor().Extract(Profile(), "<p>new look</p>", new Uri("https://mart.example/s"), [], "https://mart.example");
        Assert.Equal(PageKind.ExtractorBroken, page.Kind);
        Assert.Equal(["card selector 'div.card' matched nothing", "capture: no response matched '/graphql'"], page.Problems);
    }

    [Fact]
    public void A_block_page_is_blocked_even_when_its_scripts_loaded_products()
    {
        var page = new ListingExtractor().Extract(Profile(), "<div id='captcha'></div>", new Uri("https://mart.example/s"), Captured, "https://mart.example");
        Assert.Equal(PageKind.Blocked, page.Kind);
        Assert.Empty(page.Listings);
    }

    [Theory]
    [InlineData("$.a[", "not closed")]
    [InlineData("a..b", "empty property name")]
    [InlineData("a[x]", "is not [*], [N] or [key=value]")]
    public void A_bad_path_is_refused_with_where_it_is_wrong(string path, string message)
    {
        var e = Assert.Throws<FormatException>(() => JsonPath.Parse(path));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Whole_json_numbers_lose_their_decimal_point_so_rupiah_are_not_read_as_thousands()
    {
        using var doc = JsonDocument.Parse("""{"p":99000.0,"r":4.5}""");
        Assert.Equal("99000", FieldExpression.Parse("p").Read(doc.RootElement, ""));
        Assert.Equal("4.5", FieldExpression.Parse("r").Read(doc.RootElement, ""));
    }
}
