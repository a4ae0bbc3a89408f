using System.Globalization;
using System.Text;
using System.Text.Json;
using MarketWatch.Marketplaces;
using Microsoft.Extensions.Configuration;

namespace MarketWatch.Tests.Marketplaces;

/// <summary>
/// The saved search pages of fixtures/marketplaces (see its README): each page, read through the profile in the
/// repository's appsettings.json, must give exactly the listings its .expected.json holds.
/// </summary>
public class GoldenPageTests
{
    private static readonly string Fixtures = Path.Combine(AppPaths.RepositoryRoot, "fixtures", "marketplaces");

    private static readonly Lazy<MarketplaceCatalog> Catalog = new(() => MarketplaceCatalog.FromConfiguration(
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppPaths.RepositoryRoot, "appsettings.json")).Build()));

    /// <summary>"lazada/search-1" for every NAME/CASE.html that has a NAME/CASE.expected.json.</summary>
    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var expected in Directory.EnumerateFiles(Fixtures, "*.expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(expected)!);
            var @case = Path.GetFileName(expected)[..^".expected.json".Length];
            if (File.Exists(Path.Combine(Fixtures, name, @case + ".html"))) cases.Add($"{name}/{@case}");
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_page_extracts_as_expected(string @case)
    {
        var (name, caseName) = (@case[..@case.IndexOf('/')], @case[(@case.IndexOf('/') + 1)..]);
        var expected = Expectation.Read(Path.Combine(Fixtures, name, caseName + ".expected.json"));
        var html = File.ReadAllText(Path.Combine(Fixtures, name, caseName + ".html"));
        var profile = Catalog.Value.Get(name);

        var page = new ListingExtractor().Extract(profile, html, new Uri(expected.Url));

        var differences = new List<string>();
        if (page.Kind.ToString() != expected.Kind)
            differences.Add($"kind: expected {expected.Kind}, actual {page.Kind}");
        differences.AddRange(CompareListings(expected.Listings, page.Listings));
        if (differences.Count == 0) return;

        var message = new StringBuilder($"{@case}: {differences.Count} difference(s) from {caseName}.expected.json");
        foreach (var d in differences.Take(80)) message.Append("\n  ").Append(d);
        if (differences.Count > 80) message.Append($"\n  ... and {differences.Count - 80} more");
        message.Append($"\n  (extracted {page.Listings.Count} listing(s), expected {expected.Listings.Count}; extractor problems: ")
            .Append(page.Problems.Count == 0 ? "none" : string.Join("; ", page.Problems)).Append(')');
        Assert.Fail(message.ToString());
    }

    [Fact]
    public void Every_configured_marketplace_has_the_required_golden_pages()
    {
        var missing = new List<string>();
        foreach (var profile in Catalog.Value.All.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            foreach (var @case in new[] { "search-1", "search-2", "markup-changed", "no-results", "captcha" })
            {
                var html = Path.Combine(Fixtures, profile.Name, @case + ".html");
                var json = Path.Combine(Fixtures, profile.Name, @case + ".expected.json");
                if (!File.Exists(html) || !File.Exists(json))
                {
                    missing.Add($"{profile.Name}/{@case}: {(File.Exists(html) ? "" : ".html ")}{(File.Exists(json) ? "" : ".expected.json ")}missing");
                    continue;
                }
                if (@case.StartsWith("search-", StringComparison.Ordinal) && Expectation.Read(json).Listings.Count is var n and < 20)
                    missing.Add($"{profile.Name}/{@case}: {n} expected listing(s), at least 20 required");
            }
        }
        Assert.True(missing.Count == 0, "golden pages missing or too small:\n  " + string.Join("\n  ", missing));
    }

    // Listings are paired by position (a card's place in the grid), so one skipped card reads as one difference.
    private static IEnumerable<string> CompareListings(IReadOnlyList<JsonElement> expected, IReadOnlyList<ExtractedListing> actual)
    {
        var byPosition = actual.GroupBy(l => l.Position).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (e, index) in expected.Select((e, i) => (e, i)))
        {
            var position = e.GetProperty("position").GetInt32();
            var label = $"card {index + 1} (position {position}, \"{Truncate(e.GetProperty("title").GetString())}\")";
            if (!byPosition.TryGetValue(position, out var found))
            {
                yield return $"{label}: not extracted";
                continue;
            }
            var a = found[0];
            foreach (var (field, want, got) in Fields(e, a))
                if (!Same(want, got))
                    yield return $"{label}: {field}: expected {Show(want)}, actual {Show(got)}";
        }
        var expectedPositions = expected.Select(e => e.GetProperty("position").GetInt32()).ToHashSet();
        foreach (var extra in actual.Where(l => !expectedPositions.Contains(l.Position)))
            yield return $"unexpected listing at position {extra.Position}: \"{Truncate(extra.Title)}\" {extra.Url}";
        foreach (var dup in byPosition.Where(p => p.Value.Count > 1))
            yield return $"{dup.Value.Count} listings share position {dup.Key}";
    }

    /// <summary>Every field of an expected listing (JSON) beside the extractor's value, as comparable objects.</summary>
    private static IEnumerable<(string Field, object? Expected, object? Actual)> Fields(JsonElement e, ExtractedListing a)
    {
        yield return ("productId", Text(e, "productId"), a.ProductId);
        yield return ("title", Text(e, "title"), a.Title);
        yield return ("url", Text(e, "url"), a.Url);
        yield return ("position", Long(e, "position"), (long)a.Position);
        yield return ("priceIdr", Long(e, "priceIdr"), a.PriceIdr);
        yield return ("priceMaxIdr", Long(e, "priceMaxIdr"), a.PriceMaxIdr);
        yield return ("shop", Text(e, "shop"), a.Shop);
        yield return ("shopUrl", Text(e, "shopUrl"), a.ShopUrl);
        yield return ("shopLocation", Text(e, "shopLocation"), a.ShopLocation);
        yield return ("soldText", Text(e, "soldText"), a.SoldText);
        yield return ("soldCount", Long(e, "soldCount"), a.SoldCount);
        yield return ("rating", Double(e, "rating"), a.Rating);
        yield return ("imageUrl", Text(e, "imageUrl"), a.ImageUrl);
        yield return ("sponsored", e.GetProperty("sponsored").GetBoolean(), a.Sponsored);
        yield return ("description", Text(e, "description"), a.Description);
    }

    private static string? Text(JsonElement e, string field) => e.GetProperty(field) is { ValueKind: JsonValueKind.Null } ? null : e.GetProperty(field).GetString();
    private static long? Long(JsonElement e, string field) => e.GetProperty(field) is { ValueKind: JsonValueKind.Null } ? null : e.GetProperty(field).GetInt64();
    private static double? Double(JsonElement e, string field) => e.GetProperty(field) is { ValueKind: JsonValueKind.Null } ? null : e.GetProperty(field).GetDouble();

    private static bool Same(object? want, object? got) => (want, got) switch
    {
        (null, null) => true,
        (double w, double g) => Math.Abs(w - g) < 1e-9,
        _ => Equals(want, got),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";

    private sealed record Expectation(string Url, string Kind, IReadOnlyList<JsonElement> Listings)
    {
        public static Expectation Read(string path)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement.Clone();
            return new Expectation(root.GetProperty("url").GetString()!, root.GetProperty("kind").GetString()!,
                root.GetProperty("listings").EnumerateArray().ToList());
        }
    }
}
