using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MiniExcelLibs;

namespace MarketWatch.Tests.Exports;

/// <summary>Exports read back by independent readers: CsvHelper, the OpenXML SDK, MiniExcel, PdfPig.</summary>
public static class ExportFiles
{
    public static List<Dictionary<string, string>> Csv(string path)
    {
        using var csv = CsvHelper.CsvReader.FromFile(path);
        var header = CsvHeader(csv);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => csv.GetString(p.i)));
        return rows;
    }

    public static string[] CsvHeader(string path)
    {
        using var csv = CsvHelper.CsvReader.FromFile(path);
        return CsvHeader(csv);
    }

    private static string[] CsvHeader(CsvHelper.CsvReader csv) => csv.Headers.Select(h => h.TrimStart('\uFEFF')).ToArray();

    /// <summary>The sheet through the OpenXML SDK (which also proves the package is well formed): header plus rows as text.</summary>
    public static List<Dictionary<string, string>> XlsxOpenXml(string path)
    {
        using var doc = SpreadsheetDocument.Open(path, false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
        return rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    public static List<IDictionary<string, object?>> XlsxMiniExcel(string path) =>
        MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();

    public static List<string> PdfPages(string path)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(path);
        return pdf.GetPages().Select(p => p.Text).ToList();
    }

    public static int PdfImages(string path, int page)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(path);
        return pdf.GetPage(page).GetImages().Count();
    }

    /// <summary>Checks the manifest against the file and returns it.</summary>
    public static JsonElement VerifiedManifest(string path, int rows)
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(path + ".manifest.json")).RootElement;
        Assert.Equal(Path.GetFileName(path), manifest.GetProperty("file").GetString());
        Assert.Equal(new FileInfo(path).Length, manifest.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), manifest.GetProperty("sha256").GetString());
        Assert.Equal(rows, manifest.GetProperty("rows").GetInt32());
        Assert.True(DateTime.UtcNow - manifest.GetProperty("generatedAtUtc").GetDateTime().ToUniversalTime() < TimeSpan.FromMinutes(5));
        Assert.StartsWith("0.1.0", manifest.GetProperty("marketWatchVersion").GetString());
        return manifest;
    }

    public static string NoSpace(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
}
