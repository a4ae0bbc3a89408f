using System.Text.Json;
using AngleSharp.Html.Parser;

namespace MarketWatch.Marketplaces;

/// <summary>How one selector or field fared on a page: how many nodes or items it found a value in, and the first value.</summary>
public sealed record ProbeLine(string Name, string Rule, int Found, int Of, string? First);

/// <summary>Everything the probe says about one fetched search page, built from the page and what it captured.</summary>
public sealed record ProbeReport(
    ExtractedPage Page, IReadOnlyList<ProbeLine> Selectors, IReadOnlyList<ProbeLine> CaptureFields, IReadOnlyList<string> Missing, string? BlockedBy);

/// <summary>
/// The first-contact check of a profile against a page: every selector and every capture field, each with what it
/// found, so an operator sees which one to fix, not only that the page "broke". Pure: the CLI fetches and prints.
/// </summary>
public static class ProfileProbe
{
    private static readonly HtmlParser Parser = new();

    public static ProbeReport Run(MarketplaceProfile profile, string html, Uri pageUrl, IReadOnlyList<CapturedResponse> captures, string baseUrl)
    {
        var page = new ListingExtractor().Extract(profile, html, pageUrl, captures, baseUrl);
        using var doc = Parser.ParseDocument(html);
        var cards = string.IsNullOrWhiteSpace(profile.Card) ? [] : doc.QuerySelectorAll(profile.Card).ToList();
        var selectors = new List<ProbeLine> { new("Card", profile.Card, cards.Count, cards.Count, null) };
        foreach (var prop in typeof(FieldSelectors).GetProperties())
            if (prop.GetValue(profile.Fields) is string { Length: > 0 } selector)
            {
                var values = cards.Select(c => ListingExtractor.Read(c, selector)).ToList();
                selectors.Add(new ProbeLine($"Fields:{prop.Name}", selector, values.Count(v => v is not null), cards.Count, values.FirstOrDefault(v => v is not null)));
            }
        string? blockedBy = null;
        foreach (var (name, selector) in new[] { ("NoResultsMarker", profile.NoResultsMarker), ("BlockedMarker", profile.BlockedMarker), ("SponsoredMarker", profile.SponsoredMarker) })
        {
            if (string.IsNullOrWhiteSpace(selector)) continue;
            var nodes = doc.QuerySelectorAll(selector);
            selectors.Add(new ProbeLine(name, selector, nodes.Length, nodes.Length, null));
            // Which alternative of the blocked marker matched: the operator learns which challenge the site served.
            if (name == "BlockedMarker" && nodes.Length > 0)
                blockedBy = selector.Split(',').Select(s => s.Trim()).FirstOrDefault(s => doc.QuerySelector(s) is not null) ?? selector;
        }

        if (blockedBy is null && profile.BlockedTitles.FirstOrDefault(t => doc.Title?.Contains(t, StringComparison.OrdinalIgnoreCase) == true) is { } title)
            blockedBy = $"title '{title}'";
        var fields = new List<ProbeLine>();
        if (profile.Capture is { } rule)
        {
            var items = captures.SelectMany(c => Items(rule, c.Body)).ToList();
            foreach (var (field, expression) in rule.FieldMap)
            {
                var values = items.Select(i => expression.Read(i, baseUrl)).ToList();
                fields.Add(new ProbeLine($"Capture:Fields:{field}", expression.Text, values.Count(v => v is not null), items.Count, values.FirstOrDefault(v => v is not null)));
            }
        }

        var missing = new List<string>();
        var listings = page.Listings;
        if (listings.Count > 0)
            foreach (var (name, empty) in new (string, int)[]
            {
                ("price", listings.Count(l => l.PriceIdr is null)), ("shop", listings.Count(l => l.Shop is null)),
                ("shop location", listings.Count(l => l.ShopLocation is null)), ("sold", listings.Count(l => l.SoldCount is null)),
                ("rating", listings.Count(l => l.Rating is null)), ("image", listings.Count(l => l.ImageUrl is null)),
            })
                if (empty * 2 > listings.Count) missing.Add($"{name}: empty on {empty} of {listings.Count} listings");
        return new ProbeReport(page, selectors, fields, missing, page.Kind == PageKind.Blocked ? blockedBy : null);
    }

    // The items of one response, by the first item path that finds any (as the extractor reads them).
    private static List<JsonElement> Items(NetworkCaptureRule rule, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var path in rule.ItemPaths)
                if (path.Select(doc.RootElement).Where(e => e.ValueKind == JsonValueKind.Object).Select(e => e.Clone()).ToList() is { Count: > 0 } found)
                    return found;
        }
        catch (JsonException) { }
        return [];
    }
}
