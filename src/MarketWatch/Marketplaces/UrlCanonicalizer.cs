namespace MarketWatch.Marketplaces;

/// <summary>
/// One listing keeps one URL across crawls: only the query parameters its profile names as identity are
/// kept (sorted), everything else (search ids, positions, tracking) and the fragment are dropped. The URL
/// stays percent-encoded, as a browser would send it.
/// </summary>
public static class UrlCanonicalizer
{
    public static Uri Canonicalize(Uri url, IReadOnlyCollection<string>? keep = null)
    {
        var kept = keep is null || keep.Count == 0
            ? []
            : url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(pair => keep.Contains(Uri.UnescapeDataString(pair.Split('=')[0]), StringComparer.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        var builder = new UriBuilder(url) { Fragment = "", Query = kept.Count == 0 ? "" : string.Join('&', kept) };
        builder.Host = builder.Host.ToLowerInvariant();
        if (builder.Uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri;
    }

    public static bool IsWeb(Uri url) => url.Scheme is "http" or "https";

    /// <summary>Absolute, escaped form: "%20" stays "%20", non-ASCII stays percent-encoded.</summary>
    public static string Text(Uri url) => url.AbsoluteUri;
}
