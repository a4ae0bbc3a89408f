using System.Net;

namespace MarketWatch.Crawling;

/// <summary>
/// Which links a crawl may follow. Scraped pages are attacker-controlled: a listing link to another host,
/// to a private or loopback address (outside sandbox mode) or to a non-web scheme is recorded, not followed.
/// </summary>
public sealed class LinkGuard(IReadOnlySet<string> allowedHosts, bool sandbox)
{
    public IReadOnlySet<string> AllowedHosts => allowedHosts;

    /// <summary>Null when the URL may be fetched, else why not.</summary>
    public string? Refuse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "not an absolute URL";
        if (uri.Scheme is not ("http" or "https")) return $"scheme '{uri.Scheme}' is not http(s)";
        if (allowedHosts.Contains(uri.Authority)) return null;   // the configured hosts, even a local one an operator chose
        // A link into the local network is the worst kind: a scraped page trying to reach our side.
        if (!sandbox && IsPrivate(uri)) return $"address '{uri.Host}' is private or loopback";
        return $"host '{uri.Authority}' is not a host of this marketplace";
    }

    private static bool IsPrivate(Uri uri)
    {
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip)) return false;
        if (ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal) return true;
        var b = ip.MapToIPv4().GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) || b[0] == 0;
    }
}
