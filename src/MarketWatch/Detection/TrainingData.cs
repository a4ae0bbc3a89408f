using MarketWatch.Data;

namespace MarketWatch.Detection;

/// <summary>Reads labelled CSV (title, description, price_idr, label) for train and evaluate.</summary>
public static class TrainingData
{
    public static List<LabeledListing> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file");
        using var reader = StrictUtf8Reader.Open(path);
        return Read(new CsvTable(reader, path)).ToList();
    }

    /// <summary>Undoes the exports' formula guard ('= becomes =): the model learns the seller's text, not our marker.</summary>
    public static string Literal(string text) =>
        text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? text[1..] : text;

    public static IEnumerable<LabeledListing> Read(CsvTable table)
    {
        int title = table.Require("title"), label = table.Require("label");
        int? description = table.Optional("description"), price = table.Optional("price_idr"), family = table.Optional("family");
        while (table.Next() is { } row)
        {
            var l = row[label].Trim().ToLowerInvariant() switch
            {
                "1" or "true" or "yes" => true,
                "0" or "false" or "no" => false,
                var v => throw table.Error($"label '{v}' is not 0/1 or true/false"),
            };
            yield return new LabeledListing(Literal(row[title]), description is { } d ? Literal(row[d]) : null, ParsePrice(table, price is { } p ? row[p] : null), l,
                family is { } f && row[f].Length > 0 ? row[f] : null);
        }
    }

    public static long? ParsePrice(CsvTable table, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return long.TryParse(value.Trim(), out var v) && v >= 0 ? v : throw table.Error($"price_idr '{value}' is not a whole, non-negative number of rupiah");
    }
}
