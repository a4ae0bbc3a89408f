using MarketWatch.Data;
using MarketWatch.Review.Auth;
using MarketWatch.Review.Localisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>The header's language switch: kept with the account when signed in, and in this browser's culture cookie.</summary>
[AllowAnonymous]   // the sign-in page has the switch too; only a signed-in user's choice is stored
public sealed class LanguageModel(IDbContextFactory<MarketWatchDb> dbFactory, ReviewOptions options) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl, CancellationToken ct)
    {
        if (Text.Supported(culture) is not { } chosen) return BadRequest($"culture: '{culture}' is not one of {string.Join(", ", Text.Cultures)}");
        if (User.Identity?.IsAuthenticated == true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var name = User.Actor();
            await db.Users.Where(u => u.Name == name).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, chosen), ct);
        }
        LocalisationSetup.SetCultureCookie(Response, chosen, options);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
