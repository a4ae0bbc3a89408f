using System.Text.RegularExpressions;

namespace MarketWatch.Detection;

/// <summary>Phone brands as sellers name them and as TAC directories spell them, on one canonical name.</summary>
public static partial class Brands
{
    private static readonly (string Canonical, string[] Names)[] Table =
    [
        ("apple", ["apple", "iphone", "ipad"]),
        ("samsung", ["samsung", "galaxy"]),
        ("xiaomi", ["xiaomi", "redmi", "poco"]),
        ("oppo", ["oppo"]),
        ("vivo", ["vivo", "iqoo"]),
        ("realme", ["realme"]),
        ("infinix", ["infinix"]),
        ("tecno", ["tecno"]),
        ("huawei", ["huawei"]),
        ("honor", ["honor"]),
        ("asus", ["asus", "rog"]),
        ("google", ["google", "pixel"]),
        ("sony", ["sony", "xperia"]),
        ("nokia", ["nokia", "hmd"]),
        ("motorola", ["motorola", "moto"]),
        ("oneplus", ["oneplus"]),
        ("lenovo", ["lenovo"]),
    ];

    /// <summary>Every spelling sellers use for a brand ("galaxy", "redmi", ...).</summary>
    public static IEnumerable<string> Names => Table.SelectMany(t => t.Names);

    [GeneratedRegex(@"[a-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>Canonical brands named in normalised listing text, in order of first mention.</summary>
    public static IReadOnlyList<string> Mentioned(string normalizedText)
    {
        var found = new List<string>();
        foreach (Match m in Word().Matches(normalizedText))
            if (Canonical(m.Value) is { } b && !found.Contains(b)) found.Add(b);
        return found;
    }

    /// <summary>A TAC directory's brand ("Samsung Korea", "Apple Inc") on the same canonical name, or null.</summary>
    public static string? OfManufacturer(string manufacturer)
    {
        foreach (Match m in Word().Matches(manufacturer.ToLowerInvariant()))
            if (Canonical(m.Value) is { } b) return b;
        return null;
    }

    private static string? Canonical(string word)
    {
        foreach (var (canonical, names) in Table)
            if (Array.IndexOf(names, word) >= 0) return canonical;
        return null;
    }
}
