namespace MarketWatch.Review;

/// <summary>Listing and shop URLs come from scraped pages: only an absolute http(s) URL becomes a link.</summary>
public static class Links
{
    public static string? Http(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u.AbsoluteUri : null;
}
