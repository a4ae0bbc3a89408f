using System.Security.Claims;
using System.Security.Cryptography;
using MarketWatch.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Review.Auth;

/// <summary>
/// Cookie sign-in for the review workspace. Every endpoint requires a signed-in user (the fallback
/// policy), except the sign-in page and the static stylesheet and script; admin-only actions check the role.
/// </summary>
public static class AuthSetup
{
    public const string AdminPolicy = "admin";
    private const string StampClaim = "mw:stamp", SessionClaim = "mw:session";

    public static IServiceCollection AddReviewAuth(this IServiceCollection services, ReviewOptions options)
    {
        services.AddSingleton(options).AddSingleton<Accounts>().AddWebSecurity(options);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "mw.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;   // 127.0.0.1 is plain http; behind TLS the cookie is Secure
            o.ExpireTimeSpan = TimeSpan.FromMinutes(options.SessionIdleMinutes);
            o.SlidingExpiration = true;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/denied";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = ValidateAsync;
            // Fetch/XHR callers get a status, not an HTML redirect.
            o.Events.OnRedirectToLogin = c => Redirect(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Redirect(c, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        return services;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (HttpMethods.IsGet(c.Request.Method) && !c.Request.Headers.Accept.ToString().Contains("application/json")) c.Response.Redirect(c.RedirectUri);
        else c.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>Starts a session for a user who just proved their password: a row the cookie names, and the principal to sign in.</summary>
    public static async Task<ClaimsPrincipal> StartSessionAsync(MarketWatchDb db, User user, string from, TimeSpan maxAge, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var stale = now - maxAge;
        await db.Sessions.Where(x => x.CreatedAt < stale).ExecuteDeleteAsync(ct);   // past the hard limit: no cookie can use them
        var session = new UserSession { Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), UserId = user.Id, CreatedAt = now, From = from };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Role, user.Role), new Claim(StampClaim, user.SecurityStamp), new Claim(SessionClaim, session.Id),
            new Claim("mw:signed-in", now.ToString("O")),
        ], CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Sign-out: the session's row goes, so the cookie (and any copy of it) is refused from the next request on.</summary>
    public static Task EndSessionAsync(MarketWatchDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var id = user.FindFirstValue(SessionClaim);
        return db.Sessions.Where(x => x.Id == id).ExecuteDeleteAsync(ct);
    }

    // A disabled account, a changed password or role, an ended session, or a session older than the hard limit ends
    // the session at the next request, not when the cookie would have expired.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<ReviewOptions>();
        var principal = context.Principal!;
        var signedIn = DateTime.TryParse(principal.FindFirstValue("mw:signed-in"), null, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : DateTime.MinValue;
        var ok = DateTime.UtcNow - signedIn < TimeSpan.FromHours(options.SessionMaxHours);
        var session = principal.FindFirstValue(SessionClaim);
        if (ok && session is not null && long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync();
            var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
                .Select(u => new { u.SecurityStamp, u.Role, u.DisabledAt, Live = db.Sessions.Any(x => x.Id == session && x.UserId == id) }).FirstOrDefaultAsync();
            ok = user is not null && user.Live && user.DisabledAt is null && user.SecurityStamp == principal.FindFirstValue(StampClaim)
                && user.Role == principal.FindFirstValue(ClaimTypes.Role);
        }
        else ok = false;
        if (!ok)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}
