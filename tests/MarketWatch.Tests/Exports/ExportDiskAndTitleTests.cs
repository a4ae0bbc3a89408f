using MarketWatch.Data;
using MarketWatch.Tests.Support;
using static MarketWatch.Tests.Exports.ExportFiles;

namespace MarketWatch.Tests.Exports;

/// <summary>Exports on a real small tmpfs that fills up, and a takedown PDF for a seller who writes pages of keywords.</summary>
public class ExportDiskAndTitleTests : IAsyncLifetime
{
    private TestDb _db = null!;
    private readonly TempDir _out = new();
    private static readonly DateTime Nov20 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private static readonly string LongWord = string.Concat(Enumerable.Repeat("UnblockIMEIpermanen", 1600));         // 30,400 characters, no space
    private static readonly string LongText = string.Concat(Enumerable.Repeat("unblock imei permanen all operator ", 880)).Trim();

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        await using var db = _db.Open();
        var seed = new ExportSeed(db, _db.DataDir);
        await seed.ListingAsync("tokopedia", "1001", "Unblock IMEI iPhone Inter", "TokoSatu", ReviewStatus.Confirmed, Nov20);
        await seed.ListingAsync("tokopedia", "1002", "Jual IMEI Samsung", "TokoDua", ReviewStatus.Confirmed, Nov20);
        await seed.ListingAsync("shopee", "2001", "Jasa IMEI", "ShopSatu", ReviewStatus.Confirmed, Nov20);
        await seed.ListingAsync("lazada", "3001", LongWord, "LazSatu", ReviewStatus.Confirmed, Nov20);
        await seed.ListingAsync("lazada", "3002", LongText, "LazDua", ReviewStatus.Confirmed, Nov20);
    }

    public async Task DisposeAsync() { _out.Dispose(); await _db.DisposeAsync(); }

    private Task<CliResult> Export(params string[] args) => AppProcess.RunAsync(["--data-dir", _db.DataDir, "export", .. args]);

    [Fact]
    public async Task When_the_disk_fills_after_the_data_file_the_export_leaves_nothing_and_the_earlier_export_stays_whole()
    {
        var reference = Path.Combine(_out.Path, "reference.csv");
        Assert.Equal(0, (await Export("takedown", "-m", "tokopedia", "-f", "csv", "-o", reference)).ExitCode);
        var size = new FileInfo(reference).Length;

        using var disk = new SmallDisk(512);
        var earlier = Path.Combine(disk.Path, "earlier.csv");
        Assert.Equal(0, (await Export("takedown", "-m", "shopee", "-f", "csv", "-o", earlier)).ExitCode);
        var before = (Data: await File.ReadAllBytesAsync(earlier), Manifest: await File.ReadAllBytesAsync(earlier + ".manifest.json"));
        disk.LeaveFree((size + 4095) / 4096 * 4096);   // room for the data file, not one page more for its manifest

        var output = Path.Combine(disk.Path, "toko.csv");
        (await Export("takedown", "-m", "tokopedia", "-f", "csv", "-o", output)).AssertOneErrorLine($"cannot write '{output}'", "No space left on device", "nothing was written");
        // Over an earlier export: the old pair stays as it was, not a new file beside an old manifest.
        (await Export("takedown", "-m", "tokopedia", "-f", "csv", "-o", earlier)).AssertOneErrorLine($"cannot write '{earlier}'", "No space left on device");
        Assert.Equal(["earlier.csv", "earlier.csv.manifest.json"], Directory.GetFiles(disk.Path).Select(Path.GetFileName).Where(n => !n!.StartsWith("filler")).Order());
        Assert.Equal(before.Data, await File.ReadAllBytesAsync(earlier));
        Assert.Equal(before.Manifest, await File.ReadAllBytesAsync(earlier + ".manifest.json"));
        VerifiedManifest(earlier, 1);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("pdf")]
    public async Task An_export_to_a_full_disk_writes_no_file_and_no_manifest(string format)
    {
        using var disk = new SmallDisk(256);
        disk.LeaveFree(0);
        var output = Path.Combine(disk.Path, "toko." + format);
        var result = await Export("takedown", "-m", "tokopedia", "-f", format, "-o", output);
        result.AssertOneErrorLine($"cannot write '{output}'", "No space left on device");
        Assert.All(Directory.GetFiles(disk.Path), f => Assert.StartsWith("filler", Path.GetFileName(f)));
    }

    [Fact]
    public async Task A_30000_character_title_is_cut_for_the_takedown_pdf_and_kept_whole_in_the_csv()
    {
        // Wrapping measured every prefix of a long word: 62 s for 9,000 characters, far past this test's 4 minutes for 30,000.
        var pdf = Path.Combine(_out.Path, "lazada.pdf");
        var result = await Export("takedown", "-m", "lazada", "-f", "pdf", "-o", pdf);
        Assert.True(result.ExitCode == 0, result.ToString());
        var pages = PdfPages(pdf);
        Assert.Equal(4, pages.Count);                                             // letter, summary, one page per listing
        var listing = pages.Single(p => p.Contains("Lampiran") && p.Contains("3001"));
        Assert.Contains(LongWord[..280], listing);
        Assert.DoesNotContain(LongWord[..320], listing);
        Assert.Contains("30.400 karakter", listing);                              // says that it was cut, and where the whole text is
        Assert.Contains("unblock imei permanen", pages.Single(p => p.Contains("Lampiran") && p.Contains("3002")));

        var csv = Path.Combine(_out.Path, "lazada.csv");
        Assert.Equal(0, (await Export("takedown", "-m", "lazada", "-f", "csv", "-o", csv)).ExitCode);
        Assert.Equal([LongWord, LongText], Csv(csv).Select(r => r["title"]));
    }
}
