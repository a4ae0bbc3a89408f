namespace MarketWatch.Cases;

/// <summary>
/// A seller network: flagged (or decided) listings joined by strong links (the same seller account, the same shop
/// name on another marketplace, a shared phone / e-mail / handle, the same valid IMEI, a relisting). The pipeline keeps
/// cases up to date (CaseUpkeep); a case absorbed by a merge keeps its row, pointing at the case it joined, so links
/// to it still lead somewhere. Listings carry their case in Listing.CaseId.
/// </summary>
public sealed class Case
{
    public long Id { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set when a new link joined this case to an older one: the case that holds its listings now.</summary>
    public long? MergedIntoId { get; set; }
    public DateTime? MergedAt { get; set; }
    /// <summary>Set when a reviewer split this case off another one (audited): the two are never merged again.</summary>
    public long? SplitFromId { get; set; }
}

/// <summary>
/// One reason a listing belongs to its case: a key it holds (seller:12, shop:rajanyaunblock, phone:62813..., imei:35...,
/// relist:41) and, when another listing held the key first, that listing: the link and its evidence. One row per
/// listing and key, so the case page lists every link and upkeep finds the case holding a key with one index seek.
/// </summary>
public sealed class CaseLink
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long ListingId { get; set; }
    public required string Key { get; set; }
    public required string Kind { get; set; }            // seller, shop, phone, email, handle, imei, relist
    public long? OtherListingId { get; set; }
    public required string Evidence { get; set; }        // in English, as recorded (like detection reasons)
    public DateTime At { get; set; }
}

/// <summary>Two cases a reviewer split apart: upkeep never merges them again, whatever links they share.</summary>
public sealed class CaseSplit
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long OtherCaseId { get; set; }
    public required string By { get; set; }
    public DateTime At { get; set; }
}
