using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Cases;

/// <summary>A listing the store stage just wrote, and whether its text (so its contacts) may have changed.</summary>
public sealed record StoredListing(Listing Listing, string? SellerName, bool Changed);

/// <summary>
/// Keeps cases up to date as pages are stored, inside the page's transaction: a union-find over keys (CaseKeys), in
/// which the database is the forest and a page touches only its own listings' keys. Per page: one query for the links
/// already recorded, one for the cases holding the page's keys (an index seek per key), one for relisted listings'
/// cases, then inserts; a merge is three UPDATEs by case id. Cases only merge here (the older case absorbs the newer,
/// so its id and links stay); only a reviewer splits one (CaseSplitting), and split cases never merge again.
/// Members are the queue's listings (flagged or decided): an ordinary listing of a network's seller is not evidence.
/// </summary>
public static class CaseUpkeep
{
    /// <summary>The advisory lock (PostgreSQL) every change of case membership takes; SQLite has one writer anyway.</summary>
    public const string LockName = "cases";

    public static async Task UpdateAsync(MarketWatchDb db, IReadOnlyList<StoredListing> stored, DateTime now, CancellationToken ct)
    {
        // A known member whose text did not change has no new keys (its seller and IMEIs were keyed when it joined).
        var members = stored.Where(s => (s.Listing.Flagged || s.Listing.ReviewStatus != ReviewStatus.Pending) && (s.Listing.CaseId is null || s.Changed))
            .Select(s => (s.Listing, Keys: CaseKeys.Of(s.Listing, s.SellerName))).ToList();
        if (members.Count == 0) return;
        // Keys cross marketplaces (a shop name, a phone), whose pages PostgreSQL stores side by side: one upkeep at a
        // time, held to the page's commit, so two pages cannot both open a case for one key or merge crosswise.
        await Database.LockForWriteAsync(db, LockName, ct);
        var ids = members.Select(m => m.Listing.Id).ToList();
        var recorded = (await db.CaseLinks.AsNoTracking().Where(c => ids.Contains(c.ListingId)).Select(c => new { c.ListingId, c.Key }).ToListAsync(ct))
            .Select(c => (c.ListingId, c.Key)).ToHashSet();
        var keys = members.SelectMany(m => m.Keys).Select(k => k.Key).Where(k => CaseKeys.RelistTarget(k) is null).Distinct().ToList();
        var holders = keys.Count == 0 ? [] : (await db.CaseLinks.AsNoTracking().Where(c => keys.Contains(c.Key))
            .GroupBy(c => new { c.Key, c.CaseId }).Select(g => new { g.Key.Key, g.Key.CaseId, First = g.Min(c => c.ListingId) }).ToListAsync(ct))
            .Select(h => new Holder(h.Key, h.CaseId, h.First)).ToList();
        var relisted = members.SelectMany(m => m.Keys).Select(k => CaseKeys.RelistTarget(k.Key)).OfType<long>().Distinct().ToList();
        foreach (var r in relisted.Count == 0 ? [] : await db.Listings.AsNoTracking().Where(l => relisted.Contains(l.Id) && l.CaseId != null)
                     .Select(l => new { l.Id, CaseId = l.CaseId!.Value }).ToListAsync(ct))
            holders.Add(new Holder($"relist:{r.Id}", r.CaseId, r.Id));
        var byKey = holders.ToLookup(h => h.Key);

        // The page's members joined among themselves (they may share keys no case holds yet), then each group with
        // every case its keys or its members already point at.
        var groups = Group(members.Select(m => m.Keys.Select(k => k.Key).ToList()).ToList());
        var candidates = groups.SelectMany(g => g.SelectMany(i => Cases(members[i].Listing, members[i].Keys, byKey))).Distinct().ToList();
        var splits = candidates.Count == 0 ? [] : (await db.CaseSplits.AsNoTracking().Where(s => candidates.Contains(s.CaseId) || candidates.Contains(s.OtherCaseId))
            .Select(s => new { s.CaseId, s.OtherCaseId }).ToListAsync(ct)).SelectMany(s => new (long, long)[] { (s.CaseId, s.OtherCaseId), (s.OtherCaseId, s.CaseId) }).ToHashSet();

        var targets = new long?[groups.Count];
        var fresh = new Dictionary<int, Case>();
        var mergedInto = new Dictionary<long, long>();   // two groups of one page may point at one case: the second sees the first's merge
        long Live(long id) => mergedInto.TryGetValue(id, out var to) ? Live(to) : id;
        for (var g = 0; g < groups.Count; g++)
        {
            var found = groups[g].SelectMany(i => Cases(members[i].Listing, members[i].Keys, byKey)).Select(Live).Distinct().Order().ToList();
            if (found.Count == 0) { db.Cases.Add(fresh[g] = new Case { CreatedAt = now }); continue; }
            var target = found[0];
            // Cases a reviewer split from the target stay apart: the group's unplaced listings join the target only.
            foreach (var absorbed in found.Skip(1).Where(c => !splits.Contains((target, c))))
            {
                await MergeAsync(db, absorbed, target, now, ct);
                mergedInto[absorbed] = target;
            }
            targets[g] = target;
        }
        if (fresh.Count > 0) await db.SaveChangesAsync(ct);
        for (var g = 0; g < groups.Count; g++)
        {
            var target = targets[g] ?? fresh[g].Id;
            foreach (var i in groups[g])
            {
                var (listing, listingKeys) = members[i];
                // A member already in a case split from the target stays where the reviewer put it.
                var caseId = listing.CaseId is { } own && splits.Contains((target, own)) ? own : target;
                listing.CaseId = caseId;
                foreach (var key in listingKeys.Where(k => !recorded.Contains((listing.Id, k.Key))))
                {
                    // The link's other end: the first listing that held the key in a case, else an earlier member of this page.
                    var other = byKey[key.Key].Select(h => (long?)h.First).Min() ?? CaseKeys.RelistTarget(key.Key)
                        ?? groups[g].Select(j => members[j]).Where(m => m.Listing.Id < listing.Id && m.Keys.Any(k => k.Key == key.Key)).Select(m => (long?)m.Listing.Id).Min();
                    db.CaseLinks.Add(new CaseLink
                    {
                        CaseId = caseId, ListingId = listing.Id, Key = key.Key, Kind = key.Kind, Evidence = key.Evidence,
                        OtherListingId = other == listing.Id ? null : other, At = now,
                    });
                }
            }
        }
    }

