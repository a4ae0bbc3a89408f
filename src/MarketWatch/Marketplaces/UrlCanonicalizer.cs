namespace MarketWatch.Marketplaces;

/// <summary>Strips tracking parameters and fragments so one listing keeps one URL across crawls.</summary>
public static class UrlCanonicalizer
{
    private static readonly string[] TrackingPrefixes = ["utm_", "extparam", "src", "trkid", "search_id", "sp_atk", "xptdk", "spm", "clickTrackInfo", "from", "whid", "ref", "_"];

    public static Uri Canonicalize(Uri url)
    {
        var kept = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !TrackingPrefixes.Any(t => pair.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var builder = new UriBuilder(url) { Fragment = "", Query = kept.Count == 0 ? "" : string.Join('&', kept) };
        builder.Host = builder.Host.ToLowerInvariant();
        if (builder.Uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri;
    }
}
