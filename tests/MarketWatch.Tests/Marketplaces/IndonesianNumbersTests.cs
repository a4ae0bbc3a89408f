using MarketWatch.Marketplaces;

namespace MarketWatch.Tests.Marketplaces;

public class IndonesianNumbersTests
{
    [Theory]
    [InlineData("Rp1.299.000", 1_299_000L, null)]
    [InlineData("Rp 1,2jt", 1_200_000L, null)]
    [InlineData("Rp10rb", 10_000L, null)]
    [InlineData("Rp3.000 - Rp18.900", 3_000L, 18_900L)]
    [InlineData("Rp150.000", 150_000L, null)]
    [InlineData("", null, null)]
    public void Parses_prices(string text, long? low, long? high) => Assert.Equal((low, high), IndonesianNumbers.ParsePrice(text));

    [Theory]
    [InlineData("5rb+ terjual", 5_000L)]
    [InlineData("1,2rb terjual", 1_200L)]
    [InlineData("100+ terjual", 100L)]
    [InlineData("12 terjual", 12L)]
    public void Parses_sold_counts(string text, long expected) => Assert.Equal(expected, IndonesianNumbers.ParseCount(text));

    [Theory]
    [InlineData("https://www.tokopedia.com/shop/item-123?extParam=ivf%3Dfalse&utm_source=x", "https://www.tokopedia.com/shop/item-123")]
    [InlineData("https://shopee.co.id/item-i.1.2?sp_atk=abc&xptdk=def#reviews", "https://shopee.co.id/item-i.1.2")]
    [InlineData("https://www.lazada.co.id/products/x-i5.html?spm=a2o4j&variant=2", "https://www.lazada.co.id/products/x-i5.html?variant=2")]
    public void Canonical_urls_drop_tracking_parameters(string url, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(new Uri(url)).ToString());
}
