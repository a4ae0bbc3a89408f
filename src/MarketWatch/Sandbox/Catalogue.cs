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
            var all = items.Concat(items.Select(Relisted)).ToList();
            if (all.DistinctBy(i => i.Id).Count() != all.Count) throw new InvalidDataException($"{path}: duplicate listing ids");
            return new Catalogue(all);
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

    private static readonly string[] Wordings = ["[READY] {0}", "{0} - Promo", "NEW {0}", "{0} (Stok Baru)", "{0} ✅"];

    // Every listing comes back once more, as sellers relist after a takedown: another id, a reworded title,
    // a nudged price, and for every second one another shop (the same offer from a second account).
    // It also gives each query the 5+ result pages a crawl should be tested on.
    private static CatalogueItem Relisted(CatalogueItem i)
    {
        var n = long.Parse(i.Id);
        var otherShop = n % 2 == 0;
        return i with
        {
            Id = ((n + 1_234_567_891) % 9_000_000_000 + 1_000_000_000).ToString(),
            Slug = i.Slug + "-relist",
            Title = string.Format(Wordings[n % Wordings.Length], i.Title),
            PriceIdr = i.PriceIdr / 100 * (n % 3 == 0 ? 95 : 100) + (n % 3 == 1 ? 500 : 0),
            Shop = otherShop ? i.Shop + " 2" : i.Shop,
            ShopSlug = otherShop ? i.ShopSlug + "2" : i.ShopSlug,
            Sponsored = false,
        };
    }

    public CatalogueItem? Find(string id) => items.FirstOrDefault(i => i.Id == id);

    private static bool Sells(CatalogueItem i, string marketplace) => i.Marketplaces is null || i.Marketplaces.Contains(marketplace);

    private static bool Matches(CatalogueItem i, string word) =>
        i.Title.Contains(word, StringComparison.OrdinalIgnoreCase) || i.Description.Contains(word, StringComparison.OrdinalIgnoreCase)
        || i.Tags.Contains(word, StringComparer.OrdinalIgnoreCase);
}
