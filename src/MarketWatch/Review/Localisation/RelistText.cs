using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace MarketWatch.Review.Localisation;

/// <summary>Why a listing looks relisted, as stored by Pipeline (Relisting.cs, ListingWriter.cs), in the reader's language.</summary>
public static partial class RelistText
{
    [GeneratedRegex(@"^same IMEI (\d+) as an earlier listing$")] private static partial Regex SameImei();
    [GeneratedRegex(@"^reappeared after (\d+) days away$")] private static partial Regex Reappeared();

    public static string Translate(IStringLocalizer t, string? reason) => reason switch
    {
        null => "",
        "same seller, near-identical title" => t[reason],
        _ when SameImei().Match(reason) is { Success: true } m => t["same IMEI {0} as an earlier listing", m.Groups[1].Value],
        _ when Reappeared().Match(reason) is { Success: true } m => t["reappeared after {0} days away", m.Groups[1].Value],
        _ => reason,
    };
}
