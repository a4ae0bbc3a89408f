using MarketWatch.Data;
using MarketWatch.Exports;
using MarketWatch.Tests.Support;
using static MarketWatch.Tests.Exports.ExportFiles;

namespace MarketWatch.Tests.Exports;

/// <summary>Seller-written text that a spreadsheet would run as a formula is neutralised in CSV and XLSX, and stays readable.</summary>
public class FormulaInjectionTests
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("-50% Unblock IMEI", "'-50% Unblock IMEI")]
    [InlineData("\tx", "'\tx")]
    [InlineData("Unblock IMEI = murah", "Unblock IMEI = murah")]
    [InlineData("", "")]
    public void Leading_trigger_gets_an_apostrophe_and_nothing_else_changes(string text, string expected) =>
        Assert.Equal(expected, FormulaGuard.Neutralise(text));

    [SkippableFact]
    public async Task Hostile_titles_and_seller_names_are_neutralised_in_csv_and_xlsx()
    {
        var hostile = SharedData.Path_("hostile/csv-injection.txt");
        SharedData.Require(hostile);
        var payloads = (await File.ReadAllLinesAsync(hostile)).Where(l => l.Length > 0).ToList();
        await using var store = await TestDb.CreateAsync();
        await using (var db = store.Open())
        {
            var seed = new ExportSeed(db, store.DataDir);
            for (var i = 0; i < payloads.Count; i++)
                await seed.ListingAsync("tokopedia", $"h{i:00}", payloads[i], payloads[i], ReviewStatus.Confirmed, DateTime.UtcNow.AddDays(-1), evidence: false);
        }
        using var dir = new TempDir();
        var csv = Path.Combine(dir.Path, "h.csv");
        var xlsx = Path.Combine(dir.Path, "h.xlsx");
        foreach (var (file, format) in new[] { (csv, "csv"), (xlsx, "xlsx") })
        {
            var result = await AppProcess.RunAsync("--data-dir", store.DataDir, "export", "takedown", "-m", "tokopedia", "-f", format, "-o", file);
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        var expected = payloads.Select(FormulaGuard.Neutralise).ToList();
        foreach (var rows in new[] { Csv(csv), XlsxOpenXml(xlsx) })
        {
            Assert.Equal(expected, rows.Select(r => r["title"]));           // readable: the payload itself after one apostrophe
            Assert.Equal(expected, rows.Select(r => r["seller_name"]));
            Assert.All(rows.SelectMany(r => r.Values), cell => Assert.False(cell.Length > 0 && Triggers.Contains(cell[0]), $"live formula cell: {cell}"));
        }
        Assert.Equal(expected, XlsxMiniExcel(xlsx).Select(r => r["title"]!.ToString()));
    }
}
