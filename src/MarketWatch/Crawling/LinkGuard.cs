using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MarketWatch.Crawling;

/// <summary>
/// The origin policy of one marketplace: where anything a crawl fetches may go, a link, a robots.txt redirect or a
/// request of the browser. Scraped pages are attacker-controlled, so only the profile's own origins (scheme, host and
/// port of its base URL and of its <c>ExtraOrigins</c>) are allowed, only by http(s), and never at a link-local or
/// cloud metadata address, nor at a private or loopback one unless the marketplace itself is local (the sandbox,
/// tests, an operator's mirror on 127.0.0.1). A host name is resolved and every address it has is checked too, so a
/// marketplace's name cannot be pointed at the metadata service (DNS rebinding).
/// </summary>
public sealed class LinkGuard
{
    private static readonly TimeSpan ResolvedFor = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<string, (IPAddress[] Addresses, DateTime At)> Resolved = new(StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> MetadataNames = new(StringComparer.OrdinalIgnoreCase)
        { "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal" };
    private static readonly IPAddress[] MetadataAddresses =
        [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("169.254.170.2"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("fd00:ec2::254")];

    private readonly HashSet<string> _origins;
    private readonly bool _sandbox, _local;

    /// <param name="origins">Absolute http(s) URLs; only their scheme, host and port count.</param>
    /// <param name="sandbox">The crawl targets the sandbox: local addresses of the allowed origins are expected.</param>
    public LinkGuard(IEnumerable<string> origins, bool sandbox)
    {
        var uris = origins.Select(o => new Uri(o, UriKind.Absolute)).ToList();
        _origins = uris.Select(Origin).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _sandbox = sandbox;
        // A marketplace configured at a local address was chosen by the operator: its own origins may be local.
        _local = sandbox || uris.Any(u => IsLocalName(u.Host) || Literal(u) is { } ip && Classify(ip) is AddressKind.Private or AddressKind.Loopback);
    }

    /// <summary>The guard for a marketplace at <paramref name="baseUrl"/>, with the extra origins its profile declares.</summary>
    public static LinkGuard For(string baseUrl, IEnumerable<string>? extraOrigins, bool sandbox) => new([baseUrl, .. extraOrigins ?? []], sandbox);

    /// <summary>The allowed origins, as <c>scheme://host[:port]</c>.</summary>
    public IReadOnlySet<string> Origins => _origins;

    /// <summary>Null when the URL may be fetched, else why not. Checks the URL as written; <see cref="RefuseAsync"/> resolves names too.</summary>
    public string? Refuse(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Refuse(uri) : "not an absolute URL";

    public string? Refuse(Uri uri)
    {
        var scheme = uri.Scheme switch { "ws" => "http", "wss" => "https", var s => s };   // a WebSocket belongs to its http(s) origin
        if (scheme is not ("http" or "https")) return $"scheme '{uri.Scheme}' is not http(s)";
        if (MetadataNames.Contains(uri.IdnHost.TrimEnd('.'))) return $"host '{uri.Host}' is a cloud metadata service";
        var literal = Literal(uri);
        if (literal is not null && Check(literal) is { } bad) return $"address '{uri.Host}' {bad}";
        if (!_origins.Contains(Origin(uri, scheme)))
            return !_sandbox && (IsLocalName(uri.Host) || literal is not null && Classify(literal) != AddressKind.Public)
                ? $"address '{uri.Host}' is private or loopback"   // a link into the local network is the worst kind: a scraped page reaching our side
                : $"host '{uri.Authority}' is not a host of this marketplace";
        if (!_local && IsLocalName(uri.Host)) return $"address '{uri.Host}' is private or loopback";
        return null;
    }

    /// <summary>
    /// As <see cref="Refuse(Uri)"/>, and a host name must not resolve to an address the policy refuses (a public
    /// marketplace name answering 169.254.169.254 or 10.0.0.1). A name that does not resolve is let through: the
    /// fetch itself then fails, with the network's own message.
    /// </summary>
    public async Task<string?> RefuseAsync(Uri uri, CancellationToken ct = default)
    {
        if (Refuse(uri) is { } why) return why;
        if (Literal(uri) is not null || IsLocalName(uri.Host)) return null;
        var host = uri.IdnHost;
        IPAddress[] addresses;
        if (Resolved.TryGetValue(host, out var known) && DateTime.UtcNow - known.At < ResolvedFor) addresses = known.Addresses;
        else
        {
            try { addresses = await Dns.GetHostAddressesAsync(host, ct); }
            catch (SocketException) { return null; }
            Resolved[host] = (addresses, DateTime.UtcNow);
        }
        foreach (var address in addresses)
            if (Check(address) is { } bad) return $"host '{uri.Host}' resolves to {address}, which {bad}";
        return null;
    }

    private string? Check(IPAddress ip) => Classify(ip) switch
    {
        AddressKind.Metadata => "is a cloud metadata service",
        AddressKind.LinkLocal => "is link-local",
        AddressKind.Unspecified => "is unspecified (it means this machine)",
        AddressKind.Private or AddressKind.Loopback when !_local => "is private or loopback",
        _ => null,
    };

    private enum AddressKind { Public, Private, Loopback, LinkLocal, Metadata, Unspecified }

    private static AddressKind Classify(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (MetadataAddresses.Any(ip.Equals)) return AddressKind.Metadata;
        if (IPAddress.IsLoopback(ip)) return AddressKind.Loopback;
        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) return AddressKind.Unspecified;
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (ip.IsIPv6LinkLocal) return AddressKind.LinkLocal;
            return ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal ? AddressKind.Private : AddressKind.Public;
        }
        var b = ip.GetAddressBytes();
        if (b[0] == 169 && b[1] == 254) return AddressKind.LinkLocal;
        if (b[0] == 0) return AddressKind.Unspecified;
        return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and <= 127)
            ? AddressKind.Private : AddressKind.Public;
    }

    private static IPAddress? Literal(Uri uri) => uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
        && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;

    private static bool IsLocalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static string Origin(Uri uri) => Origin(uri, uri.Scheme);

    private static string Origin(Uri uri, string scheme) =>
        uri.IsDefaultPort || (scheme == "http" && uri.Port == 80) || (scheme == "https" && uri.Port == 443)
            ? $"{scheme}://{uri.IdnHost}" : $"{scheme}://{uri.IdnHost}:{uri.Port}";
}
