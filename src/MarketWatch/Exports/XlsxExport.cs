using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MarketWatch.Exports;

/// <summary>
/// XLSX with rows written as they arrive. The sheet goes through the SDK's SAX-style OpenXmlWriter straight into a zip
/// entry: SpreadsheetDocument.Create needs a readable stream, and System.IO.Packaging then buffers each whole part in
/// memory (about 100 MB of XML for 100,000 rows). The few fixed package parts are written as they are. Strings are
/// inline (no shared string table to hold), times are ISO text in UTC, numbers are numbers.
/// </summary>
public static class XlsxExport
{
    private const string Xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private const string ContentTypes = Xml + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>";
    private const string PackageRels = Xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    private const string WorkbookRels = Xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

    public static async Task WriteAsync(Stream output, string sheetName, ExportTable table, CancellationToken ct)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Text(zip, "[Content_Types].xml", ContentTypes);
        Text(zip, "_rels/.rels", PackageRels);
        Text(zip, "xl/_rels/workbook.xml.rels", WorkbookRels);
        await using (var part = zip.CreateEntry("xl/workbook.xml", CompressionLevel.Fastest).Open())
        using (var w = OpenXmlWriter.Create(part))
            w.WriteElement(new Workbook(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = "rId1" })));
        await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        using var writer = OpenXmlWriter.Create(sheet);
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }));
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, table.Columns.Cast<object?>().ToArray());
        await foreach (var row in table.Rows.WithCancellation(ct)) WriteRow(writer, row);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void Text(ZipArchive zip, string name, string content)
    {
        using var s = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        s.Write(content);
    }

    private static void WriteRow(OpenXmlWriter w, object?[] cells)
    {
        w.WriteStartElement(new Row());
        foreach (var value in cells)
        {
            switch (value)
            {
                case null: w.WriteElement(new Cell()); break;
                case long or int or double:
                    w.WriteElement(new Cell { DataType = CellValues.Number, CellValue = new CellValue(FormulaGuard.Text(value)) });
                    break;
                case bool b: w.WriteElement(new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") }); break;
                default:
                    w.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(XmlSafe(FormulaGuard.SafeText(value))) { Space = SpaceProcessingModeValues.Preserve }) });
                    break;
            }
        }
        w.WriteEndElement();
    }

    /// <summary>XML 1.0 cannot carry most control characters; a hostile title holding one must not break the file.</summary>
    private static string XmlSafe(string s)
    {
        if (!s.AsSpan().ContainsAnyInRange('\0', '\u001f') && !s.Any(char.IsSurrogate)) return s;
        var b = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { b.Append(c).Append(s[++i]); continue; }
            if (char.IsSurrogate(c) || (c < ' ' && c is not '\t' and not '\n' and not '\r')) { b.Append('\uFFFD'); continue; }
            b.Append(c);
        }
        return b.ToString();
    }
}
