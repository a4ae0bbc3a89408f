using System.Text.Json;

namespace MarketWatch.Marketplaces;

/// <summary>What one captured response gave: how many items each item path found (for the probe and the problems).</summary>
public sealed record CaptureReport(string Url, int Status, string? Operation, int Bytes, IReadOnlyList<PathCount> ItemCounts, string? Error)
{
    public int Items => ItemCounts.FirstOrDefault(c => c.Items > 0)?.Items ?? 0;
}

public sealed record PathCount(string Path, int Items);

/// <summary>Reads listings from captured API responses through the profile's capture rule.</summary>
internal static class CaptureReader
{
    /// <summary>The listings of every response, in order (null when no response held any), and a report per response.</summary>
    public static (List<RawListing>? Listings, List<CaptureReport> Reports) Read(
        NetworkCaptureRule rule, IReadOnlyList<CapturedResponse> responses, string baseUrl, List<string> problems)
    {
        var reports = new List<CaptureReport>();
        List<RawListing>? listings = null;
        foreach (var response in responses)
        {
            try
            {
                using var doc = JsonDocument.Parse(response.Body);
                var counts = new List<PathCount>();
                List<JsonElement>? items = null;
                foreach (var path in rule.ItemPaths)
                {
                    var found = path.Select(doc.RootElement).Where(e => e.ValueKind == JsonValueKind.Object).ToList();
                    counts.Add(new PathCount(path.Text, found.Count));
                    if (items is null && found.Count > 0) items = found;
                }
                reports.Add(new CaptureReport(response.Url, response.Status, response.Operation, response.Body.Length, counts, null));
                if (items is null)
                {
                    problems.Add($"capture {Short(response.Url)}: no products at {string.Join(" or ", rule.Items)}");
                    continue;
                }
                listings ??= [];
                listings.AddRange(items.Select(item => ToRaw(rule, item, baseUrl)));
            }
            catch (JsonException e)
            {
                reports.Add(new CaptureReport(response.Url, response.Status, response.Operation, response.Body.Length, [], $"not JSON: {e.Message}"));
                problems.Add($"capture {Short(response.Url)}: not JSON ({e.Message})");
            }
        }
        return (listings, reports);
    }

    private static RawListing ToRaw(NetworkCaptureRule rule, JsonElement item, string baseUrl)
    {
        string? Get(string field) => rule.FieldMap.TryGetValue(field, out var expression) ? expression.Read(item, baseUrl) : null;
        return new RawListing(Get("Title"), Get("Url"), Get("ProductId"), Get("Price"), Get("Shop"), Get("ShopUrl"), Get("ShopLocation"),
            Get("Sold"), Get("Rating"), Get("Image"), Get("Sponsored") == "true");
    }

    private static string Short(string url) => url.Length <= 100 ? url : url[..100] + "…";
}
