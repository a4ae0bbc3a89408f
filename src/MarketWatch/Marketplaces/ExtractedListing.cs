namespace MarketWatch.Marketplaces;

/// <summary>A listing as one search-result card showed it, before storage.</summary>
public sealed record ExtractedListing
{
    public required string ProductId { get; init; }
    public required string Title { get; init; }
    public required string Url { get; init; }
    public int Position { get; init; }
    public long? PriceIdr { get; init; }
    public long? PriceMaxIdr { get; init; }
    public string? Shop { get; init; }
    public string? ShopUrl { get; init; }
    public string? ShopLocation { get; init; }
    public string? SoldText { get; init; }
    public long? SoldCount { get; init; }
    public double? Rating { get; init; }
    public string? ImageUrl { get; init; }
    public bool Sponsored { get; init; }
    public string? Description { get; init; }
}

public enum PageKind { Listings, NoResults, Blocked, ExtractorBroken }

/// <summary>Where a page's listings were read: a captured API response, JSON embedded in the page, or the DOM cards.</summary>
public enum ListingSource { None, Capture, Embedded, Dom }

public sealed record ExtractedPage(PageKind Kind, IReadOnlyList<ExtractedListing> Listings, IReadOnlyList<string> Problems,
    ListingSource Source = ListingSource.Dom, IReadOnlyList<CaptureReport>? Captures = null);
