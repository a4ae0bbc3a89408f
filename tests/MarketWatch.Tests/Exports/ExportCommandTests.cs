using System.Text.Json;
using MarketWatch.Data;
using MarketWatch.Tests.Support;
using static MarketWatch.Tests.Exports.ExportFiles;

namespace MarketWatch.Tests.Exports;

/// <summary>
/// `marketwatch export ...` run as the real binary over a seeded database, every file read back by another library. The
/// rows each export selects are checked on both engines (<see cref="ExportCommandOnPostgresTests"/>).
/// </summary>
public abstract class ExportQueryTests : IAsyncLifetime
{
    protected TestDb _db = null!;
    protected readonly TempDir _out = new();
    protected static readonly DateTime Nov20 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>The database these exports read; <see cref="ExportCommandOnPostgresTests"/> runs the query tests on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync(Provider);
        await using var db = _db.Open();
        var seed = new ExportSeed(db, _db.DataDir);
        db.Tacs.Add(new TacEntry { Tac = "35332011", Brand = "Samsung", Model = "Galaxy S7", Source = "test" });
        await seed.ListingAsync("tokopedia", "1001", "Unblock IMEI iPhone Inter", "TokoSatu", ReviewStatus.Confirmed, Nov20, [ExportSeed.SharedImei, "353320119514434"]);
        var b = await seed.ListingAsync("tokopedia", "1002", "Jual IMEI Samsung, \"resmi\"", "TokoDua", ReviewStatus.Confirmed, Nov20.AddDays(5), [ExportSeed.SharedImei, ExportSeed.OtherImei], reviewer: "budi");
        await seed.ListingAsync("tokopedia", "1003", "IMEI Samsung bersih", "TokoSatu", ReviewStatus.Confirmed, Nov20.AddDays(6), [ExportSeed.SharedImei], evidence: false);
        await seed.ListingAsync("tokopedia", "1004", "Inject IMEI (pending)", "TokoTiga", ReviewStatus.Pending, null, [ExportSeed.OtherImei, "490154203237518"]);
        await seed.ListingAsync("tokopedia", "1005", "Casing HP", "TokoTiga", ReviewStatus.Dismissed, Nov20);
        await seed.ListingAsync("shopee", "2001", "Jasa IMEI", "ShopSatu", ReviewStatus.Confirmed, Nov20.AddDays(1), ["356938035643817"]);
        // Marked valid but failing the check digit, and a well-known sample IMEI: the blocklist must not trust the label alone.
        db.ImeiMentions.Add(new ImeiMention { ListingId = b.Id, Imei = "353320119514435", Status = "valid", Tac = "35332011", RawText = "x", FirstSeenAt = Nov20 });
        db.ImeiMentions.Add(new ImeiMention { ListingId = b.Id, Imei = "356938035643809", Status = "valid", Tac = "35693803", RawText = "x", FirstSeenAt = Nov20 });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() { _out.Dispose(); await _db.DisposeAsync(); }

    protected string Out(string name) => Path.Combine(_out.Path, name);

    protected async Task<CliResult> Export(params string[] args)
    {
        var result = await AppProcess.RunAsync(["--data-dir", _db.DataDir, "export", .. args]);
        return result;
    }

