using System.Text.Json;

namespace MarketWatch.Sandbox;

/// <summary>One listing of the sandbox's catalogue (fixtures/sandbox/catalogue.json), written by the team.</summary>
public sealed record CatalogueItem
{
    public required string Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public long PriceIdr { get; init; }
    public long? PriceMaxIdr { get; init; }
    public required string Shop { get; init; }
    public required string ShopSlug { get; init; }
    public string? ShopLocation { get; init; }
    public string? Sold { get; init; }
    public double? Rating { get; init; }
    public bool Sponsored { get; init; }
    public string Kind { get; init; } = "ordinary";
    public string[] Tags { get; init; } = [];
    public string[]? Marketplaces { get; init; }
}

public sealed class Catalogue(IReadOnlyList<CatalogueItem> items)
{
    public IReadOnlyList<CatalogueItem> Items => items;

    public static Catalogue Load(string path)
    {
        try
        {
            var items = JsonSerializer.Deserialize<List<CatalogueItem>>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidDataException("empty");
            return new Catalogue(items);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: line {e.LineNumber + 1}: {e.Message}");
        }
    }

    /// <summary>Like a storefront search: any query word in title, description or tags; more matching words rank higher.</summary>
    public IReadOnlyList<CatalogueItem> Search(string marketplace, string? query)
    {
        var words = (query ?? "").ToLowerInvariant().Split([' ', '+', ',', '-'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return items.Where(i => Sells(i, marketplace)).ToList();
        return items.Where(i => Sells(i, marketplace))
            .Select(i => (Item: i, Hits: words.Count(w => Matches(i, w))))
            .Where(x => x.Hits > 0)
            .OrderByDescending(x => x.Item.Sponsored).ThenByDescending(x => x.Hits).ThenBy(x => x.Item.Id, StringComparer.Ordinal)
            .Select(x => x.Item).ToList();
    }

    public CatalogueItem? Find(string id) => items.FirstOrDefault(i => i.Id == id);

    private static bool Sells(CatalogueItem i, string marketplace) => i.Marketplaces is null || i.Marketplaces.Contains(marketplace);

    private static bool Matches(CatalogueItem i, string word) =>
        i.Title.Contains(word, StringComparison.OrdinalIgnoreCase) || i.Description.Contains(word, StringComparison.OrdinalIgnoreCase)
        || i.Tags.Contains(word, StringComparer.OrdinalIgnoreCase);
}