    private sealed record Holder(string Key, long CaseId, long First);

    private static IEnumerable<long> Cases(Listing listing, List<CaseKey> keys, ILookup<string, Holder> byKey) =>
        keys.SelectMany(k => byKey[k.Key]).Select(h => h.CaseId).Concat(listing.CaseId is { } own ? new[] { own } : Array.Empty<long>());

    /// <summary>Connected groups of the page's members by shared keys (a small union-find over their indexes).</summary>
    private static List<List<int>> Group(List<List<string>> keysOf)
    {
        var parent = Enumerable.Range(0, keysOf.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        var firstWith = new Dictionary<string, int>();
        for (var i = 0; i < keysOf.Count; i++)
            foreach (var key in keysOf[i])
                if (firstWith.TryGetValue(key, out var j)) parent[Find(i)] = Find(j);
                else firstWith[key] = i;
        return Enumerable.Range(0, keysOf.Count).GroupBy(Find).Select(g => g.ToList()).ToList();
    }

    /// <summary>Moves every listing and link of <paramref name="absorbed"/> to <paramref name="target"/>; the absorbed case points at it.</summary>
    public static async Task MergeAsync(MarketWatchDb db, long absorbed, long target, DateTime now, CancellationToken ct)
    {
        await db.Listings.Where(l => l.CaseId == absorbed).ExecuteUpdateAsync(s => s.SetProperty(l => l.CaseId, target), ct);
        await db.CaseLinks.Where(c => c.CaseId == absorbed).ExecuteUpdateAsync(s => s.SetProperty(c => c.CaseId, target), ct);
        await db.CaseSplits.Where(c => c.CaseId == absorbed).ExecuteUpdateAsync(s => s.SetProperty(c => c.CaseId, target), ct);
        await db.CaseSplits.Where(c => c.OtherCaseId == absorbed).ExecuteUpdateAsync(s => s.SetProperty(c => c.OtherCaseId, target), ct);
        await db.Cases.Where(c => c.Id == absorbed).ExecuteUpdateAsync(s => s.SetProperty(c => c.MergedIntoId, target).SetProperty(c => c.MergedAt, now), ct);
        // Listings of this page already tracked keep their case in memory; SaveChanges must not write the old one back.
        foreach (var entry in db.ChangeTracker.Entries<Listing>().Where(e => e.Entity.CaseId == absorbed))
        {
            entry.Entity.CaseId = target;
            entry.Property(l => l.CaseId).OriginalValue = target;
        }
    }

    /// <summary>
    /// Cases for listings stored before cases existed (an upgraded database) or made in a test: every queue listing
    /// without a case, in id order, a batch at a time, exactly as the store stage would have kept them.
    /// </summary>
    public static async Task<int> BackfillAsync(MarketWatchDb db, CancellationToken ct, int batch = 500)
    {
        var done = 0;
        while (true)
        {
            var listings = await db.Listings.Include(l => l.Imeis).Where(l => l.CaseId == null && (l.Flagged || l.ReviewStatus != ReviewStatus.Pending))
                .OrderBy(l => l.Id).Take(batch).ToListAsync(ct);
            if (listings.Count == 0) return done;
            var sellerIds = listings.Select(l => l.SellerId).OfType<long>().Distinct().ToList();
            var names = await db.Sellers.AsNoTracking().Where(s => sellerIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await UpdateAsync(db, listings.Select(l => new StoredListing(l, l.SellerId is { } s ? names.GetValueOrDefault(s) : null, true)).ToList(), DateTime.UtcNow, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            done += listings.Count;
        }
    }
}
