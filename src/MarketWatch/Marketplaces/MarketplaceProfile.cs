namespace MarketWatch.Marketplaces;

public enum FetchMode { Browser, Http }

/// <summary>
/// One marketplace as data (section "Marketplaces:&lt;name&gt;"). Field selectors are CSS, optionally
/// followed by "@attribute" to read an attribute instead of the text: "a[data-testid=lnk]@href".
/// </summary>
public sealed class MarketplaceProfile
{
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string BaseUrl { get; set; } = "";
    /// <summary>Other origins the site's own pages need (a CDN for its scripts), as absolute http(s) URLs; nothing else is ever fetched.</summary>
    public List<string> ExtraOrigins { get; set; } = [];
    /// <summary>Placeholders: {base}, {query} (URL-encoded), {page} (numbered from FirstPage).</summary>
    public string SearchUrl { get; set; } = "";
    public int FirstPage { get; set; } = 1;
    public FetchMode FetchMode { get; set; } = FetchMode.Browser;
    /// <summary>Selector the browser waits for before the page counts as rendered; defaults to Card.</summary>
    public string? WaitFor { get; set; }
    public string Card { get; set; } = "";
    public FieldSelectors Fields { get; set; } = new();
    /// <summary>Regex applied to the listing URL's path when no ProductId field is configured; group 1 is the id.</summary>
    public string? ProductIdPattern { get; set; }
    /// <summary>Query parameters that are part of a listing's identity; every other one is tracking and dropped.</summary>
    public List<string> KeepQueryParameters { get; set; } = [];
    /// <summary>For sites whose cards name no seller: the seller's id read from the listing URL.</summary>
    public ShopFromUrl? ShopFromUrl { get; set; }
    /// <summary>Listing data the page carries as JSON in a script; preferred over the DOM when present.</summary>
    public EmbeddedListings? Embedded { get; set; }
    /// <summary>The API responses the search page renders from; when one holds products it is preferred over the page.</summary>
    public NetworkCaptureRule? Capture { get; set; }
    /// <summary>The listing's own page: where its description is (offers hide there).</summary>
    public DetailPage? Detail { get; set; }
    /// <summary>Overrides the "Crawl:Politeness" defaults for this site.</summary>
    public Crawling.Politeness? Politeness { get; set; }
    /// <summary>Scroll the results page until it stops growing (sites that add cards as the shopper scrolls).</summary>
    public bool Scroll { get; set; }
    public string? SponsoredMarker { get; set; }
    public string? NoResultsMarker { get; set; }
    public string? BlockedMarker { get; set; }
    /// <summary>Words of a block page's title (case-insensitive), for challenge pages with no markup of their own (Akamai's "Access Denied").</summary>
    public List<string> BlockedTitles { get; set; } = [];

    /// <summary>Whether the page is a block or captcha page: the marker selector, or a title naming one.</summary>
    public bool IsBlocked(AngleSharp.Dom.IDocument doc) =>
        (BlockedMarker is { } marker && doc.QuerySelector(marker) is not null)
        || BlockedTitles.Any(t => doc.Title?.Contains(t, StringComparison.OrdinalIgnoreCase) == true);
    /// <summary>Sandbox mode replaces {base} with the sandbox URL plus this path.</summary>
    public string SandboxPath => "/" + Name;

    /// <summary>What {base} stands for: the site itself, or its storefront in the sandbox.</summary>
    public string BaseUrlFor(string? sandboxUrl) => sandboxUrl is { } sandbox ? sandbox.TrimEnd('/') + SandboxPath : BaseUrl.TrimEnd('/');
}

public sealed class FieldSelectors
{
    public string Title { get; set; } = "";
    public string Url { get; set; } = "";
    public string? ProductId { get; set; }
    public string? Price { get; set; }
    public string? Shop { get; set; }
    public string? ShopUrl { get; set; }
    public string? ShopLocation { get; set; }
    public string? Sold { get; set; }
    public string? Rating { get; set; }
    public string? Image { get; set; }
}

/// <summary>Group 1 of Pattern (matched on the listing URL's path) fills {1} in Name and Url; Url is relative to the page.</summary>
public sealed class ShopFromUrl
{
    public string Pattern { get; set; } = "";
    public string Name { get; set; } = "{1}";
    public string? Url { get; set; }
}

/// <summary>
/// JSON state in a script element: Script selects it, Prefix is the text before the JSON ("window.pageData="),
/// Path is the dotted path to the array of listings, Fields maps listing fields to property names.
/// </summary>
public sealed class EmbeddedListings
{
    public string Script { get; set; } = "";
    public string? Prefix { get; set; }
    public string Path { get; set; } = "";
    public Dictionary<string, string> Fields { get; set; } = [];
}

public sealed class DetailPage
{
    public string Description { get; set; } = "";
    public string? WaitFor { get; set; }
}
