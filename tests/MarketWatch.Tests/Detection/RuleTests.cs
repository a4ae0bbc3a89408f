using MarketWatch.Detection;

namespace MarketWatch.Tests.Detection;

/// <summary>Each built-in rule fires on the wording it is for and stays quiet on its near miss.</summary>
public class RuleTests
{
    private static readonly Detector Rules = new(new DetectionOptions());

    private static IEnumerable<string> Fired(string title, string? description = null, long? price = null) =>
        Rules.Detect(new ListingText(title, description, price)).Reasons
            .Select(r => System.Text.RegularExpressions.Regex.Match(r, @"\(([a-z-]+) [+-]\d").Groups[1].Value).Where(n => n.Length > 0);

    [Theory]
    [InlineData("imei-service", "Jasa Unblock IMEI iPhone", "Jasa Unblock Bootloader Xiaomi")]
    [InlineData("imei-service", "Inject IMEI Android permanen", "Inject kuota Telkomsel 10GB")]
    [InlineData("imei-service-after", "IMEI by brand Samsung ready", "IMEI tercantum di dus")]
    [InlineData("imei-for-sale", "Jual IMEI Oppo murah", "Jual HP Oppo murah")]
    [InlineData("signal-unlock", "Buka sinyal iPhone inter 3 bulan", "Sinyal kuat semua operator")]
    [InlineData("imei-cheap-goods", "IMEI Xiaomi bersih 1 nomor", "Xiaomi Redmi 13 bersih mulus")]
    [InlineData("no-imei-service", "Kami tidak melayani unblock IMEI", "Kami melayani unblock IMEI")]
    [InlineData("already-registered", "Sudah registrasi IMEI di bandara", "Bisa registrasi IMEI di bandara")]
    [InlineData("imei-by-brand-title", "[READY] IMEI Samsung lolos cek", "Samsung A15 IMEI lolos cek")]
    [InlineData("legal-phone-wording", "Samsung A15 8/256 IMEI Terdaftar", "IMEI Terdaftar Samsung 1 nomor")]
    [InlineData("second-hand-phone", "iPhone 11 Second mulus", "iPhone 11 baru segel")]
    [InlineData("modem-or-repair", "Modem 4G unlock all operator", "Unlock IMEI all operator")]
    public void Rule_fires_on_its_wording_and_not_on_the_near_miss(string rule, string fires, string quiet)
    {
        Assert.Contains(rule, Fired(fires));
        Assert.DoesNotContain(rule, Fired(quiet));
    }

    [Fact]
    public void Cheap_valid_imei_rule_needs_both_a_valid_imei_and_an_imei_price()
    {
        Assert.Contains("cheap-valid-imei", Fired("Stok Samsung", "IMEI 353320119514433", 25_000));
        Assert.DoesNotContain("cheap-valid-imei", Fired("Stok Samsung", "IMEI 353320119514433", 2_500_000));
        Assert.DoesNotContain("cheap-valid-imei", Fired("Stok Samsung", "IMEI 353320119514434", 25_000));   // bad check digit
    }

    [Fact]
    public void Brand_mismatch_and_tac_brand_come_from_the_tac_directory()
    {
        var detector = new Detector(new DetectionOptions(), tacs: new TacDirectory(new Dictionary<string, TacInfo> { ["35332011"] = new("Apple", "iPhone 6") }));
        var samsung = detector.Detect(new ListingText("IMEI Samsung 1 pcs", "353320119514433", 20_000));
        Assert.Contains(samsung.Reasons, r => r.Contains("valid IMEI 353320119514433 (Apple iPhone 6)"));
        Assert.Contains(samsung.Reasons, r => r.Contains("brand-mismatch") && r.Contains("names samsung"));
        var apple = detector.Detect(new ListingText("IMEI iPhone 1 pcs", "353320119514433", 20_000));
        Assert.DoesNotContain(apple.Reasons, r => r.Contains("brand-mismatch"));
        Assert.True(samsung.Score > apple.Score);
    }

    [Fact]
    public void Imei_offered_elsewhere_adds_cloning_evidence()
    {
        var alone = Rules.Detect(new ListingText("Stok ready", "IMEI 353320119514433", 500_000));
        var self = new ImeiHolder("tokopedia", "100", "/shop-a");
        DetectionContext Knowing(params ImeiHolder[] holders) =>
            new(self, new KnownImeis(new Dictionary<string, IReadOnlyList<ImeiHolder>> { ["353320119514433"] = [self, .. holders] }));
        var sameSeller = Rules.Detect(new ListingText("Stok ready", "IMEI 353320119514433", 500_000), Knowing(self with { ProductId = "99" }));
        var shared = Rules.Detect(new ListingText("Stok ready", "IMEI 353320119514433", 500_000),
            Knowing(self with { ProductId = "99" }, new ImeiHolder("shopee", "7", "/shop-a")));
        Assert.Contains(shared.Reasons, r => r.Contains("also offered in 2 other listing(s), 1 of them by other sellers: cloning evidence"));
        Assert.True(shared.Score > sameSeller.Score && sameSeller.Score > alone.Score, "another seller weighs more than the same seller relisting");
    }

    [Fact]
    public void Threshold_is_configurable()
    {
        var strict = new Detector(new DetectionOptions { Threshold = 0.99 });
        var result = strict.Detect(new ListingText("Unblock IMEI iPhone", null, 150_000));
        Assert.InRange(result.Score, 0.5, 0.99);
        Assert.False(result.Flagged);
    }
}
