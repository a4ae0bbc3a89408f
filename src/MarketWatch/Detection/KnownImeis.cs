namespace MarketWatch.Detection;

/// <summary>A stored listing that carries an IMEI: which marketplace, which product, which seller.</summary>
public sealed record ImeiHolder(string Marketplace, string ProductId, string? SellerKey);

/// <summary>
/// The listings already stored per IMEI, as read for one page in one query. The same valid IMEI under another
/// listing (another seller, or a relisting) is cloning evidence; detection asks here instead of the database.
/// </summary>
public sealed class KnownImeis(IReadOnlyDictionary<string, IReadOnlyList<ImeiHolder>> holders)
{
    public static readonly KnownImeis None = new(new Dictionary<string, IReadOnlyList<ImeiHolder>>());

    /// <summary>Listings other than <paramref name="self"/> offering the IMEI, and how many of them belong to other sellers.</summary>
    public (int Listings, int OtherSellers) Others(string imei, ImeiHolder self)
    {
        if (!holders.TryGetValue(imei, out var all)) return (0, 0);
        int listings = 0, otherSellers = 0;
        foreach (var h in all)
        {
            if (h.Marketplace == self.Marketplace && h.ProductId == self.ProductId) continue;
            listings++;
            if (h.Marketplace != self.Marketplace || h.SellerKey != self.SellerKey) otherSellers++;
        }
        return (listings, otherSellers);
    }
}
