using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace MarketWatch.Review.Auth;

/// <summary>
/// Browsers that signed in as a user before carry a signed cookie naming that user (OWASP's "device cookies"). A stranger
/// who slows a user name down with wrong passwords does not slow down the user's own browser; the browser's own failures
/// are counted apart, so a stolen cookie buys a guesser nothing more than a few tries.
/// </summary>
public sealed class TrustedBrowsers(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "mw.browser";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);
    private readonly IDataProtector _protector = protection.CreateProtector("MarketWatch.TrustedBrowser.v1");

    /// <summary>The browser's id when its cookie is genuine, recent and names this user; otherwise null.</summary>
    public string? Recognise(HttpRequest request, string name)
    {
        if (request.Cookies[CookieName] is not { Length: > 0 and < 1024 } value) return null;
        try
        {
            var parts = _protector.Unprotect(value).Split('\n');
            return parts.Length == 3 && parts[0] == Accounts.Normalize(name)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks) && clock.GetUtcNow().UtcTicks - ticks < Lifetime.Ticks
                ? parts[1] : null;
        }
        catch (CryptographicException) { return null; }   // altered, or made with a key we no longer have
    }

    /// <summary>(Re)issues the cookie after a good sign-in; only the sign-in page ever receives it.</summary>
    public void Remember(HttpContext http, string name, string? browserId)
    {
        var id = browserId ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(CookieName, _protector.Protect($"{Accounts.Normalize(name)}\n{id}\n{clock.GetUtcNow().UtcTicks}"), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/signin", MaxAge = Lifetime, IsEssential = true,
        });
    }
}
