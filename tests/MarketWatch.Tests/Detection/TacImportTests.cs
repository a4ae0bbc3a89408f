using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Detection;

public class TacImportTests
{
    [SkippableFact]
    public async Task Imports_the_osmocom_tacdb_with_its_licence_line()
    {
        SharedData.Require(SharedData.Osmocom);
        await using var store = await TestDb.CreateAsync();
        await using var db = store.Open();
        var result = await TacImport.ImportAsync(db, SharedData.Osmocom, null, default);
        Assert.True(result.Imported > 22_000, $"{result.Imported} imported");
        var oppo = await db.Tacs.SingleAsync(t => t.Tac == "35675904");
        Assert.Equal(("Oppo", "N1"), (oppo.Brand, oppo.Model));
        Assert.Equal("tacdb_osmocom.csv", oppo.Source);
        // Rows whose TAC has stray spaces are trimmed, not lost.
        Assert.Equal("Nokia", (await db.Tacs.SingleAsync(t => t.Tac == "35572302")).Brand);
    }

    [SkippableFact]
    public async Task A_single_brand_list_needs_brand_and_reports_bad_rows_by_line()
    {
        SharedData.Require(SharedData.SamsungTacs);
        await using var store = await TestDb.CreateAsync();
        await using var db = store.Open();
        var e = await Assert.ThrowsAsync<CsvFormatException>(() => TacImport.ImportAsync(db, SharedData.SamsungTacs, null, default));
        Assert.Contains("no brand column", e.Message);
        var result = await TacImport.ImportAsync(db, SharedData.SamsungTacs, "Samsung", default);
        Assert.True(result.Imported > 8_000);
        Assert.All(result.Problems, p => Assert.Matches(@"line \d+: TAC '\d+' is not 8 digits", p));
        Assert.Equal("SM-N960F", (await db.Tacs.SingleAsync(t => t.Tac == "09167513")).Model);
    }

    [Fact]
    public async Task Plain_csv_import_replaces_earlier_rows_and_feeds_the_detector()
    {
        await using var world = await Learning.ModelWorld.CreateAsync();
        var csv = Path.Combine(world.DataDir, "tacs.csv");
        await File.WriteAllTextAsync(csv, "tac,brand,model\n35332011,Samsung,Galaxy A15\n12ab,Broken,Row\n35209900,Apple,iPhone 6\n");
        await using var db = world.Open();
        var first = await TacImport.ImportAsync(db, csv, null, default);
        Assert.Equal((2, 1), (first.Imported, first.Skipped));
        Assert.Contains("line 3: TAC '12ab' is not 8 digits", Assert.Single(first.Problems));
        await File.WriteAllTextAsync(csv, "tac,brand,model\n35332011,Samsung,Galaxy A15 5G\n");
        await TacImport.ImportAsync(db, csv, null, default);
        Assert.Equal("Galaxy A15 5G", (await db.Tacs.SingleAsync(t => t.Tac == "35332011")).Model);
        Assert.Equal(2, await db.Tacs.CountAsync());

        // Built the one way classify, evaluate and the crawl build it (DetectorFactory): the TAC directory comes with it.
        var result = world.Detector.Detect(new ListingText("IMEI iPhone 1 pcs", "353320119514433", 20_000));
        Assert.Contains(result.Reasons, r => r.Contains("valid IMEI 353320119514433 (Samsung Galaxy A15 5G)"));
        Assert.Contains(result.Reasons, r => r.Contains("brand-mismatch"));
    }

    [Fact]
    public async Task A_file_without_a_tac_column_is_refused_and_nothing_is_stored()
    {
        await using var store = await TestDb.CreateAsync();
        var csv = Path.Combine(store.DataDir, "wrong.csv");
        await File.WriteAllTextAsync(csv, "code,brand\n35332011,Samsung\n");
        await using var db = store.Open();
        var e = await Assert.ThrowsAsync<CsvFormatException>(() => TacImport.ImportAsync(db, csv, null, default));
        Assert.Contains("wrong.csv: line 2", e.Message);   // line 1 was taken as a licence line, line 2 is no header either
        Assert.Equal(0, await db.Tacs.CountAsync());
    }
}
