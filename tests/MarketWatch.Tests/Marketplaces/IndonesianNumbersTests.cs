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
    [InlineData("Rp150.000,00", 150_000L, null)]
    [InlineData("Rp1.999.000 -50%", 1_999_000L, null)]
    [InlineData("Rp 2,5 juta", 2_500_000L, null)]
    [InlineData("15k", 15_000L, null)]
    [InlineData("", null, null)]
    public void Parses_prices(string text, long? low, long? high) => Assert.Equal((low, high), IndonesianNumbers.ParsePrice(text));

    [Theory]
    [InlineData("5rb+ terjual", 5_000L)]
    [InlineData("1,2rb terjual", 1_200L)]
    [InlineData("100+ terjual", 100L)]
    [InlineData("12 terjual", 12L)]
    [InlineData("5 kali terjual", 5L)]
    [InlineData("10rb+", 10_000L)]
    public void Parses_sold_counts(string text, long expected) => Assert.Equal(expected, IndonesianNumbers.ParseCount(text));

    [Theory]
    [InlineData("4.9", 4.9)]
    [InlineData("4,9/5", 4.9)]
    [InlineData("4.8 (1.234)", 4.8)]
    [InlineData("9.5", null)]
    [InlineData("", null)]
    public void Parses_ratings(string text, double? expected) => Assert.Equal(expected, IndonesianNumbers.ParseRating(text));

    [Theory]
    [InlineData("https://www.tokopedia.com/shop/item-123?extParam=ivf%3Dfalse&utm_source=x", "", "https://www.tokopedia.com/shop/item-123")]
    [InlineData("https://shopee.co.id/item-i.1.2?sp_atk=abc&xptdk=def#reviews", "", "https://shopee.co.id/item-i.1.2")]
    [InlineData("https://www.blibli.com/p/x/ps--ABC-1-2?pid=9&ds=ABC-1-2-00001&source=SEARCH", "ds", "https://www.blibli.com/p/x/ps--ABC-1-2?ds=ABC-1-2-00001")]
    [InlineData("https://WWW.Lazada.co.id:443/products/hp%20baru-i5.html?spm=a2o4j", "", "https://www.lazada.co.id/products/hp%20baru-i5.html")]
    public void Canonical_urls_keep_only_identity_parameters_and_stay_encoded(string url, string keep, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Text(UrlCanonicalizer.Canonicalize(new Uri(url), keep.Length == 0 ? [] : keep.Split(','))));
}
