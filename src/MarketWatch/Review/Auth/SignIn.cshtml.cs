using MarketWatch.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review.Auth;

public enum SignInProblem { None, Missing, TooLong, Wrong, NameThrottled, AddressThrottled }

/// <summary>
/// The sign-in form. Posts are limited per client address (the rate limiter), then per user name (a growing delay that
/// a browser which signed in as that user before skips), and the answer never depends on whether the name exists.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(WebSecurity.SignInPolicy)]
[RequestSizeLimit(16 * 1024)]   // a name and a password, not megabytes: refused before the form is read
public sealed class SignInModel(IDbContextFactory<MarketWatchDb> dbFactory, Accounts accounts, SignInThrottle throttle, TrustedBrowsers browsers,
    ReviewOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Name { get; private set; }
    public SignInProblem Problem { get; private set; }
    public int WaitSeconds { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? name, string? password, CancellationToken ct)
    {
        if (HttpContext.Items[WebSecurity.AddressThrottled] is TimeSpan addressWait) return Refuse(SignInProblem.AddressThrottled, addressWait);
        Name = name?.Length <= Accounts.MaxNameLength ? name : null;
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password)) return Show(SignInProblem.Missing, StatusCodes.Status200OK);
        if (Accounts.Normalize(name).Length > Accounts.MaxNameLength || password.Length > Accounts.MaxPasswordLength) return Show(SignInProblem.TooLong, StatusCodes.Status400BadRequest);

        var nameKey = SignInThrottle.NameKey(name);
        var browser = browsers.Recognise(Request, name);
        var browserKey = browser is null ? null : SignInThrottle.BrowserKey(browser);
        var trusted = browserKey is not null && throttle.Wait(browserKey) is null;
        if (!trusted && throttle.Wait(nameKey) is { } nameWait) return Refuse(SignInProblem.NameThrottled, nameWait);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = WebSecurity.ClientAddress(HttpContext);
        var result = await accounts.SignInAsync(db, name, password, from, ct);
        if (!result.Ok)
        {
            throttle.Failed(nameKey);
            if (browserKey is not null) throttle.Failed(browserKey);
            return Show(SignInProblem.Wrong, StatusCodes.Status401Unauthorized);   // one answer for a wrong name and a wrong password
        }
        throttle.Succeeded(nameKey);
        if (browserKey is not null) throttle.Succeeded(browserKey);
        var principal = await AuthSetup.StartSessionAsync(db, result.User!, from, TimeSpan.FromHours(options.SessionMaxHours), ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        browsers.Remember(HttpContext, name, browser);
        // The account's language follows it to every browser it signs in on; a new account gets the default.
        Localisation.LocalisationSetup.SetCultureCookie(Response, Localisation.Text.Supported(result.User!.Culture), options);
        if (result.FailedBefore > 0)
        {
            // Told once, on the next page: someone may have been guessing this password.
            TempData["SignInFailures"] = result.FailedBefore;
            TempData["SignInFailedAt"] = result.LastFailedAt?.ToString("yyyy-MM-dd HH:mm");
            TempData["SignInFailedFrom"] = result.LastFailedFrom;
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    private PageResult Show(SignInProblem problem, int status)
    {
        Problem = problem;
        return new PageResult { StatusCode = status };
    }

    private PageResult Refuse(SignInProblem problem, TimeSpan wait)
    {
        WaitSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        Response.Headers.RetryAfter = WaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Show(problem, StatusCodes.Status429TooManyRequests);
    }
}

public sealed class SignOutModel(IDbContextFactory<MarketWatchDb> dbFactory) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await AuthSetup.EndSessionAsync(db, User, ct);
            Audit.Add(db, User.Actor(), "sign-out", $"user {User.Actor()}", note: $"from {WebSecurity.ClientAddress(HttpContext)}");
            await db.SaveChangesAsync(ct);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/signin");
    }
}

[AllowAnonymous]
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
