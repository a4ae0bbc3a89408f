using System.Globalization;
using System.Text.RegularExpressions;

namespace MarketWatch.Marketplaces;

/// <summary>Prices and counts as Indonesian storefronts print them: "Rp1.299.000", "Rp 1,2jt", "5rb+ terjual".</summary>
public static partial class IndonesianNumbers
{
    [GeneratedRegex(@"(\d+(?:[.,]\d+)*)\s*(jt|juta|rb|ribu|k)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    /// <summary>Low end and, for a range "Rp3.000 - Rp18.900", the high end.</summary>
    public static (long? Low, long? High) ParsePrice(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var values = Amount().Matches(text).Select(m => ParseAmount(m)).Where(v => v.HasValue).ToList();
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
        var unit = m.Groups[2].Value.ToLowerInvariant();
        var multiplier = unit switch { "jt" or "juta" => 1_000_000m, "rb" or "ribu" or "k" => 1_000m, _ => 1m };
        decimal value;
        if (multiplier > 1)
            // With a unit, a comma or dot is a decimal point: "1,2jt" = 1,200,000.
            value = decimal.Parse(number.Replace(',', '.'), CultureInfo.InvariantCulture);
        else
            // Without one, dots and commas group thousands: "1.299.000".
            value = decimal.Parse(number.Replace(".", "").Replace(",", ""), CultureInfo.InvariantCulture);
        return (long)(value * multiplier);
    }

    public static double? ParseRating(string? text) =>
        double.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 5
            ? r : null;
}
