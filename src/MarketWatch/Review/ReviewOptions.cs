using System.Net;
using MarketWatch.Marketplaces;

namespace MarketWatch.Review;

/// <summary>Section "Review": sign-in, sessions, the web host's trust settings and the queue.</summary>
public sealed class ReviewOptions
{
    /// <summary>A session ends after this long without a request (sliding), and at most after SessionMaxHours.</summary>
    public double SessionIdleMinutes { get; set; } = 60;
    public double SessionMaxHours { get; set; } = 10;
    /// <summary>
    /// Failed sign-ins in a row on one user name after which that name is slowed: the next attempt waits 30 s, and each
    /// further failure doubles the wait, up to LockoutMinutes. Browsers that signed in as that user before are not held back.
    /// </summary>
    public int LockoutFailures { get; set; } = 5;
    public double LockoutMinutes { get; set; } = 15;
    /// <summary>Sign-in attempts one client address may make per window, whatever the names (ASP.NET Core's rate limiter).</summary>
    public int SignInAttemptsPerAddress { get; set; } = 10;
    public double SignInWindowSeconds { get; set; } = 300;
    /// <summary>Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
    public List<string> TrustedProxies { get; set; } = [];
    /// <summary>Host names the UI answers to, besides localhost, 127.0.0.1 and [::1] (any port): others get 400 (DNS rebinding).</summary>
    public List<string> AllowedHosts { get; set; } = [];
    public int PageSize { get; set; } = 50;
    /// <summary>Sorted by uncertainty, the queue also shows unflagged listings scored up to this far below the threshold.</summary>
    public double UncertainBelow { get; set; } = 0.2;
    /// <summary>The language of a user who has not chosen one (and of the sign-in page): id-ID or en.</summary>
    public string DefaultCulture { get; set; } = "id-ID";
    /// <summary>The zone every time on the pages is shown in (stored times stay UTC).</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";
    /// <summary>For tests: a string with no translation shows as ⟦text⟧ instead of falling back to English.</summary>
    public bool MarkUntranslated { get; set; }

    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Checks every value, naming the key of the first bad one.</summary>
    public ReviewOptions Validate()
    {
        Positive(SessionIdleMinutes, nameof(SessionIdleMinutes));
        Positive(SessionMaxHours, nameof(SessionMaxHours));
        Positive(LockoutFailures, nameof(LockoutFailures));
        Positive(LockoutMinutes, nameof(LockoutMinutes));
        Positive(SignInAttemptsPerAddress, nameof(SignInAttemptsPerAddress));
        Positive(SignInWindowSeconds, nameof(SignInWindowSeconds));
        Positive(PageSize, nameof(PageSize));
        if (UncertainBelow is < 0 or >= 1) throw new ConfigurationException($"Review:UncertainBelow: {UncertainBelow} must be at least 0 and below 1");
        if (Localisation.Text.Supported(DefaultCulture) is not { } culture)
            throw new ConfigurationException($"Review:DefaultCulture: '{DefaultCulture}' is not one of {string.Join(", ", Localisation.Text.Cultures)}");
        DefaultCulture = culture;
        try { _ = TimeZoneInfo.FindSystemTimeZoneById(TimeZone); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        { throw new ConfigurationException($"Review:TimeZone: '{TimeZone}' is not a known time zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura, UTC)"); }
        for (var i = 0; i < TrustedProxies.Count; i++)
            if (!IPAddress.TryParse(TrustedProxies[i], out _) && !IPNetwork.TryParse(TrustedProxies[i], out _))
                throw new ConfigurationException($"Review:TrustedProxies:{i}: '{TrustedProxies[i]}' is not an IP address or a CIDR network (10.0.0.0/8)");
        for (var i = 0; i < AllowedHosts.Count; i++)
            if (!IsHostName(AllowedHosts[i]))
                throw new ConfigurationException($"Review:AllowedHosts:{i}: '{AllowedHosts[i]}' is not a host name (review.example.org, *.example.org, 192.0.2.7 or [2001:db8::7]; no scheme, port or path)");
        return this;
    }

    public IReadOnlyList<IPNetwork> ProxyNetworks() =>
        TrustedProxies.Select(p => IPNetwork.TryParse(p, out var n) ? n : new IPNetwork(IPAddress.Parse(p), IPAddress.Parse(p).GetAddressBytes().Length * 8)).ToList();

    private static bool IsHostName(string host)
    {
        var name = host.StartsWith("*.") ? host[2..] : host;
        if (name.StartsWith('[') && name.EndsWith(']')) return IPAddress.TryParse(name[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        return Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4;
    }

    private static void Positive(double value, string key)
    {
        if (!(value > 0)) throw new ConfigurationException($"Review:{key}: {value} must be greater than 0");
    }
}
