namespace MarketWatch.Exports;

/// <summary>Section "Exports": who sends takedown requests, the letter they send, and how the PDF is typeset.</summary>
public sealed class ExportOptions
{
    public string SenderOrganisation { get; set; } = "Tim Penegakan MarketWatch";
    public string SenderContact { get; set; } = "enforcement-team@example.go.id";
    /// <summary>Subject line of the takedown letter; the same placeholders as the body.</summary>
    public string LetterSubject { get; set; } = "Permohonan penurunan {count} tautan penawaran IMEI ilegal di {marketplace}";
    /// <summary>Letter body. Placeholders: {marketplace} {count} {period} {date} {sender} {contact}. Blank lines separate paragraphs.</summary>
    public string LetterTemplate { get; set; } = TakedownLetter.DefaultTemplate;
    /// <summary>Culture of dates written in the letter ("7 Desember 2026").</summary>
    public string Culture { get; set; } = "id-ID";
    /// <summary>Days given with --since/--until are days in this zone.</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";
    /// <summary>TrueType faces for the PDF (PDFsharp needs font files on Linux).</summary>
    public string FontPath { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public string BoldFontPath { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public void Validate()
    {
        try { _ = Zone; }
        catch (TimeZoneNotFoundException) { throw new Marketplaces.ConfigurationException($"Exports:TimeZone: '{TimeZone}' is not a known time zone"); }
        try { _ = System.Globalization.CultureInfo.GetCultureInfo(Culture); }
        catch (System.Globalization.CultureNotFoundException) { throw new Marketplaces.ConfigurationException($"Exports:Culture: '{Culture}' is not a known culture"); }
        if (string.IsNullOrWhiteSpace(LetterTemplate)) throw new Marketplaces.ConfigurationException("Exports:LetterTemplate must not be empty");
    }
}
