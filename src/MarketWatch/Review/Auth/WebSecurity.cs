using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Review.Auth;

/// <summary>
/// What the web host believes about a request: its Host (configured names only), its client address and scheme
/// (from configured proxies only), and how many sign-ins one address may try (ASP.NET Core's rate limiter).
/// </summary>
public static class WebSecurity
{
    public const string SignInPolicy = "sign-in";
    /// <summary>Set on a sign-in post the rate limiter refused, with the wait: the page then says so and checks nothing.</summary>
    public const string AddressThrottled = "mw:address-throttled";

    public static IServiceCollection AddWebSecurity(this IServiceCollection services, ReviewOptions options)
    {
        // A page on another site whose name resolves to our address (DNS rebinding) gets 400. The host builder's own
        // host-filtering middleware applies this list before anything else runs.
        services.Configure<HostFilteringOptions>(o => o.AllowedHosts = [.. ReviewOptions.LoopbackHosts, .. options.AllowedHosts]);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;   // not the Host: that is checked as received
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();   // the default trusts loopback; only configured proxies are believed
            foreach (var network in options.ProxyNetworks()) o.KnownIPNetworks.Add(network);
            o.ForwardLimit = null;       // walk back through every configured proxy in the chain, stop at the first other address
        });
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInAttemptsPerAddress, Window = TimeSpan.FromSeconds(options.SignInWindowSeconds), QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("page"));
            o.OnRejected = async (context, _) =>
            {
                // The refusal is shown on the sign-in page itself (429, Retry-After): its handler sees the mark and checks nothing.
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(options.SignInWindowSeconds);
                context.HttpContext.Items[AddressThrottled] = wait;
                if (context.HttpContext.GetEndpoint()?.RequestDelegate is { } page) await page(context.HttpContext);
                else context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            };
        });
        // The TempData cookie carries generated passwords to the next page: as strict as the session cookie.
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "mw.tempdata";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
        });
        return services.AddSingleton(TimeProvider.System).AddSingleton<SignInThrottle>().AddSingleton<TrustedBrowsers>();
    }

    /// <summary>Before anything reads the client address or the scheme (the cookies' Secure flag follows the scheme).</summary>
    public static WebApplication UseForwardedHeadersFromProxies(this WebApplication app, ReviewOptions options)
    {
        if (options.TrustedProxies.Count > 0) app.UseForwardedHeaders();
        return app;
    }

    /// <summary>The client's address as the audit log records it (the forwarded one, behind a configured proxy).</summary>
    public static string ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } a ? (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToString() : "unknown";

    /// <summary>One bucket per IPv4 address, and per /64 for IPv6 (one host usually holds a whole /64).</summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
