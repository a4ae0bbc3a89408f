using System.Text.RegularExpressions;
using MarketWatch.Cases;
using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace MarketWatch.Tests.Cases;

/// <summary>Issue 18's "done when": the demo queue collapses into cases that match the catalogue; a case is decided at once, listing by listing.</summary>
public sealed partial class CaseTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Demo_queue_collapses_into_few_cases_that_match_the_catalogues_sellers_and_contacts(DatabaseProvider provider)
    {
        await using var world = await CaseWorld.CreateAsync(provider);
        await world.StoreDemoAsync();
        await using var db = world.Open();
        var flagged = await db.Listings.AsNoTracking().Where(l => l.Flagged).Select(l => new { l.Id, l.Marketplace, l.ProductId, l.CaseId, l.ReviewStatus }).ToListAsync();
        var cases = await CaseQueue.AllAsync(db, default);
        var open = cases.Count(c => c.Open > 0);
        output.WriteLine($"{provider}: {flagged.Count} pending flagged listings in {open} open cases ({cases.Sum(c => c.Listings)} listings in cases)");

        Assert.True(flagged.Count > 300, $"the demo data flags {flagged.Count} listings");
        Assert.All(flagged, l => Assert.NotNull(l.CaseId));
        Assert.True(open * 5 <= flagged.Count, $"{flagged.Count} pending flags should collapse into at most a fifth as many cases, not {open}");

        // The catalogue's own truth, computed from its JSON, not from the database: which listings share a shop name,
        // a phone number written in the text, or (loosely read) an IMEI.
        var item = flagged.ToDictionary(l => l.Id, l => CaseWorld.Catalogue.Find(l.ProductId)!);
        var keys = flagged.ToDictionary(l => l.Id, l => CatalogueKeys(l.Marketplace, item[l.Id]).ToList());
        var truth = Clusters(keys);
        foreach (var c in flagged.GroupBy(l => l.CaseId))
            Assert.True(c.Select(l => truth[l.Id]).Distinct().Count() == 1,
                $"case {c.Key} joins listings the catalogue does not link: {string.Join(", ", c.Select(l => $"{l.Marketplace}/{item[l.Id].Shop}"))}");
        // And no link the catalogue holds is missed: every listing of one shop name, or one phone number, is in one case.
        foreach (var key in keys.SelectMany(k => k.Value.Where(v => v.Split(':')[0] is "shop" or "seller" or "phone").Select(v => (Key: v, k.Key))).GroupBy(x => x.Key))
            Assert.True(key.Select(x => flagged.First(l => l.Id == x.Item2).CaseId).Distinct().Count() == 1, $"{key.Key} is split over several cases");

        // The WhatsApp number the catalogue's three shops share ties them together on all five marketplaces.
        var phone = "6281372224519";
        var network = flagged.First(l => keys[l.Id].Contains("phone:" + phone)).CaseId!.Value;
        var dossier = (await Dossier.LoadAsync(db, network, default))!;
        Assert.Contains(dossier.Contacts, c => c.Kind == "phone" && c.Value == phone);
        Assert.Equal(CaseWorld.Marketplaces.Order(), dossier.Accounts.Select(a => a.Marketplace).Distinct().Order());
        var shopsWithPhone = flagged.Select(l => item[l.Id]).Where(i => Phones(i.Title + " " + i.Description).Contains(phone)).Select(i => i.Shop).ToHashSet();
        Assert.True(shopsWithPhone.Count >= 2, $"shops with {phone}: {string.Join(", ", shopsWithPhone)}");
        Assert.All(shopsWithPhone, s => Assert.Contains(dossier.Accounts, a => a.Name == s));
        Assert.Contains(dossier.Links, l => l.Kind == "phone" && l.Evidence == $"shared phone {phone}");
    }

    [Fact]
    public async Task Confirming_a_case_confirms_every_listing_with_one_audited_decision_each_and_keeps_conflicts()
    {
        await using var world = await CaseWorld.CreateAsync();
        await world.StoreDemoAsync();
        await using var db = world.Open();
        var target = (await CaseQueue.AllAsync(db, default)).First(c => c.Open >= 4);
        var members = await db.Listings.AsNoTracking().Where(l => l.CaseId == target.Id).Select(l => new { l.Id, l.ReviewVersion }).ToListAsync();
        // Someone else decides one listing after the reviewer opened the case: that one must not be overwritten.
        var raced = members[1];
        Assert.Equal(DecisionOutcome.Done, (await Decisions.DecideAsync(db, raced.Id, raced.ReviewVersion, ReviewStatus.Dismissed, null, "budi", default)).Outcome);

        var result = await CaseActions.DecideAsync(db, target.Id, members.Select(m => (m.Id, m.ReviewVersion)).ToList(), ReviewStatus.Confirmed, "one network", "ani", default);

        Assert.Equal(members.Count - 1, result.Done);
        Assert.Equal(new[] { raced.Id }, result.Conflicts);
        var statuses = await db.Listings.AsNoTracking().Where(l => l.CaseId == target.Id).ToDictionaryAsync(l => l.Id, l => l.ReviewStatus);
        Assert.Equal(ReviewStatus.Dismissed, statuses[raced.Id]);
        Assert.All(members.Where(m => m != raced), m => Assert.Equal(ReviewStatus.Confirmed, statuses[m.Id]));
        var audit = await db.Audit.AsNoTracking().Where(a => a.Actor == "ani").ToListAsync();
        Assert.Equal(members.Count - 1, audit.Count);
        Assert.All(audit, a => Assert.Equal("decide|pending|confirmed|one network", $"{a.Action}|{a.Before}|{a.After}|{a.Note}"));
        Assert.Equal(members.Where(m => m != raced).Select(m => $"listing {m.Id}").Order(), audit.Select(a => a.Subject!).Order());
        Assert.Equal(members.Count - 1, await db.ReviewDecisions.CountAsync(d => d.Reviewer == "ani" && d.After == ReviewStatus.Confirmed));

        // A listing outside the case is refused, not decided.
        var outsider = await db.Listings.AsNoTracking().FirstAsync(l => l.CaseId != target.Id && l.CaseId != null);
        var refused = await CaseActions.DecideAsync(db, target.Id, [(outsider.Id, outsider.ReviewVersion)], ReviewStatus.Confirmed, null, "ani", default);
        Assert.Equal(DecisionOutcome.NotFound, Assert.Single(refused.Results).Outcome);
    }

    [Fact]
    public async Task A_new_listing_joining_a_confirmed_network_is_flagged_known_network_at_the_top()
    {
        await using var world = await CaseWorld.CreateAsync();
        var first = Offer("k1", "Kilat Unblock Center", "WA 0857-1234-9876");
        await world.StoreAsync("tokopedia", [CaseWorld.Card("tokopedia", first)]);
        long network;
        await using (var db = world.Open())
        {
            var listing = await db.Listings.AsNoTracking().SingleAsync(l => l.ProductId == first.Id);
            network = listing.CaseId!.Value;
            await CaseActions.DecideAsync(db, network, [(listing.Id, listing.ReviewVersion)], ReviewStatus.Confirmed, null, "ani", default);
            Assert.Empty(await CaseQueue.KnownNetworkAsync(db, 20, default));
        }
        // The same shop puts the offer up again on another marketplace under a new product id.
        await world.StoreAsync("shopee", [CaseWorld.Card("shopee", first with { Id = "9990001", Slug = first.Slug + "-lagi" })]);

        await using (var db = world.Open())
        {
            var again = await db.Listings.AsNoTracking().SingleAsync(l => l.ProductId == "9990001");
            Assert.Equal(network, again.CaseId);
            var known = Assert.Single(await CaseQueue.KnownNetworkAsync(db, 20, default));
            Assert.Equal((again.Id, network), (known.Id, known.CaseId));
            var queue = await CaseQueue.AllAsync(db, default);
            Assert.Equal(network, queue[0].Id);
            Assert.True(queue[0].KnownNetwork);
            Assert.Contains(await db.CaseLinks.Where(c => c.ListingId == again.Id).Select(c => c.Kind).ToListAsync(), k => k == "shop");
        }
    }

    [Fact]
    public async Task Cases_merge_when_a_new_link_joins_them_and_a_reviewers_split_is_audited_and_holds()
    {
        await using var world = await CaseWorld.CreateAsync();
        var (a, b, c, d) = (Offer("a1", "Alpha Sinyal Center", "WA 0812-1111-2222"), Offer("b1", "Beta Unlock Cellular", "WA 0813-3333-4444"),
            Offer("c1", "Gamma Jasa Buka", "WA 0812 1111 2222 atau +62 813 3333 4444"), Offer("d1", "Delta Sinyal Permanen", "hubungi 081211112222 / 6281333334444"));
        await world.StoreAsync("tokopedia", [CaseWorld.Card("tokopedia", a)]);
        await world.StoreAsync("shopee", [CaseWorld.Card("shopee", b)]);
        await using var db = world.Open();
        async Task<Dictionary<string, long>> CaseOf() => await db.Listings.AsNoTracking().ToDictionaryAsync(l => l.ProductId, l => l.CaseId!.Value);
        var before = await CaseOf();
        Assert.NotEqual(before["a1"], before["b1"]);

        await world.StoreAsync("lazada", [CaseWorld.Card("lazada", c)]);   // carries both numbers: the two networks are one
        var merged = await CaseOf();
        Assert.Equal(new[] { before["a1"] }, merged.Values.Distinct());
        Assert.Equal(before["a1"], (await db.Cases.AsNoTracking().SingleAsync(x => x.Id == before["b1"])).MergedIntoId);
        Assert.Equal(before["a1"], await CaseQueue.LiveAsync(db, before["b1"], default));
        var c1 = (await db.Listings.AsNoTracking().SingleAsync(x => x.ProductId == "c1")).Id;
        var cLinks = await db.CaseLinks.AsNoTracking().Where(l => l.ListingId == c1 && l.Kind == "phone").ToListAsync();
        Assert.Equal(2, cLinks.Count);
        Assert.All(cLinks, l => Assert.NotNull(l.OtherListingId));

        var moving = await db.Listings.AsNoTracking().Where(l => l.ProductId == "b1" || l.ProductId == "c1").Select(l => l.Id).ToListAsync();
        var split = await CaseActions.SplitAsync(db, before["a1"], moving, "Beta is another operator", "ani", default);
        Assert.NotNull(split);
        var entry = await db.Audit.AsNoTracking().SingleAsync(x => x.Action == "case-split");
        Assert.Equal($"case {before["a1"]}|ani|Beta is another operator", $"{entry.Subject}|{entry.Actor}|{entry.Note}");
        Assert.Contains($"case {split}", entry.After);

        await world.StoreAsync("blibli", [CaseWorld.Card("blibli", d)]);   // links both parts again: the reviewer's split holds
        var after = await CaseOf();
        Assert.Equal(before["a1"], after["a1"]);
        Assert.Equal((split!.Value, split.Value), (after["b1"], after["c1"]));
        Assert.NotEqual(after["a1"], after["b1"]);
        Assert.Null((await db.Cases.AsNoTracking().SingleAsync(x => x.Id == split)).MergedIntoId);
    }

    [Theory]
    [InlineData("Rajanya Unblock", "rajanyaunblock")]
    [InlineData("RAJANYA-unblock", "rajanyaunblock")]
    [InlineData("Cell 1", null)]         // too short to say two accounts are one seller
    [InlineData("992206175", null)]      // Shopee's search API gives a shop id, not a name
    public void Shop_names_link_accounts_only_when_they_are_names(string name, string? key) => Assert.Equal(key, CaseKeys.ShopName(name));

    private static CatalogueItem Offer(string id, string shop, string contact) => new()
    {
        Id = id, Slug = "jasa-" + id, Title = "Jasa Unblock IMEI iPhone Inter Buka Sinyal All Operator 3 Bulan", Description = "Proses cepat, " + contact,
        PriceIdr = 150_000, Shop = shop, ShopSlug = shop.Replace(" ", "").ToLowerInvariant(), Kind = "offer",
    };

    // --- The catalogue's truth, read independently of the app's key code ---

    private static IEnumerable<string> CatalogueKeys(string marketplace, CatalogueItem item)
    {
        var name = string.Concat(item.Shop.Where(char.IsLetterOrDigit)).ToLowerInvariant();
        yield return name.Length >= CaseKeys.MinShopName ? "shop:" + name : $"seller:{marketplace}/{item.ShopSlug}";
        foreach (var p in Phones(item.Title + " " + item.Description)) yield return "phone:" + p;
        foreach (Match m in LooseImei().Matches(item.Title + " " + item.Description)) yield return "imei:" + string.Concat(m.Value.Where(char.IsAsciiDigit));
        // Handles and e-mail addresses, read loosely: a superset of links only makes the expected networks coarser.
        foreach (Match m in Handle().Matches(item.Title + " " + item.Description)) yield return "handle:" + m.Groups[1].Value.ToLowerInvariant().TrimEnd('.');
        foreach (Match m in Email().Matches(item.Title + " " + item.Description)) yield return "email:" + m.Value.ToLowerInvariant();
    }

    private static HashSet<string> Phones(string text) => PhoneNumber().Matches(text)
        .Select(m => string.Concat(m.Value.Where(char.IsAsciiDigit))).Select(d => d.StartsWith('0') ? "62" + d[1..] : d).ToHashSet();

    [GeneratedRegex(@"(?<!\d)(?:\+?62[ .\-]?|0)8(?:[ .\-]?\d){7,11}(?!\d)")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"(?:(?<![\w.])@|t\.me/)([A-Za-z0-9_.]{2,})")]
    private static partial Regex Handle();

    [GeneratedRegex(@"[\w.+\-]+@[\w.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<!\d)\d(?:[ \-/]?\d){14}(?!\d)")]
    private static partial Regex LooseImei();

    /// <summary>Listings joined when they share any key: the expected networks (a label per listing).</summary>
    private static Dictionary<long, long> Clusters(Dictionary<long, List<string>> keys)
    {
        var parent = keys.Keys.ToDictionary(k => k, k => k);
        long Find(long x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        var first = new Dictionary<string, long>();
        foreach (var (id, ks) in keys)
            foreach (var k in ks)
                if (first.TryGetValue(k, out var other)) parent[Find(id)] = Find(other);
                else first[k] = id;
        return keys.Keys.ToDictionary(k => k, Find);
    }
}
