using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using System.Text.RegularExpressions;

namespace MarketWatch.Marketplaces;

/// <summary>The one extractor: reads any marketplace's search page through its profile's selectors.</summary>
public sealed class ListingExtractor
{
    private static readonly HtmlParser Parser = new();

    public ExtractedPage Extract(MarketplaceProfile profile, string html, Uri pageUrl)
    {
        using var doc = Parser.ParseDocument(html);
        if (profile.BlockedMarker is { } blocked && doc.QuerySelector(blocked) is not null)
            return new ExtractedPage(PageKind.Blocked, [], ["block or captcha page"]);

        var cards = doc.QuerySelectorAll(profile.Card);
        if (cards.Length == 0)
        {
            if (profile.NoResultsMarker is { } none && doc.QuerySelector(none) is not null)
                return new ExtractedPage(PageKind.NoResults, [], []);
            // No cards and no honest "no results" marker: the markup changed under us.
            return new ExtractedPage(PageKind.ExtractorBroken, [], [$"card selector '{profile.Card}' matched nothing"]);
        }

        var listings = new List<ExtractedListing>();
        var problems = new List<string>();
        var idPattern = profile.ProductIdPattern is { } p ? new Regex(p, RegexOptions.CultureInvariant) : null;
        foreach (var (card, index) in cards.Select((c, i) => (c, i)))
        {
            var title = Read(card, profile.Fields.Title);
            var href = Read(card, profile.Fields.Url);
            if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(href) || !Uri.TryCreate(pageUrl, href, out var url))
            {
                problems.Add($"card {index + 1}: no title or link");
                continue;
            }
            var canonical = UrlCanonicalizer.Canonicalize(url);
            var productId = profile.Fields.ProductId is { } sel ? Read(card, sel) : idPattern?.Match(canonical.AbsolutePath) is { Success: true } m ? m.Groups[1].Value : null;
            productId ??= canonical.AbsolutePath;  // the canonical path is an identity of last resort
            var (low, high) = IndonesianNumbers.ParsePrice(Read(card, profile.Fields.Price));
            var shopUrl = Read(card, profile.Fields.ShopUrl);
            var sold = Read(card, profile.Fields.Sold);
            var image = Read(card, profile.Fields.Image);
            listings.Add(new ExtractedListing
            {
                ProductId = productId.Trim(),
                Title = title,
                Url = canonical.ToString(),
                Position = index + 1,
                PriceIdr = low,
                PriceMaxIdr = high,
                Shop = Read(card, profile.Fields.Shop),
                ShopUrl = shopUrl is not null && Uri.TryCreate(pageUrl, shopUrl, out var su) ? UrlCanonicalizer.Canonicalize(su).ToString() : null,
                ShopLocation = Read(card, profile.Fields.ShopLocation),
                SoldText = sold,
                SoldCount = IndonesianNumbers.ParseCount(sold),
                Rating = IndonesianNumbers.ParseRating(Read(card, profile.Fields.Rating)),
                ImageUrl = image is not null && Uri.TryCreate(pageUrl, image, out var img) ? img.ToString() : null,
                Sponsored = profile.SponsoredMarker is { } sp && (card.Matches(sp) || card.QuerySelector(sp) is not null),
            });
        }
        var kind = listings.Count > 0 ? PageKind.Listings : PageKind.ExtractorBroken;
        return new ExtractedPage(kind, listings, problems);
    }

    /// <summary>"css" reads the element's text; "css@attr" reads an attribute; "@attr" reads the card's own.</summary>
    private static string? Read(IElement card, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return null;
        var at = selector.LastIndexOf('@');
        var css = at >= 0 ? selector[..at].Trim() : selector;
        var element = css.Length == 0 ? card : card.QuerySelector(css);
        if (element is null) return null;
        var value = at >= 0 ? element.GetAttribute(selector[(at + 1)..].Trim()) : element.TextContent;
        value = value?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
