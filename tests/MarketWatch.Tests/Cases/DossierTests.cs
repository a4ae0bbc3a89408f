using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using MarketWatch.Cases;
using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Exports;
using MarketWatch.Tests.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Cases;

/// <summary>The dossier for investigators read back by independent readers: PdfPig for the PDF, a JSON Schema validator for the JSON.</summary>
public sealed class DossierTests
{
    private static CatalogueItem Offer(string id, string shop, string text) => new()
    {
        Id = id, Slug = "jasa-" + id, Title = "Jasa Unblock IMEI iPhone Inter All Operator " + id, Description = text, PriceIdr = 250_000, Shop = shop,
        ShopSlug = shop.Replace(" ", "").ToLowerInvariant(), Kind = "offer",
    };

    [Fact]
    public async Task Dossier_pdf_and_json_hold_the_network_its_evidence_and_decisions_with_a_manifest()
    {
        await using var world = await CaseWorld.CreateAsync();
        var imei = "35332011604825" + MarketWatch.Detection.Imei.CheckDigit("35332011604825");
        var a = Offer("d1", "Sinyal Dossier Store", $"WA 0812-5555-6666, IMEI {imei} siap pakai");
        var b = Offer("d2", "Sinyal Dossier Store", "Garansi 3 bulan, chat saja");
        var c = Offer("d3", "Kloning Partner Cell", $"IMEI {imei} murah");
        var html = "<html><body><h1>Jasa Unblock IMEI</h1></body></html>";
        await world.StoreAsync("tokopedia", [CaseWorld.Card("tokopedia", a), CaseWorld.Card("tokopedia", b, 2)], async (run, db) =>
        {
            var capture = await TestDb.EvidenceAt(world.DataDir).CaptureAsync(run, "https://tokopedia.example/search?q=imei", html, ReviewFixture.Png, "MarketWatch test", DateTime.UtcNow, default);
            db.Evidence.Add(capture);
            await db.SaveChangesAsync();
            return new() { ["d1"] = (capture, null), ["d2"] = (capture, null) };
        });
        await world.StoreAsync("bukalapak", [CaseWorld.Card("bukalapak", c)]);
        long network;
        await using (var db = world.Open())
        {
            var listings = await db.Listings.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
            Assert.Single(listings.Select(l => l.CaseId).Distinct());
            network = listings[0].CaseId!.Value;
            Assert.Equal(DecisionOutcome.Done, (await Decisions.DecideAsync(db, listings[0].Id, listings[0].ReviewVersion, ReviewStatus.Confirmed, "clone seller", "ani", default)).Outcome);
        }
        var dir = Path.Combine(world.DataDir, "out");
        Directory.CreateDirectory(dir);
        var (pdf, json) = (Path.Combine(dir, "case.pdf"), Path.Combine(dir, "case.json"));
        var exporter = world.Exporter();
        await exporter.CaseAsync(network, "pdf", pdf, default);
        await exporter.CaseAsync(network, "json", json, default);

        ExportFiles.VerifiedManifest(pdf, rows: 3);
        Assert.Equal("case", ExportFiles.VerifiedManifest(json, rows: 3).GetProperty("export").GetString());
        var pages = ExportFiles.PdfPages(pdf);
        var front = string.Concat(pages.Select(ExportFiles.NoSpace).TakeWhile(p => !p.StartsWith("Annex")));
        foreach (var expected in new[] { $"Case{network}:networkdossier", "SinyalDossierStore", "KloningPartnerCell", "6281255556666", imei, "sameIMEI" + imei, "confirmed", "ani" })
            Assert.Contains(expected, front);
        var annexes = pages.Select((text, i) => (Text: ExportFiles.NoSpace(text), Number: i + 1)).Where(p => p.Text.StartsWith("Annex")).ToList();
        Assert.Equal(3, annexes.Count);
        var withEvidence = annexes.Single(p => p.Text.Contains("tokopediad1"));
        Assert.Contains(EvidenceHash(html), withEvidence.Text);
        Assert.True(ExportFiles.PdfImages(pdf, withEvidence.Number) >= 1, "the listing's screenshot is on its page");
        Assert.Contains("noevidencestored", annexes.Single(p => p.Text.Contains("bukalapakd3")).Text);

        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppPaths.RepositoryRoot, "docs", "case-dossier.schema.json")));
        var document = JsonNode.Parse(File.ReadAllText(json));
        var check = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(check.IsValid, string.Join("; ", check.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var root = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal(network, root.GetProperty("caseId").GetInt64());
        Assert.Equal(2, root.GetProperty("accounts").GetArrayLength());
        Assert.Equal(2, root.GetProperty("imeis")[0].GetProperty("listings").GetInt32());
        var confirmed = root.GetProperty("listings").EnumerateArray().Single(l => l.GetProperty("productId").GetString() == "d1");
        Assert.Equal(EvidenceHash(html), confirmed.GetProperty("evidenceHtmlSha256").GetString());
        var decision = Assert.Single(confirmed.GetProperty("decisions").EnumerateArray());
        Assert.Equal("ani|Confirmed|clone seller", $"{decision.GetProperty("reviewer").GetString()}|{decision.GetProperty("after").GetString()}|{decision.GetProperty("note").GetString()}");
        Assert.Contains(root.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "confirmed" && e.GetProperty("by").GetString() == "ani");

        // A takedown request carries the case, so the platform can act on the whole network at once.
        var takedown = Path.Combine(dir, "takedown.csv");
        await exporter.TakedownAsync(new MarketWatch.Exports.TakedownRequest("tokopedia", null, null), "csv", takedown, default);
        Assert.Equal(network.ToString(), Assert.Single(ExportFiles.Csv(takedown))["case_id"]);
    }

    [Fact]
    public async Task Dossier_of_a_case_that_does_not_exist_is_refused_and_writes_nothing()
    {
        await using var world = await CaseWorld.CreateAsync();
        var output = Path.Combine(world.DataDir, "none.json");
        var e = await Assert.ThrowsAsync<MarketWatch.Exports.ExportException>(() => world.Exporter().CaseAsync(424242, "json", output, default));
        Assert.Contains("case 424242 does not exist", e.Message);
        Assert.False(File.Exists(output));
    }

    private static string EvidenceHash(string html) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(html)));
}
