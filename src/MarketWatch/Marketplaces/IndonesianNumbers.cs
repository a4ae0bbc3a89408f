using System.Globalization;
using System.Text.RegularExpressions;

namespace MarketWatch.Marketplaces;

/// <summary>Prices and counts as Indonesian storefronts print them: "Rp1.299.000", "Rp 1,2jt", "5rb+ terjual".</summary>
public static partial class IndonesianNumbers
{
    // A number, an optional unit glued to it (or after one space for jt/rb/ribu/juta), never a percentage.
    [GeneratedRegex(@"(?<![\d.,])(\d+(?:[.,]\d+)*)(?:\s?(jt|juta|rb|ribu)\b|(k)\b)?(?!\s*%|[\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    /// <summary>Low end and, for a range "Rp3.000 - Rp18.900", the high end.</summary>
    public static (long? Low, long? High) ParsePrice(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var values = Amount().Matches(text).Select(ParseAmount).OfType<long>().ToList();
        return values.Count switch
        {
            0 => (null, null),
            1 => (values[0], null),
            _ => (values.Min(), values.Max()),
        };
    }

    public static long? ParseCount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var m = Amount().Match(text);
        return m.Success ? ParseAmount(m) : null;
    }

    private static long? ParseAmount(Match m)
    {
        var number = m.Groups[1].Value;
        var unit = (m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value).ToLowerInvariant();
        var multiplier = unit switch { "jt" or "juta" => 1_000_000m, "rb" or "ribu" or "k" => 1_000m, _ => 1m };
        if (multiplier > 1)
            // With a unit, a comma or dot is a decimal point: "1,2jt" = 1,200,000.
            return decimal.TryParse(number.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? (long)(v * multiplier) : null;
        // Without one, dots group thousands ("1.299.000"); a comma followed by exactly two digits at the end is
        // the rupiah's cents ("150.000,00"), any other comma groups thousands too.
        if (number.Length > 3 && number[^3] == ',') number = number[..^3];
        return long.TryParse(number.Replace(".", "").Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var whole) ? whole : null;
    }

    /// <summary>"4.9", "4,9", "4,9/5", "4.9 (120)" -> 4.9; anything outside 0..5 is not a rating.</summary>
    public static double? ParseRating(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var m = RatingNumber().Match(text);
        return m.Success && double.TryParse(m.Value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 5 ? r : null;
    }

    [GeneratedRegex(@"\d+(?:[.,]\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex RatingNumber();
}
