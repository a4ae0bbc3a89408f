using System.Text.Json;
using System.Text.RegularExpressions;

namespace MarketWatch.Marketplaces;

/// <summary>
/// The responses a storefront's search page loads its results from (profile key "Capture"): the real sites render
/// from JSON APIs and generate their CSS classes, so the API response is the steadier source. UrlPattern is a regex
/// on the response URL; Operations, when set, the GraphQL operationName(s) the request body must carry; Items the
/// paths to the product array (the first that finds products in a response is used); Fields the field map
/// (see <see cref="FieldExpression"/>).
/// </summary>
public sealed class NetworkCaptureRule
{
    public string UrlPattern { get; set; } = "";
    public List<string> Operations { get; set; } = [];
    public List<string> Items { get; set; } = [];
    public Dictionary<string, string> Fields { get; set; } = [];

    public static readonly string[] FieldNames = EmbeddedListingReader.FieldNames;

    private Regex? _url;
    private IReadOnlyList<JsonPath>? _items;
    private IReadOnlyDictionary<string, FieldExpression>? _fields;

    public Regex Url => _url ??= new Regex(UrlPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    public IReadOnlyList<JsonPath> ItemPaths => _items ??= Items.Select(JsonPath.Parse).ToList();
    public IReadOnlyDictionary<string, FieldExpression> FieldMap => _fields ??= Fields.ToDictionary(f => f.Key, f => FieldExpression.Parse(f.Value));

    /// <summary>Whether a response belongs to the rule; its GraphQL operation (from the request body) when it has one.</summary>
    public bool Matches(string url, string? requestBody, out string? operation)
    {
        operation = null;
        if (!Url.IsMatch(url)) return false;
        var operations = OperationNames(requestBody);
        operation = operations.FirstOrDefault();
        if (Operations.Count == 0) return true;
        operation = operations.FirstOrDefault(o => Operations.Contains(o, StringComparer.Ordinal));
        return operation is not null;
    }

    /// <summary>GraphQL requests carry {"operationName": ...}, or an array of them when batched (Tokopedia batches).</summary>
    public static IReadOnlyList<string> OperationNames(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart() is not ['{' or '[', ..]) return [];
        try
        {
            using var doc = JsonDocument.Parse(body);
            var ops = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
            return ops.Where(o => o.ValueKind == JsonValueKind.Object && o.TryGetProperty("operationName", out var n) && n.ValueKind == JsonValueKind.String)
                .Select(o => o.GetProperty("operationName").GetString()!).ToList();
        }
        catch (JsonException) { return []; }
    }
}

/// <summary>A response the page loaded that matched the profile's capture rule, as received (the body is evidence).</summary>
public sealed record CapturedResponse(string Url, int Status, string? Operation, string ContentType, string Body);
