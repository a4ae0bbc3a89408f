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
    public string? SponsoredMarker { get; set; }
    public string? NoResultsMarker { get; set; }
    public string? BlockedMarker { get; set; }
    /// <summary>Sandbox mode replaces {base} with the sandbox URL plus this path.</summary>
    public string SandboxPath => "/" + Name;
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
