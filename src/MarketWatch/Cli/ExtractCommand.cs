using System.CommandLine;
using System.Text.Json;
using MarketWatch.Marketplaces;

namespace MarketWatch.Cli;

/// <summary>
/// Runs a marketplace profile against a saved page or a saved API response (told apart by content: JSON starts
/// with { or [): how a profile is written and checked before a crawl, and what probe's saved files are for.
/// </summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var marketplace = new Option<string>("--marketplace", "-m") { Description = "Marketplace profile name", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "Saved HTML page, or a saved JSON response of the site's search API (read with the profile's Capture block)", Required = true };
        var url = new Option<string?>("--url") { Description = "URL the page was fetched from (resolves relative links); default: the profile's base URL" };
        var sandbox = new Option<string?>("--sandbox") { Description = "The file came from the sandbox at this URL: {base} in capture templates is its storefront" };
        var command = new Command("extract", "Extract listings from a saved search page or API response with a marketplace profile and print them as JSON")
            { marketplace, file, url, sandbox };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            var profile = MarketplaceCatalog.FromConfiguration(paths.LoadConfiguration()).Get(result.GetValue(marketplace)!);
            var path = result.GetValue(file)!;
            if (!path.Exists) throw new FileNotFoundException($"{path.FullName}: no such file");
            var text = await File.ReadAllTextAsync(path.FullName, ct);
            var baseUrl = profile.BaseUrlFor(result.GetValue(sandbox));
            var pageUrl = new Uri(result.GetValue(url) ?? baseUrl + "/");
            var page = LooksLikeJson(text)
                ? profile.Capture is null
                    ? throw new ConfigurationException($"Marketplaces:{profile.Name}:Capture: the profile has no capture block to read a JSON response with")
                    : new ListingExtractor().ExtractCapture(profile, text, path.FullName, pageUrl, baseUrl)
                : new ListingExtractor().Extract(profile, text, pageUrl);
            Console.WriteLine(JsonSerializer.Serialize(page, Json.Options));
            return page.Kind is PageKind.Listings or PageKind.NoResults ? 0 : 3;
        }));
        return command;
    }

    /// <summary>A JSON document starts with an object or an array; a page with markup (or a BOM, then markup).</summary>
    public static bool LooksLikeJson(string text) => text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n') is ['{' or '[', ..];
}

public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // readable Indonesian text; output is data, not HTML
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };
}
