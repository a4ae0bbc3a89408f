using MarketWatch.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review.Auth;

[AllowAnonymous]
public sealed class SignInModel(IDbContextFactory<MarketWatchDb> dbFactory, Accounts accounts, ReviewOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Name { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? name, string? password, CancellationToken ct)
    {
        Name = name;
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password))
        {
            Error = "Enter a user name and a password.";
            return Page();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?";
        var (outcome, user) = await accounts.SignInAsync(db, name, password, from, ct);
        if (outcome != SignInOutcome.Ok)
        {
            // One message for a wrong name or a wrong password: the form does not confirm which accounts exist.
            Error = outcome == SignInOutcome.LockedOut
                ? $"Too many failed sign-ins: this account is locked for {options.LockoutMinutes:0} minutes. An admin can unlock it with `marketwatch user passwd`."
                : "Wrong user name or password.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthSetup.Principal(user!, DateTime.UtcNow));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/signin");
    }
}

[AllowAnonymous]
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
