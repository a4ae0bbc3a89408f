using System.Globalization;
using System.Resources;
using MarketWatch.Review.Localisation;

namespace MarketWatch.Exports;

/// <summary>
/// Column headers for people: each machine name (what scripts, `train` and the tests read, and the CLI's default) has
/// an English label here, translated like every other string of the workspace (Text.id.resx). JSON keeps the machine
/// names whatever is asked: it is for programs.
/// </summary>
public static class ColumnLabels
{
    public const string Machine = "machine";
    public static readonly string[] Choices = [Machine, "id", "en"];

    private static readonly Dictionary<string, string> English = new()
    {
        ["marketplace"] = "Marketplace", ["product_id"] = "Product id", ["listing_url"] = "Listing URL", ["title"] = "Title",
        ["seller_name"] = "Seller", ["seller_url"] = "Seller URL", ["price_idr"] = "Price (Rp)", ["first_seen_utc"] = "First seen (UTC)",
        ["last_seen_utc"] = "Last seen (UTC)", ["reason"] = "Reason", ["reasons"] = "Reasons", ["reviewer"] = "Reviewed by", ["decided_at_utc"] = "Decided (UTC)",
        ["evidence_captured_at_utc"] = "Evidence captured (UTC)", ["evidence_html_sha256"] = "Evidence HTML SHA-256",
        ["evidence_screenshot_sha256"] = "Evidence screenshot SHA-256", ["evidence_snapshot_sha256"] = "Evidence snapshot SHA-256", ["imei"] = "IMEI", ["tac"] = "TAC", ["brand"] = "Brand", ["model"] = "Model",
        ["listings"] = "Listings", ["sellers"] = "Sellers", ["listing_urls"] = "Listing URLs", ["flagged"] = "Flagged", ["score"] = "Score",
        ["review_status"] = "Review status", ["valid_imeis"] = "Valid IMEIs", ["model_version"] = "Model version", ["sightings"] = "Sightings",
        ["decision"] = "Decision", ["decision_note"] = "Decision note", ["case_id"] = "Case",
    };

    /// <summary>The culture that "machine", "id" or "en" (or a web reader's culture) asks for; null for the machine names.</summary>
    public static CultureInfo? Culture(string? choice) => choice?.Trim().ToLowerInvariant() switch
    {
        null or "" or Machine => null,
        var c when Text.Supported(c) is { } culture => CultureInfo.GetCultureInfo(culture),
        var c => throw new ExportException($"unknown headers '{c}' (one of: {string.Join(", ", Choices)})"),
    };

    public static string[] For(string[] columns, CultureInfo? culture) => culture is null ? columns : columns.Select(c => Label(c, culture)).ToArray();

    /// <summary>A label in the culture's language: the English label, translated by the workspace's resources.</summary>
    public static string Label(string column, CultureInfo culture) => Say(English.GetValueOrDefault(column, column), culture);

    private static readonly ResourceManager Resources = new(typeof(Text));

    /// <summary>An English text of the workspace in the culture's language (English: itself).</summary>
    public static string Say(string english, CultureInfo culture)
    {
        if (culture.TwoLetterISOLanguageName == "en") return english;
        // English is the neutral language and has no resource file, so a text missing from Text.id.resx makes the
        // ResourceManager throw; an export then shows the English text instead of failing (ColumnLabelTests keeps
        // every column translated).
        try { return Resources.GetString(english, culture) ?? english; }
        catch (MissingManifestResourceException) { return english; }
    }

    /// <summary>Whether the culture's resources hold a translation of the text (for the tests).</summary>
    public static bool Translated(string english, CultureInfo culture)
    {
        try { return Resources.GetString(english, culture) is not null; }
        catch (MissingManifestResourceException) { return false; }
    }

    /// <summary>Each machine column's English label, null for a column with none.</summary>
    public static string? EnglishLabel(string column) => English.GetValueOrDefault(column);
}
