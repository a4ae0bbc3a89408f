using System.Text;
using MarketWatch.Data;
using MarketWatch.Detection;

namespace MarketWatch.Cases;

/// <summary>One strong link a listing offers to others: a key (what two listings must share) with its kind and evidence.</summary>
public sealed record CaseKey(string Key, string Kind, string Evidence);

/// <summary>
/// The keys of a listing: what it can share with another listing to be in one network. Only strong links (issue 18):
/// the seller account, the shop's name (how one seller is recognised on another marketplace, where its account is
/// another row), a phone / WhatsApp number, e-mail or handle in its text, a valid IMEI, and the listing it relists.
/// Titles alone are never a key: legal shops write the same words.
/// </summary>
public static class CaseKeys
{
    /// <summary>A shop name shorter than this (normalised) is too generic to say two accounts are one seller ("hp", "cell").</summary>
    public const int MinShopName = 6;

    public static List<CaseKey> Of(Listing listing, string? sellerName)
    {
        var keys = new List<CaseKey>();
        if (listing.SellerId is { } seller)
            keys.Add(new($"seller:{seller}", "seller", $"same seller account {listing.Marketplace} '{sellerName}'"));
        if (ShopName(sellerName) is { } shop)
            keys.Add(new($"shop:{shop}", "shop", $"same shop name '{sellerName}'"));
        foreach (var (kind, value) in ContactExtractor.Extract(listing.Title, listing.Description))
            keys.Add(new($"{kind}:{value}", kind, $"shared {kind} {value}"));
        foreach (var imei in listing.Imeis.Where(i => i.Status == "valid").Select(i => i.Imei).Distinct())
            keys.Add(new($"imei:{imei}", "imei", $"same IMEI {imei}"));
        if (listing.RelistOfListingId is { } earlier)
            keys.Add(new($"relist:{earlier}", "relist", $"relisting of listing {earlier}: {listing.RelistReason}"));
        return keys.DistinctBy(k => k.Key).ToList();
    }

    /// <summary>Letters and digits of the name, lower-case: "Rajanya Unblock", "rajanya-unblock" and "RAJANYA UNBLOCK" are one.</summary>
    public static string? ShopName(string? name)
    {
        if (name is null) return null;
        var s = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKC)) if (char.IsLetterOrDigit(c)) s.Append(char.ToLowerInvariant(c));
        // A name of digits only is an id the marketplace gave (Shopee's search API names no shop), not a name anyone chose.
        return s.Length >= MinShopName && s.ToString().Any(char.IsLetter) ? s.ToString() : null;
    }

    /// <summary>The listing a relist key points at (relist:41 → 41), null for other keys.</summary>
    public static long? RelistTarget(string key) =>
        key.StartsWith("relist:", StringComparison.Ordinal) && long.TryParse(key.AsSpan(7), out var id) ? id : null;
}
