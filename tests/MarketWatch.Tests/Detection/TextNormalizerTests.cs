using MarketWatch.Detection;

namespace MarketWatch.Tests.Detection;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("UNBLOCK IMEI", "unblock imei")]
    [InlineData("unbl0ck 1MEI", "unblock imei")]
    [InlineData("Jasa 1m3i inject", "jasa imei inject")]
    [InlineData("i.m.e.i iphone", "imei iphone")]
    [InlineData("I M E I samsung", "imei samsung")]
    [InlineData("ＵＮＢＬＯＣＫ ＩＭＥＩ", "unblock imei")]
    [InlineData("🔥🔥 Buka   Blokir ✅ IMEI", "buka blokir imei")]
    [InlineData("𝐔𝐍𝐁𝐋𝐎𝐂𝐊 𝐈𝐌𝐄𝐈", "unblock imei")]
    [InlineData("IM3I Samsung", "imei samsung")]
    public void Undoes_seller_disguises(string input, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Theory]
    [InlineData("Oppo A3X 4/64 GB", "oppo a3x 4/64 gb")]
    [InlineData("iPhone 13PRO 128GB", "iphone 13pro 128gb")]
    [InlineData("Samsung S24 Ultra 5G", "samsung s24 ultra 5g")]
    public void Leaves_model_names_and_sizes_alone(string input, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(input));
}
