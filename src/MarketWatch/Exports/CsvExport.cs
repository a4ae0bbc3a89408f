using System.Text;
using MarketWatch.Data;

namespace MarketWatch.Exports;

/// <summary>RFC 4180 CSV, UTF-8 with a byte-order mark so spreadsheets read Indonesian text and emoji right.</summary>
public static class CsvExport
{
    public static async Task WriteAsync(Stream output, ExportTable table, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        CsvWriter.WriteRecord(writer, table.Columns);
        var fields = new string?[table.Columns.Count];
        await foreach (var row in table.Rows.WithCancellation(ct))
        {
            for (var i = 0; i < fields.Length; i++) fields[i] = FormulaGuard.SafeText(row[i]);
            CsvWriter.WriteRecord(writer, fields);
        }
    }
}
