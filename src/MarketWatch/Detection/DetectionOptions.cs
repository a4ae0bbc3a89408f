namespace MarketWatch.Detection;

/// <summary>Bound from the "Detection" section. Rules match normalised text (lower case, de-obfuscated).</summary>
public sealed class DetectionOptions
{
    public double Threshold { get; set; } = 0.5;
    public double Bias { get; set; } = -3.0;
    public double CheapValidImeiWeight { get; set; } = 2.5;
    /// <summary>Empty means the built-in rules below; a configured list replaces them entirely.</summary>
    public List<DetectionRule> Rules { get; set; } = [];

    public static List<DetectionRule> DefaultRules() =>
    [
        new() { Name = "imei-service", Weight = 5.0, Reason = "phrase offering an IMEI service",
            Pattern = @"\b(?:jasa\s+)?(?:unblock|unlock|buka\s*blokir|aktivasi|registrasi|regist|daftar|pendaftaran|inject|suntik|tanam|ganti|rubah|ubah|repair|copy|isi|clone|kloning|cloning)\s+(?:\w+\s+)?imei\b" },
        new() { Name = "imei-unblocked-service", Weight = 5.0, Reason = "phrase offering an IMEI service",
            Pattern = @"\bimei\s+(?:unblock|unlock|inject|injection|clone|cloning|bersih\s+per\s+brand|by\s+brand|per\s+brand)\b" },
        new() { Name = "imei-for-sale", Weight = 4.5, Reason = "IMEI numbers sold as goods",
            Pattern = @"\b(?:jual|jualan|sedia|ready)\s+imei\b|\bimei\s+(?:\w+\s+)?(?:1|satu)\s*pcs\b" },
        new() { Name = "signal-unlock", Weight = 4.0, Reason = "signal unlock service for foreign phones",
            Pattern = @"\bbuka\s+sinyal\b(?!\s+all\s+operator\s+(?:ok|aman))" },
        new() { Name = "imei-cheap-goods", Weight = 3.5, Reason = "IMEI sold by the piece or number",
            Pattern = @"^[^\n]*\bimei\b[^\n]*\b(?:pcs|nomor|per\s+brand|bersih)\b" },
        new() { Name = "no-registration-needed", Weight = -6.0, Reason = "says no IMEI registration is needed (a legal device)",
            Pattern = @"\b(?:tidak|tak|gak|nggak|ga|tanpa)\s+(?:perlu\s+)?(?:registrasi|daftar|unblock|unlock)\s+imei\b" },
        new() { Name = "legal-phone-wording", Weight = -2.5, Reason = "wording of a legal phone sale",
            Pattern = @"\bimei\s+(?:terdaftar|aman|resmi|official)\b|\bbebas\s+blokir\b" },
        new() { Name = "modem-or-repair", Weight = -2.5, Reason = "modem, bootloader or repair service, not an IMEI offer",
            Pattern = @"\b(?:modem|mifi|bootloader|ganti\s+lcd|flashing)\b" },
    ];
}
