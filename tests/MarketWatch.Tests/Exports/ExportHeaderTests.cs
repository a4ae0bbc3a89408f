using MarketWatch.Data;
using MarketWatch.Exports;
using MarketWatch.Tests.Support;
using static MarketWatch.Tests.Exports.ExportFiles;

namespace MarketWatch.Tests.Exports;

/// <summary>
/// `export --headers machine|id|en` through the real binary: scripts and `train` keep the machine names (the default),
/// people get headers and the PDF's own labels in Bahasa Indonesia or English, and the rows are the same in all three.
/// </summary>
public class ExportHeaderTests : IAsyncLifetime
{
    private TestDb _db = null!;
    private readonly TempDir _out = new();

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = _db.Open();
        var seed = new ExportSeed(db, _db.DataDir);
        var at = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        await seed.ListingAsync("tokopedia", "1001", "Unblock IMEI iPhone Inter", "TokoSatu", ReviewStatus.Confirmed, at, price: 1_250_000);
        await seed.ListingAsync("tokopedia", "1002", "Jual IMEI Samsung", "TokoDua", ReviewStatus.Confirmed, at.AddDays(1));
    }

    public async Task DisposeAsync() { _out.Dispose(); await _db.DisposeAsync(); }

    private async Task<string> ExportAsync(string name, params string[] args)
    {
        var file = Path.Combine(_out.Path, name);
        var result = await AppProcess.RunAsync(["--data-dir", _db.DataDir, "export", "takedown", "-m", "tokopedia", "-o", file, .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return file;
    }

    [Fact]
    public async Task Csv_headers_are_machine_names_by_default_and_Indonesian_or_English_when_asked_with_the_same_rows()
    {
        var machine = await ExportAsync("machine.csv", "-f", "csv");
        var id = await ExportAsync("id.csv", "-f", "csv", "--headers", "id");
        var en = await ExportAsync("en.csv", "-f", "csv", "--headers", "en");

        Assert.Equal(TakedownRow.Columns, CsvHeader(machine));   // what scripts and `train` read
        var indonesian = CsvHeader(id);
        var english = CsvHeader(en);
        Assert.Equal(TakedownRow.Columns.Length, indonesian.Length);
        Assert.Equal(TakedownRow.Columns.Length, english.Length);
        foreach (var (column, idLabel, enLabel) in new[] { ("product_id", "ID produk", "Product id"), ("seller_name", "Penjual", "Seller"),
                     ("price_idr", "Harga (Rp)", "Price (Rp)"), ("title", "Judul", "Title"), ("reviewer", "Ditinjau oleh", "Reviewed by") })
        {
            var i = Array.IndexOf(TakedownRow.Columns, column);
            Assert.Equal((idLabel, enLabel), (indonesian[i], english[i]));
        }
        Assert.Equal(indonesian.Length, indonesian.Distinct().Count());   // a spreadsheet needs every header once
        Assert.Equal(english.Length, english.Distinct().Count());

        // Only the header changes: the cells are the same, in the same order.
        static List<string[]> Cells(string file) => Csv(file).Select(r => r.Values.ToArray()).ToList();
        Assert.Equal(Cells(machine), Cells(id));
        Assert.Equal(Cells(machine), Cells(en));
        VerifiedManifest(id, 2);
    }

    [Fact]
    public async Task Xlsx_headers_follow_the_asked_language()
    {
        var file = await ExportAsync("id.xlsx", "-f", "xlsx", "--headers", "id");
        var rows = XlsxOpenXml(file);
        Assert.Equal(["1001", "1002"], rows.Select(r => r["ID produk"]));
        Assert.Equal(["TokoSatu", "TokoDua"], rows.Select(r => r["Penjual"]));
    }

    [Fact]
    public async Task The_pdf_labels_are_Indonesian_by_default_and_English_when_asked_while_the_letter_stays_Indonesian()
    {
        var id = PdfPages(await ExportAsync("id.pdf", "-f", "pdf"));
        var en = PdfPages(await ExportAsync("en.pdf", "-f", "pdf", "--headers", "en"));
        Assert.Equal(id.Count, en.Count);                        // letter, summary, a page per listing
        Assert.Contains("Kepada Yth.", id[0]);                   // the letter goes to Indonesian platforms in both
        Assert.Contains("Kepada Yth.", en[0]);
        Assert.Contains("Ringkasan: 2 tautan", id[1]);
        Assert.Contains("Summary: 2 link(s)", en[1]);
        Assert.Contains("ID produk", id[1]);
        Assert.Contains("Product id", en[1]);
        Assert.Contains("1.250.000", id[1]);                     // Rp1.250.000 as Indonesians write it
        Assert.Contains("1,250,000", en[1]);
        Assert.DoesNotContain("Summary", id[1]);
        Assert.DoesNotContain("Ringkasan", en[1]);
    }

    [Fact]
    public async Task An_unknown_header_language_is_refused_naming_the_choices_and_writes_nothing()
    {
        var file = Path.Combine(_out.Path, "x.csv");
        var result = await AppProcess.RunAsync(["--data-dir", _db.DataDir, "export", "takedown", "-m", "tokopedia", "-f", "csv", "-o", file, "--headers", "klingon"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown headers 'klingon' (one of: machine, id, en)", result.Stderr);
        Assert.False(File.Exists(file));
    }
}
