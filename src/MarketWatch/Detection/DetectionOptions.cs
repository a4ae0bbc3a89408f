namespace MarketWatch.Detection;

/// <summary>Bound from the "Detection" section. Rules match normalised text (lower case, de-obfuscated).</summary>
public sealed class DetectionOptions
{
    public double Threshold { get; set; } = 0.5;
    /// <summary>Multiplies the classifier's log-odds in the sum.</summary>
    public double ClassifierWeight { get; set; } = 1.0;
    /// <summary>Prior log-odds when no classifier is loaded (rules alone).</summary>
    public double RulesOnlyBias { get; set; } = -1.5;
    public double CheapValidImeiWeight { get; set; } = 2.0;
    public double BrandMismatchWeight { get; set; } = 1.0;
    public double SharedImeiWeight { get; set; } = 1.5;
    /// <summary>Trained model to use; empty means the one built from fixtures/training on first start.</summary>
    public string? ModelPath { get; set; }
    /// <summary>Where the first-start model is cached; empty means DATA/models.</summary>
    public string? ModelCacheDir { get; set; }
    /// <summary>Optional slang lexicon CSV (slang,formal,...), applied after normalisation.</summary>
    public string? SlangLexicon { get; set; }
    /// <summary>Empty means the built-in rules below; a configured list replaces them entirely.</summary>
    public List<DetectionRule> Rules { get; set; } = [];

    public static List<DetectionRule> DefaultRules() =>
    [
        new() { Name = "imei-service", Requires = ["imei"], Weight = 3.0, Reason = "phrase offering an IMEI service",
            Pattern = @"\b(?:unblock|unlock|buka\s*blokir|aktivasi|registrasi|regist|daftar|pendaftaran|inject|suntik|tanam|ganti|rubah|ubah|repair|copy|isi|clone|kloning|cloning)\s+(?:\w+\s+)?imei\b" },
        new() { Name = "imei-service-after", Requires = ["imei"], Weight = 3.0, Reason = "phrase offering an IMEI service",
            Pattern = @"\bimei\s+(?:unblock|unlock|inject|injection|clone|cloning|bersih\s+per\s+brand|by\s+brand|per\s+brand)\b" },
        new() { Name = "imei-for-sale", Requires = ["imei"], Weight = 3.0, Reason = "IMEI numbers sold as goods",
            Pattern = @"\b(?:jual|jualan|sedia|ready)\s+imei\b|\bimei\s+(?:\w+\s+)?(?:1|satu)\s*pcs\b" },
        new() { Name = "signal-unlock", Requires = ["sinyal"], Weight = 2.5, Reason = "signal unlock service for foreign phones",
            Pattern = @"\b(?:buka|open)\s+sinyal\b" },
        new() { Name = "imei-cheap-goods", Requires = ["imei"], Weight = 2.0, Reason = "IMEI sold by the piece or number",
            Pattern = @"^[^\n]*\bimei\b[^\n]*\b(?:pcs|nomor|per\s+brand|bersih)\b" },
        new() { Name = "no-imei-service", Requires = ["registrasi", "daftar", "unblock", "unlock", "inject", "suntik", "sinyal", "blokir"], Weight = -5.0, Reason = "says it is not an IMEI service or needs none (a legal device)",
            Pattern = @"\b(?:tidak|tdk|tak|gak|gk|nggak|ngga|ga|enggak|tanpa|bukan|no)\s+(?:perlu\s+|melayani\s+|menerima\s+|menjual\s+|jual\s+|ada\s+|bisa\s+|hp\s+hasil\s+|hasil\s+)?(?:jasa\s+)?(?:registrasi|daftar|unblock|unlock|inject|suntik|buka\s+sinyal|buka\s+blokir)(?:\s+imei)?\b" },
        new() { Name = "already-registered", Requires = ["registrasi", "daftar"], Weight = -2.5, Reason = "the device was already registered (a legal phone)",
            Pattern = @"\b(?:sudah|sdh|telah|udah)\s+(?:di\s*)?(?:registrasi|daftar|terdaftar)\b" },
        new() { Name = "imei-by-brand-title", Requires = ["imei"], Weight = 2.0, Reason = "title sells an IMEI by brand",
            Pattern = @"^(?:\W*\w+\W+)?imei\s+(?:samsung|iphone|apple|xiaomi|redmi|poco|oppo|vivo|realme|infinix|tecno|huawei|asus|pixel|google|sony|nokia|motorola|android|ios|semua\s+merk|all\s+brand)\b" },
        // "IMEI terdaftar" alone is said by phone sellers and IMEI sellers alike; with memory specs in the title it is a phone.
        new() { Name = "legal-phone-wording", Requires = ["imei", "blokir"], Weight = -1.5, Reason = "a phone with specs in its title, described as registered",
            Pattern = @"^(?=[^\n]*\b(?:\d{1,2}\s*/\s*\d{2,4}|\d{2,4}\s*gb)\b)[\s\S]*?\b(?:imei\s+(?:terdaftar|aman|resmi|official)|bebas\s+blokir)\b" },
        new() { Name = "second-hand-phone", Weight = -1.5, Reason = "a used phone for sale (sellers print its IMEI for buyers to check)",
            Pattern = @"^[^\n]*\b(?:second|seken|bekas|2nd|tukar\s+tambah|pemakaian\s+sendiri|like\s+new|ex\s+display)\b" },
        // Written after the sandbox's end-to-end test caught the tree model flagging a guidebook on checking IMEIs (not from the holdout):
        // buyers are told to check an IMEI before they buy, and material teaching that is no offer.
        new() { Name = "imei-check-guide", Requires = ["cek", "check"], Weight = -4.0, Reason = "a guide to checking an IMEI before buying, not an IMEI offer",
            Pattern = @"\b(?:buku|ebook|panduan|tutorial|tips|cara)\b[^\n]{0,40}?\b(?:cek|check|mengecek)\s+imei\b" },
        new() { Name = "modem-or-repair", Requires = ["modem", "mifi", "bootloader", "lcd", "flashing"], Weight = -1.5, Reason = "modem, bootloader or repair service, not an IMEI offer",
            Pattern = @"\b(?:modem|mifi|bootloader|ganti\s+lcd|flashing)\b" },
    ];
}
