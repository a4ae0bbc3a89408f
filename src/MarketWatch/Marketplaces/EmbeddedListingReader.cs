using System.Text.Json;
using AngleSharp.Dom;

namespace MarketWatch.Marketplaces;

/// <summary>Reads listings a storefront carries as JSON state in a script (e.g. Lazada's window.pageData).</summary>
internal static class EmbeddedListingReader
{
    /// <summary>The listings, or null when the profile names no embedded data or the page does not carry it.</summary>
    public static List<RawListing>? Read(EmbeddedListings? embedded, IDocument doc, List<string> problems)
    {
        if (embedded is null || doc.QuerySelector(embedded.Script) is not { } script) return null;
        var text = script.TextContent.Trim();
        if (embedded.Prefix is { Length: > 0 } prefix)
        {
            var at = text.IndexOf(prefix.Trim(), StringComparison.Ordinal);
            if (at < 0) { problems.Add($"embedded data: prefix '{prefix}' not found"); return null; }
            text = text[(at + prefix.Trim().Length)..].Trim().TrimEnd(';');
        }
        try
        {
            using var json = JsonDocument.Parse(text);
            var node = json.RootElement;
            foreach (var step in embedded.Path.Split('.', StringSplitOptions.RemoveEmptyEntries))
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(step, out node)) return Missing(problems, embedded.Path);
            if (node.ValueKind != JsonValueKind.Array || node.GetArrayLength() == 0) return Missing(problems, embedded.Path);
            return node.EnumerateArray().Select(item => ToRaw(item, embedded.Fields)).ToList();
        }
        catch (JsonException e)
        {
            // A broken state script is a markup change too; the DOM cards may still be readable.
            problems.Add($"embedded data is not valid JSON: {e.Message}");
            return null;
        }
    }

    private static List<RawListing>? Missing(List<string> problems, string path)
    {
        problems.Add($"embedded data has no listings at '{path}'");
        return null;
    }

    private static RawListing ToRaw(JsonElement item, Dictionary<string, string> fields)
    {
        string? Get(string field) => fields.TryGetValue(field, out var name) && item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => ListingExtractor.Clean(v.GetString()),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                _ => null,
            }
            : null;
        return new RawListing(Get("Title"), Get("Url"), Get("ProductId"), Get("Price"), Get("Shop"), Get("ShopUrl"), Get("ShopLocation"),
            Get("Sold"), Get("Rating"), Get("Image"), Get("Sponsored") == "true");
    }

    public static readonly string[] FieldNames = ["Title", "Url", "ProductId", "Price", "Shop", "ShopUrl", "ShopLocation", "Sold", "Rating", "Image", "Sponsored"];

}
