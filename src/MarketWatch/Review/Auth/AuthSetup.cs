using System.Security.Claims;
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
    private const string StampClaim = "mw:stamp";

    public static IServiceCollection AddReviewAuth(this IServiceCollection services, ReviewOptions options)
    {
        services.AddSingleton(options).AddSingleton<Accounts>();
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

    public static ClaimsPrincipal Principal(User user, DateTime issuedAt) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.Name),
        new Claim(ClaimTypes.Role, user.Role), new Claim(StampClaim, user.SecurityStamp),
        new Claim("mw:signed-in", issuedAt.ToString("O")),
    ], CookieAuthenticationDefaults.AuthenticationScheme));

    // A disabled account, a changed password or role, or a session older than the hard limit ends the session
    // at the next request, not when the cookie would have expired.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<ReviewOptions>();
        var principal = context.Principal!;
        var signedIn = DateTime.TryParse(principal.FindFirstValue("mw:signed-in"), null, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : DateTime.MinValue;
        var ok = DateTime.UtcNow - signedIn < TimeSpan.FromHours(options.SessionMaxHours);
        if (ok && long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync();
            var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.SecurityStamp, u.Role, u.DisabledAt }).FirstOrDefaultAsync();
            ok = user is not null && user.DisabledAt is null && user.SecurityStamp == principal.FindFirstValue(StampClaim)
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
