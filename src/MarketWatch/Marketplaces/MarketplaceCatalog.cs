using AngleSharp.Html.Parser;
using Microsoft.Extensions.Configuration;
using System.Text.RegularExpressions;

namespace MarketWatch.Marketplaces;

/// <summary>The marketplace profiles of the "Marketplaces" section, validated once at start.</summary>
public sealed class MarketplaceCatalog
{
    private readonly Dictionary<string, MarketplaceProfile> _profiles;

    public MarketplaceCatalog(IEnumerable<MarketplaceProfile> profiles) =>
        _profiles = profiles.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<MarketplaceProfile> All => _profiles.Values;

    public MarketplaceProfile Get(string name) => _profiles.TryGetValue(name, out var p)
        ? p
        : throw new ConfigurationException($"unknown marketplace '{name}'; configured: {string.Join(", ", _profiles.Keys.Order())}");

    public static MarketplaceCatalog FromConfiguration(IConfiguration config)
    {
        var profiles = new List<MarketplaceProfile>();
        foreach (var section in config.GetSection("Marketplaces").GetChildren())
        {
            var profile = new MarketplaceProfile();
            try { section.Bind(profile); }
            catch (InvalidOperationException e) { throw new ConfigurationException($"{section.Path}: {e.Message}"); }
            profile.Name = section.Key.ToLowerInvariant();
            if (string.IsNullOrWhiteSpace(profile.DisplayName)) profile.DisplayName = section.Key;
            Validate(profile, section.Path);
            profiles.Add(profile);
        }
        if (profiles.Count == 0) throw new ConfigurationException("Marketplaces: no marketplace profile is configured");
        return new MarketplaceCatalog(profiles);
    }

    private static readonly HtmlParser Probe = new();

    private static void Validate(MarketplaceProfile p, string path)
    {
        Require(p.BaseUrl, $"{path}:BaseUrl");
        if (!Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out var b) || b.Scheme is not ("http" or "https"))
            throw new ConfigurationException($"{path}:BaseUrl: '{p.BaseUrl}' is not an absolute http(s) URL");
        for (var i = 0; i < p.ExtraOrigins.Count; i++)
            if (!Uri.TryCreate(p.ExtraOrigins[i], UriKind.Absolute, out var o) || o.Scheme is not ("http" or "https"))
                throw new ConfigurationException($"{path}:ExtraOrigins:{i}: '{p.ExtraOrigins[i]}' is not an absolute http(s) URL");
        Require(p.SearchUrl, $"{path}:SearchUrl");
        foreach (var placeholder in new[] { "{base}", "{query}", "{page}" })
            if (!p.SearchUrl.Contains(placeholder))
                throw new ConfigurationException($"{path}:SearchUrl: template '{p.SearchUrl}' lacks {placeholder}");
        Require(p.Card, $"{path}:Card");
        Require(p.Fields.Title, $"{path}:Fields:Title");
        Require(p.Fields.Url, $"{path}:Fields:Url");
        CheckSelector(p.Card, $"{path}:Card");
        CheckSelector(p.WaitFor, $"{path}:WaitFor");
        CheckSelector(p.SponsoredMarker, $"{path}:SponsoredMarker");
        CheckSelector(p.NoResultsMarker, $"{path}:NoResultsMarker");
        CheckSelector(p.BlockedMarker, $"{path}:BlockedMarker");
        foreach (var prop in typeof(FieldSelectors).GetProperties())
            CheckSelector(prop.GetValue(p.Fields) as string, $"{path}:Fields:{prop.Name}", allowAttribute: true);
        CheckRegex(p.ProductIdPattern, $"{path}:ProductIdPattern");
        if (p.ShopFromUrl is { } shop)
        {
            Require(shop.Pattern, $"{path}:ShopFromUrl:Pattern");
            CheckRegex(shop.Pattern, $"{path}:ShopFromUrl:Pattern");
        }
        if (p.Capture is { } capture) CheckCapture(capture, $"{path}:Capture");
        if (p.Embedded is { } embedded)
        {
            Require(embedded.Script, $"{path}:Embedded:Script");
            CheckSelector(embedded.Script, $"{path}:Embedded:Script");
            Require(embedded.Path, $"{path}:Embedded:Path");
            foreach (var field in embedded.Fields.Keys.Where(k => !EmbeddedListingReader.FieldNames.Contains(k)))
                throw new ConfigurationException($"{path}:Embedded:Fields:{field}: unknown field (known: {string.Join(", ", EmbeddedListingReader.FieldNames)})");
            foreach (var required in new[] { "Title", "Url" }.Where(f => !embedded.Fields.ContainsKey(f)))
                throw new ConfigurationException($"{path}:Embedded:Fields:{required} is required");
        }
    }

    private static void CheckCapture(NetworkCaptureRule rule, string key)
    {
        Require(rule.UrlPattern, $"{key}:UrlPattern");
        CheckRegex(rule.UrlPattern, $"{key}:UrlPattern");
        if (rule.Items.Count == 0) throw new ConfigurationException($"{key}:Items: at least one path to the products is required");
        foreach (var (item, i) in rule.Items.Select((item, i) => (item, i)))
            try { JsonPath.Parse(item); }
            catch (FormatException e) { throw new ConfigurationException($"{key}:Items:{i}: {e.Message}"); }
        foreach (var field in rule.Fields.Keys.Where(k => !NetworkCaptureRule.FieldNames.Contains(k)))
            throw new ConfigurationException($"{key}:Fields:{field}: unknown field (known: {string.Join(", ", NetworkCaptureRule.FieldNames)})");
        foreach (var required in new[] { "Title", "Url" }.Where(f => !rule.Fields.ContainsKey(f)))
            throw new ConfigurationException($"{key}:Fields:{required} is required");
        foreach (var (field, expression) in rule.Fields)
            try { FieldExpression.Parse(expression); }
            catch (FormatException e) { throw new ConfigurationException($"{key}:Fields:{field}: {e.Message}"); }
    }

    private static void CheckRegex(string? pattern, string key)
    {
        if (pattern is null) return;
        try { _ = new Regex(pattern); }
        catch (ArgumentException e) { throw new ConfigurationException($"{key}: {e.Message}"); }
    }

    private static void Require(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ConfigurationException($"{key} is required");
    }

    private static void CheckSelector(string? selector, string key, bool allowAttribute = false)
    {
        if (string.IsNullOrWhiteSpace(selector)) return;
        var css = allowAttribute && selector.LastIndexOf('@') is var at and >= 0 ? selector[..at] : selector;
        if (css.Trim().Length == 0) return;   // "@href": the card's own attribute
        try
        {
            using var doc = Probe.ParseDocument("<html></html>");
            doc.QuerySelector(css);
        }
        catch (Exception e) when (e is AngleSharp.Dom.DomException or ArgumentException)
        {
            throw new ConfigurationException($"{key}: '{selector}' is not a valid CSS selector");
        }
    }
}

/// <summary>A configuration mistake; the message names the key.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
