namespace MarketWatch.Review.Localisation;

/// <summary>
/// The review workspace's strings: <c>IStringLocalizer&lt;Text&gt;</c> (injected as <c>T</c> in every page). The key is the
/// English text, so English needs no resource file; <c>Text.id.resx</c> holds Bahasa Indonesia in the team's words.
/// </summary>
public sealed class Text
{
    /// <summary>The cultures the workspace speaks: Bahasa Indonesia (the default) and English.</summary>
    public static readonly string[] Cultures = ["id-ID", "en"];

    public static string Name(string culture) => culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "English" : "Bahasa Indonesia";

    /// <summary>The workspace's strings for this request (for code that is not constructed with them: QueryReader).</summary>
    public static Microsoft.Extensions.Localization.IStringLocalizer For(Microsoft.AspNetCore.Http.HttpContext context) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Text>>(context.RequestServices);

    /// <summary>The supported culture a stored or posted value names, or null.</summary>
    public static string? Supported(string? culture) => culture?.Trim().ToLowerInvariant() switch
    {
        "id" or "id-id" => "id-ID",
        "en" or "en-us" or "en-gb" => "en",
        _ => null,
    };
}
