using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace MarketWatch.Marketplaces;

/// <summary>
/// The one extractor: reads any marketplace's search page through its profile. Listing data embedded as
/// JSON is preferred when the profile names it and the page carries it; the DOM cards are the fallback.
/// </summary>
public sealed class ListingExtractor
{
    private static readonly HtmlParser Parser = new();

    public ExtractedPage Extract(MarketplaceProfile profile, string html, Uri pageUrl) => Extract(profile, html, pageUrl, [], null);

    /// <summary>A saved API response alone (extract --file, golden tests): read as if the page had loaded it and shown nothing else.</summary>
    public ExtractedPage ExtractCapture(MarketplaceProfile profile, string json, string source, Uri pageUrl, string? baseUrl) =>
        Extract(profile, "<html><body></body></html>", pageUrl, [new CapturedResponse(source, 200, null, "application/json", json)], baseUrl);

    /// <param name="captures">Responses the page loaded that matched the profile's capture rule: the source of truth when they hold products.</param>
    /// <param name="baseUrl">What {base} stands for in capture templates (the sandbox's storefront in sandbox mode).</param>
    public ExtractedPage Extract(MarketplaceProfile profile, string html, Uri pageUrl, IReadOnlyList<CapturedResponse> captures, string? baseUrl)
    {
        using var doc = Parser.ParseDocument(html);
        // A block page is never "0 listings", whatever its scripts managed to load first.
        if (profile.IsBlocked(doc))
            return new ExtractedPage(PageKind.Blocked, [], ["block or captcha page"], ListingSource.None);

        var problems = new List<string>();
        var captureProblems = new List<string>();
        var source = ListingSource.Capture;
        List<CaptureReport> reports = [];
        List<RawListing>? raw = null;
        if (profile.Capture is { } rule)
        {
            (raw, reports) = CaptureReader.Read(rule, captures, baseUrl ?? profile.BaseUrl, captureProblems);
            if (captures.Count == 0) captureProblems.Add($"capture: no response matched '{rule.UrlPattern}'"
                + (rule.Operations.Count > 0 ? $" with operation {string.Join(" or ", rule.Operations)}" : ""));
        }
        if (raw is null)
        {
            source = ListingSource.Embedded;
            raw = EmbeddedListingReader.Read(profile.Embedded, doc, problems);
        }
        if (raw is null)
        {
            source = ListingSource.Dom;
            var cards = doc.QuerySelectorAll(profile.Card);
            if (cards.Length == 0)
            {
                if (profile.NoResultsMarker is { } none && doc.QuerySelector(none) is not null)
                    return new ExtractedPage(PageKind.NoResults, [], [], ListingSource.None, reports);
                // No products captured, no cards and no honest "no results" marker: the site changed under us.
                return new ExtractedPage(PageKind.ExtractorBroken, [], [$"card selector '{profile.Card}' matched nothing", .. problems, .. captureProblems],
                    ListingSource.None, reports);
            }
            raw = cards.Select(card => FromCard(profile, card)).ToList();
        }

        var listings = new List<ExtractedListing>();
        for (var i = 0; i < raw.Count; i++)
            if (Build(profile, raw[i], i + 1, pageUrl, problems) is { } listing) listings.Add(listing);
        if (source != ListingSource.Capture) problems.AddRange(captureProblems);   // why the capture was not used
        return new ExtractedPage(listings.Count > 0 ? PageKind.Listings : PageKind.ExtractorBroken, listings, problems,
            listings.Count > 0 ? source : ListingSource.None, reports);
    }

    private static RawListing FromCard(MarketplaceProfile p, IElement card) => new(
        Read(card, p.Fields.Title), Read(card, p.Fields.Url), Read(card, p.Fields.ProductId), Read(card, p.Fields.Price),
        Read(card, p.Fields.Shop), Read(card, p.Fields.ShopUrl), Read(card, p.Fields.ShopLocation), Read(card, p.Fields.Sold),
        Read(card, p.Fields.Rating), Read(card, p.Fields.Image),
        p.SponsoredMarker is { } sp && (card.Matches(sp) || card.QuerySelector(sp) is not null));

    private static ExtractedListing? Build(MarketplaceProfile profile, RawListing r, int position, Uri pageUrl, List<string> problems)
    {
        if (r.Title is null || r.Url is null || !Uri.TryCreate(pageUrl, r.Url, out var url))
        {
            problems.Add($"card {position}: no title or link");
            return null;
        }
        // Scraped pages are attacker-controlled: a javascript: or mailto: "listing" is not followed or stored.
        if (!UrlCanonicalizer.IsWeb(url))
        {
            problems.Add($"card {position}: link '{r.Url}' is not http(s)");
            return null;
        }
        var canonical = UrlCanonicalizer.Canonicalize(url, profile.KeepQueryParameters);
        var path = canonical.AbsolutePath;
        var productId = r.ProductId
            ?? (profile.ProductIdPattern is { } pattern && Regex.Match(path, pattern) is { Success: true } m ? m.Groups[1].Value : null)
            ?? path;   // the canonical path is an identity of last resort
        var (shop, shopUrl) = (r.Shop, r.ShopUrl is not null && Uri.TryCreate(pageUrl, r.ShopUrl, out var su) && UrlCanonicalizer.IsWeb(su)
            ? UrlCanonicalizer.Text(UrlCanonicalizer.Canonicalize(su)) : null);
        if (shop is null && shopUrl is null && profile.ShopFromUrl is { } from && Regex.Match(path, from.Pattern) is { Success: true } sm)
        {
            shop = from.Name.Replace("{1}", sm.Groups[1].Value);
            shopUrl = from.Url is { } template && Uri.TryCreate(pageUrl, template.Replace("{1}", sm.Groups[1].Value), out var derived)
                ? UrlCanonicalizer.Text(derived) : null;
        }
        var (low, high) = IndonesianNumbers.ParsePrice(r.Price);
        return new ExtractedListing
        {
            ProductId = productId.Trim(),
            Title = r.Title,
            Url = UrlCanonicalizer.Text(canonical),
            Position = position,
            PriceIdr = low,
            PriceMaxIdr = high,
            Shop = shop,
            ShopUrl = shopUrl,
            ShopLocation = r.ShopLocation,
            SoldText = r.Sold,
            SoldCount = IndonesianNumbers.ParseCount(r.Sold),
            Rating = IndonesianNumbers.ParseRating(r.Rating),
            ImageUrl = r.Image is not null && Uri.TryCreate(pageUrl, r.Image, out var img) && UrlCanonicalizer.IsWeb(img) ? UrlCanonicalizer.Text(img) : null,
            Sponsored = r.Sponsored,
        };
    }

    /// <summary>"css" reads the element's text; "css@attr" reads an attribute; "@attr" reads the card's own.</summary>
    internal static string? Read(IElement card, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return null;
        var at = selector.LastIndexOf('@');
        var css = at >= 0 ? selector[..at].Trim() : selector;
        var element = css.Length == 0 ? card : card.QuerySelector(css);
        if (element is null) return null;
        return Clean(at >= 0 ? element.GetAttribute(selector[(at + 1)..].Trim()) : element.TextContent);
    }

    /// <summary>Whitespace runs (line breaks and indentation of the markup) become one space.</summary>
    internal static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}

/// <summary>A listing's fields as text, from a DOM card or from embedded JSON, before parsing.</summary>
internal sealed record RawListing(
    string? Title, string? Url, string? ProductId, string? Price, string? Shop, string? ShopUrl, string? ShopLocation,
    string? Sold, string? Rating, string? Image, bool Sponsored);
