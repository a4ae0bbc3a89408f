using MarketWatch.Detection;

namespace MarketWatch.Tests.Detection;

public class DetectorTests
{
    private readonly Detector _detector = new(new DetectionOptions());

    private DetectionResult Detect(string title, string? description = null, long? price = null) =>
        _detector.Detect(new ListingText(title, description, price));

    [Theory]
    [InlineData("Unblock IMEI iPhone Inter All Operator 3 Bulan", 150_000)]
    [InlineData("BUKA BLOKIR IMEI (All Operator) - 1 Bulan, 3 Bulan, Garansi Resmi", 250_000)]
    [InlineData("JUAL IMEI BERSIH PER BRAND Samsung Xiaomi", 15_000)]
    [InlineData("Jasa Inject IMEI Android Permanen", 350_000)]
    [InlineData("buka sinyal iPhone inter 3 bulan", 150_000)]
    [InlineData("UNBL0CK 1MEI Android Inter", 125_000)]
    public void Flags_imei_offers(string title, long price)
    {
        var result = Detect(title, price: price);
        Assert.True(result.Flagged, $"score {result.Score}: {string.Join("; ", result.Reasons)}");
        Assert.NotEmpty(result.Reasons);
    }

    [Theory]
    [InlineData("Samsung Galaxy A15 8/256 IMEI TERDAFTAR Garansi Resmi", 2_899_000)]
    [InlineData("Modem 4G Unlock All Operator", 350_000)]
    [InlineData("Jasa Ganti LCD iPhone 11", 450_000)]
    [InlineData("iPad 9 Wifi Only Resmi - Tidak Perlu Registrasi IMEI", 4_999_000)]
    [InlineData("Casing HP Oppo A3X Bening", 15_000)]
    public void Does_not_flag_hard_negatives(string title, long price)
    {
        var result = Detect(title, price: price);
        Assert.False(result.Flagged, $"score {result.Score}: {string.Join("; ", result.Reasons)}");
    }

    [Fact]
    public void Cheap_listing_carrying_a_valid_imei_gets_the_price_signal()
    {
        var withPrice = Detect("Stok ready Samsung", "IMEI: 353320119514433", 25_000);
        var expensive = Detect("Stok ready Samsung", "IMEI: 353320119514433", 3_500_000);
        Assert.Contains(withPrice.Reasons, r => r.Contains("cheap-valid-imei") && r.Contains("353320119514433"));
        Assert.True(withPrice.Score > expensive.Score);
    }

    [Fact]
    public void Invalid_imei_numbers_are_kept_as_evidence_with_their_status()
    {
        var result = Detect("IMEI 353320119514434 dan 000000000000000");
        Assert.Empty(result.ValidImeis);
        Assert.Contains(result.Reasons, r => r.Contains("353320119514434: bad-check-digit"));
        Assert.Contains(result.Reasons, r => r.Contains("000000000000000: placeholder"));
    }

    [Fact]
    public void A_configured_rule_list_replaces_the_built_in_rules()
    {
        var custom = new Detector(new DetectionOptions
        {
            Rules = [new DetectionRule { Name = "only-this", Pattern = @"\bpulsa\b", Weight = 6, Reason = "test rule" }],
        });
        Assert.True(custom.Detect(new ListingText("Pulsa murah", null, null)).Flagged);
        Assert.False(custom.Detect(new ListingText("Unblock IMEI iPhone", null, null)).Flagged);
    }
}
