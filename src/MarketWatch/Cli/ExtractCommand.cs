using System.CommandLine;
using System.Text.Json;
using MarketWatch.Marketplaces;

namespace MarketWatch.Cli;

/// <summary>Runs a marketplace profile against a saved page: how a profile is written and checked before a crawl.</summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var marketplace = new Option<string>("--marketplace", "-m") { Description = "Marketplace profile name", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "Saved HTML page", Required = true };
        var url = new Option<string?>("--url") { Description = "URL the page was fetched from (resolves relative links); default: the profile's base URL" };
        var command = new Command("extract", "Extract listings from a saved search page with a marketplace profile and print them as JSON") { marketplace, file, url };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            var profile = MarketplaceCatalog.FromConfiguration(paths.LoadConfiguration()).Get(result.GetValue(marketplace)!);
            var path = result.GetValue(file)!;
            if (!path.Exists) throw new FileNotFoundException($"{path.FullName}: no such file");
            var html = await File.ReadAllTextAsync(path.FullName, ct);
            var page = new ListingExtractor().Extract(profile, html, new Uri(result.GetValue(url) ?? profile.BaseUrl.TrimEnd('/') + "/"));
            Console.WriteLine(JsonSerializer.Serialize(page, Json.Options));
            return page.Kind is PageKind.Listings or PageKind.NoResults ? 0 : 3;
        }));
        return command;
    }
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
