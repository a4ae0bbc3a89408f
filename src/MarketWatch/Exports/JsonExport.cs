using System.Text.Json;

namespace MarketWatch.Exports;

/// <summary>A JSON array of objects keyed by column name, written as rows arrive. JSON is data, not a spreadsheet: no formula guard.</summary>
public static class JsonExport
{
    public static async Task WriteAsync(Stream output, ExportTable table, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        await foreach (var row in table.Rows.WithCancellation(ct))
        {
            json.WriteStartObject();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                json.WritePropertyName(table.Columns[i]);
                switch (row[i])
                {
                    case null: json.WriteNullValue(); break;
                    case bool b: json.WriteBooleanValue(b); break;
                    case long n: json.WriteNumberValue(n); break;
                    case double x: json.WriteNumberValue(Math.Round(x, 4)); break;
                    case var v: json.WriteStringValue(FormulaGuard.Text(v)); break;
                }
            }
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16) await json.FlushAsync(ct);
        }
        json.WriteEndArray();
    }
}
