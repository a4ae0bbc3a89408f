using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace MarketWatch.Review.Localisation;

/// <summary>
/// ASP.NET Core's request localisation for the workspace: Bahasa Indonesia unless the user chose English. The choice
/// is kept with the account and copied into the culture cookie at sign-in and when switched; the browser's
/// Accept-Language is not consulted (a ministry PC set to English still opens in the team's language).
/// </summary>
public static class LocalisationSetup
{
    public const string CookieName = "mw.culture";

    public static IServiceCollection AddReviewLocalisation(this IServiceCollection services, ReviewOptions options, bool markMissing)
    {
        services.AddLocalization();
        services.AddSingleton<Display>();
        // Tests set Review:MarkUntranslated: a string with no translation then shows as ⟦key⟧ and a page test fails on it.
        if (markMissing) services.AddSingleton<IStringLocalizerFactory, MarkingLocalizerFactory>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Text.Cultures.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture(options.DefaultCulture);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CookieName }];
        });
        return services;
    }

    /// <summary>Sets (or, for the default, clears) the culture cookie of this browser.</summary>
    public static void SetCultureCookie(HttpResponse response, string? culture, ReviewOptions options)
    {
        // Cleared with the same attributes it is set with: behind a TLS proxy even the deleting Set-Cookie is Secure.
        var secure = response.HttpContext.Request.IsHttps;
        if (culture is null || culture == options.DefaultCulture)
        {
            response.Cookies.Delete(CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = secure });
            return;
        }
        response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, Expires = DateTimeOffset.UtcNow.AddYears(1),
                Secure = secure });
    }
}