    [Fact]
    public async Task Takedown_csv_has_each_confirmed_listing_with_its_latest_confirmation_and_evidence_and_a_manifest_that_verifies()
    {
        var file = Out("toko.csv");
        var result = await Export("takedown", "--marketplace", "tokopedia", "--format", "csv", "--output", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = Csv(file);
        Assert.Equal(["1001", "1002", "1003"], rows.Select(r => r["product_id"]));
        var a = rows[0];
        Assert.Equal("https://www.tokopedia.example/p/1001", a["listing_url"]);
        Assert.Equal("TokoSatu", a["seller_name"]);
        Assert.Equal("https://tokopedia.example/TokoSatu", a["seller_url"]);
        Assert.Equal("150000", a["price_idr"]);
        Assert.Equal("2026-11-01T03:00:00Z", a["first_seen_utc"]);
        Assert.Equal("rina", a["reviewer"]);                              // the latest confirmation, not the earlier one
        Assert.Equal("2026-11-20T10:00:00Z", a["decided_at_utc"]);
        Assert.Equal("phrase offering an IMEI service: 'unblock imei' | classifier 0.97", a["reason"]);
        Assert.Equal("2026-11-02T03:00:00Z", a["evidence_captured_at_utc"]);
        await using (var db = _db.Open())
        {
            var capture = db.Evidence.OrderBy(e => e.Id).First();
            Assert.Equal(capture.HtmlSha256, a["evidence_html_sha256"]);
            Assert.Equal(capture.ScreenshotSha256, a["evidence_screenshot_sha256"]);
        }
        Assert.Equal("Jual IMEI Samsung, \"resmi\"", rows[1]["title"]);
        Assert.Equal("budi", rows[1]["reviewer"]);
        Assert.Equal("", rows[2]["evidence_html_sha256"]);               // no evidence kept: an empty cell, not a wrong one
        var manifest = VerifiedManifest(file, 3);
        Assert.Equal("takedown", manifest.GetProperty("export").GetString());
        Assert.Equal("tokopedia", manifest.GetProperty("filters").GetProperty("marketplace").GetString());
        Assert.Equal(["imei-offer-test01"], manifest.GetProperty("modelVersions").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("2026-11-25", null, new[] { "1002", "1003" })]
    [InlineData(null, "2026-11-24", new[] { "1001" })]
    [InlineData("2026-11-26", "2026-11-26", new[] { "1003" })]
    public async Task Takedown_period_selects_by_day_of_confirmation(string? since, string? until, string[] expected)
    {
        var file = Out("period.csv");
        string[] args = ["takedown", "-m", "tokopedia", "-f", "csv", "-o", file];
        if (since is not null) args = [.. args, "--since", since];
        if (until is not null) args = [.. args, "--until", until];
        var result = await Export(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, Csv(file).Select(r => r["product_id"]));
        var filters = VerifiedManifest(file, expected.Length).GetProperty("filters");
        Assert.Equal(since, filters.TryGetProperty("since", out var s) ? s.GetString() : null);
    }

    [Fact]
    public async Task Blocklist_holds_only_valid_imeis_of_confirmed_listings_and_counts_listings_and_sellers()
    {
        var file = Out("blocklist.csv");
        var result = await Export("imei-blocklist", "--format", "csv", "--output", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = Csv(file).ToDictionary(r => r["imei"]);
        Assert.Equal([ExportSeed.OtherImei, ExportSeed.SharedImei, "356938035643817"], rows.Keys.Order());
        var shared = rows[ExportSeed.SharedImei];
        Assert.Equal(("3", "2"), (shared["listings"], shared["sellers"]));   // 1001 and 1003 share a seller
        Assert.Equal(("Samsung", "Galaxy S7", "35332011"), (shared["brand"], shared["model"], shared["tac"]));
        Assert.Equal(["https://www.tokopedia.example/p/1001", "https://www.tokopedia.example/p/1002", "https://www.tokopedia.example/p/1003"],
            shared["listing_urls"].Split(' '));
        Assert.Equal(("1", "1"), (rows[ExportSeed.OtherImei]["listings"], rows[ExportSeed.OtherImei]["sellers"]));   // the pending listing does not count
        Assert.All(rows.Keys, imei => Assert.Equal(MarketWatch.Detection.ImeiStatus.Valid, MarketWatch.Detection.Imei.Classify(imei)));
        VerifiedManifest(file, 3);

        var xlsx = Out("blocklist.xlsx");
        Assert.Equal(0, (await Export("imei-blocklist", "-f", "xlsx", "-o", xlsx)).ExitCode);
        Assert.Equal(rows.Keys.Order(), XlsxMiniExcel(xlsx).Select(r => r["imei"]!.ToString()));
    }

    [Fact]
    public async Task Listings_export_filters_by_flag_and_status()
    {
        var all = Out("all.json");
        Assert.Equal(0, (await Export("listings", "-f", "json", "-o", all)).ExitCode);
        var rows = JsonDocument.Parse(File.ReadAllText(all)).RootElement.EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        var b = rows.Single(r => r.GetProperty("product_id").GetString() == "1002");
        // As detection stored them: the analyst sees the mention labelled valid that the blocklist refuses.
        Assert.Equal($"{ExportSeed.SharedImei};{ExportSeed.OtherImei};353320119514435;356938035643809", b.GetProperty("valid_imeis").GetString());
        Assert.Equal(("Confirmed", "budi", "checked"), (b.GetProperty("decision").GetString(), b.GetProperty("reviewer").GetString(), b.GetProperty("decision_note").GetString()));
        Assert.Equal(0.97, b.GetProperty("score").GetDouble());
        VerifiedManifest(all, 6);

        var flaggedPending = Out("pending.csv");
        Assert.Equal(0, (await Export("listings", "--flagged", "--status", "pending", "-f", "csv", "-o", flaggedPending)).ExitCode);
        Assert.Equal(["1004"], Csv(flaggedPending).Select(r => r["product_id"]));
        var flagged = Out("flagged.xlsx");
        Assert.Equal(0, (await Export("listings", "--flagged", "-f", "xlsx", "-o", flagged)).ExitCode);
        Assert.Equal(5, XlsxOpenXml(flagged).Count);                     // all but the dismissed one
        Assert.Equal("Pending", VerifiedManifest(flaggedPending, 1).GetProperty("filters").GetProperty("status").GetString());
    }

}

/// <summary>
/// What does not depend on the database engine: the file formats and the refusals of bad arguments, on SQLite only
/// (running them again on PostgreSQL tested the same writers twice at the cost of a database per case).
/// </summary>
public sealed class ExportCommandTests : ExportQueryTests
{
    [Fact]
    public async Task Takedown_xlsx_reads_the_same_in_the_OpenXml_SDK_and_MiniExcel()
    {
        var file = Out("toko.xlsx");
        var result = await Export("takedown", "-m", "tokopedia", "-f", "xlsx", "-o", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        var sdk = XlsxOpenXml(file);
        var mini = XlsxMiniExcel(file);
        Assert.Equal(["1001", "1002", "1003"], sdk.Select(r => r["product_id"]));
        Assert.Equal(["1001", "1002", "1003"], mini.Select(r => r["product_id"]!.ToString()));
        Assert.Equal(150000d, Convert.ToDouble(mini[0]["price_idr"]));   // a number cell, not text
        Assert.Equal("Jual IMEI Samsung, \"resmi\"", sdk[1]["title"]);
        Assert.Equal(Csv(await CsvOf("tokopedia"))[0]["evidence_html_sha256"], sdk[0]["evidence_html_sha256"]);
        VerifiedManifest(file, 3);
    }

    private async Task<string> CsvOf(string marketplace)
    {
        var file = Out(marketplace + "-ref.csv");
        Assert.Equal(0, (await Export("takedown", "-m", marketplace, "-f", "csv", "-o", file)).ExitCode);
        return file;
    }

    [Fact]
    public async Task Takedown_pdf_is_a_letter_in_Indonesian_a_summary_and_a_page_per_listing_with_its_screenshot()
    {
        var file = Out("toko.pdf");
        var result = await Export("takedown", "-m", "tokopedia", "--since", "2026-11-01", "-f", "pdf", "-o", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        var pages = PdfPages(file);
        Assert.Equal(5, pages.Count);                                    // letter, summary, three listings
        Assert.Contains("Tokopedia", pages[0]);
        Assert.Contains("3 tautan", pages[0]);
        Assert.Contains("Kepada Yth.", pages[0]);
        Assert.Contains("1 November 2026", pages[0]);                     // the period, in Indonesian
        Assert.Contains("Ringkasan", pages[1]);
        foreach (var id in new[] { "1001", "1002", "1003" }) Assert.Contains(id, pages[1]);
        Capture capture;
        await using (var db = _db.Open()) { var e = db.Evidence.OrderBy(x => x.Id).First(); capture = new(e.HtmlSha256, e.ScreenshotSha256!); }
        Assert.Contains("https://www.tokopedia.example/p/1001", NoSpace(pages[2]));
        Assert.Contains(capture.Html, NoSpace(pages[2]));
        Assert.Contains(capture.Screenshot, NoSpace(pages[2]));
        Assert.Contains("2026-11-02T03:00:00Z", pages[2]);
        Assert.Equal(1, PdfImages(file, 3));                              // the screenshot on the first listing's page
        Assert.Contains("tidak ada bukti tersimpan", pages[4]);           // 1003 has no evidence, and says so
        VerifiedManifest(file, 3);
    }

    private sealed record Capture(string Html, string Screenshot);

    [Theory]
    [InlineData(new[] { "takedown", "-m", "ebay", "-f", "csv" }, "unknown marketplace 'ebay'")]
    [InlineData(new[] { "takedown", "-m", "shopee", "--since", "2026-02-30", "-f", "csv" }, "--since '2026-02-30' is not a date")]
    [InlineData(new[] { "takedown", "-m", "shopee", "--since", "2026-12-01", "--until", "2026-11-01", "-f", "csv" }, "is after --until")]
    [InlineData(new[] { "takedown", "-m", "shopee", "-f", "docx" }, "unknown format 'docx' (one of: csv, xlsx, pdf)")]
    [InlineData(new[] { "imei-blocklist", "-f", "pdf" }, "unknown format 'pdf' (one of: csv, xlsx)")]
    [InlineData(new[] { "listings", "--status", "approved", "-f", "csv" }, "unknown review status 'approved'")]
    public async Task Bad_input_is_named_with_exit_code_2_and_writes_nothing(string[] args, string expected)
    {
        var file = Out("bad.out");
        var result = await Export([.. args, "-o", file]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: " , result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.Empty(Directory.GetFiles(_out.Path));
    }

    [Fact]
    public async Task Unwritable_output_is_named_with_exit_code_2()
    {
        var result = await Export("takedown", "-m", "shopee", "-f", "csv", "-o", Path.Combine(_out.Path, "no", "such", "dir", "x.csv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot write", result.Stderr);
        Assert.Contains(Path.Combine("no", "such", "dir", "x.csv"), result.Stderr);
    }

    [Fact]
    public async Task Empty_result_still_writes_headers_and_a_manifest_of_0_rows()
    {
        foreach (var format in new[] { "csv", "xlsx", "pdf" })
        {
            var file = Out("empty." + format);
            var result = await Export("takedown", "-m", "lazada", "-f", format, "-o", file);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("no rows matched", result.Stderr);
            VerifiedManifest(file, 0);
        }
        Assert.Equal(MarketWatch.Exports.TakedownRow.Columns, CsvHeader(Out("empty.csv")));
        Assert.Empty(XlsxOpenXml(Out("empty.xlsx")));
        Assert.Contains("Tidak ada tautan", string.Join("\n", PdfPages(Out("empty.pdf"))));
    }
}

public sealed class ExportCommandOnPostgresTests : ExportQueryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
