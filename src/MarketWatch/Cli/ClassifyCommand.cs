using System.CommandLine;
using System.Text;
using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>
/// `classify`: a public interface for analysts' scripts. Streams the input row by row (memory stays flat)
/// into a temporary file that replaces the output only when every row succeeded: no partial output.
/// </summary>
public static class ClassifyCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "CSV with a header containing title (required), description, price_idr; '-' for stdin", Required = true };
        var output = new Option<string>("--output") { Description = "CSV to write: every input column plus flagged, score, imeis, reasons; '-' for stdout", Required = true };
        var command = new Command("classify", "Flag IMEI offers in a CSV of listings") { input, output };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var inPath = result.GetValue(input)!;
            var outPath = result.GetValue(output)!;
            if (inPath != "-" && !File.Exists(inPath)) throw new FileNotFoundException($"{inPath}: no such file");
            var outDir = outPath == "-" ? Path.GetTempPath() : Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            if (!Directory.Exists(outDir)) throw new FileNotFoundException($"{outPath}: folder '{outDir}' does not exist");

            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            var detector = await CliServices.DetectorAsync(services, ct);
            var temp = Path.Combine(outDir, $".{Path.GetFileName(outPath == "-" ? "stdout" : outPath)}.{Guid.NewGuid():N}.tmp");
            try
            {
                int rows;
                using (var reader = inPath == "-" ? new StrictUtf8Reader(Console.OpenStandardInput()) : StrictUtf8Reader.Open(inPath))
                await using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
                    rows = Run(new CsvTable(reader, inPath == "-" ? "stdin" : inPath), writer, detector, ct);
                if (outPath == "-")
                {
                    await using var stdout = Console.OpenStandardOutput();
                    await using var file = File.OpenRead(temp);
                    await file.CopyToAsync(stdout, ct);
                }
                else File.Move(temp, outPath, overwrite: true);
                await Console.Error.WriteLineAsync($"classified {rows} row(s) with {detector.ModelVersion}");
                return 0;
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }));
        return command;
    }

    public static int Run(CsvTable table, TextWriter writer, Detector detector, CancellationToken ct)
    {
        var title = table.Require("title");
        int? description = table.Optional("description"), price = table.Optional("price_idr");
        var added = new[] { "flagged", "score", "imeis", "reasons" };
        foreach (var column in added)
            if (table.Optional(column) is not null) throw new CsvFormatException(table.Source, 1, $"the input already has a '{column}' column, which classify writes");
        CsvWriter.WriteRecord(writer, [.. table.Header, .. added]);
        var rows = 0;
        var fields = new List<string?>(table.Header.Count + added.Length);
        while (table.Next() is { } row)
        {
            if (++rows % 4096 == 0) ct.ThrowIfCancellationRequested();
            var r = detector.Detect(new ListingText(row[title], description is { } d ? row[d] : null, TrainingData.ParsePrice(table, price is { } p ? row[p] : null)));
            fields.Clear();
            fields.AddRange(row);
            fields.Add(r.Flagged ? "true" : "false");
            fields.Add(r.Score.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture));
            fields.Add(string.Join(';', r.ValidImeis.Select(i => i.Imei)));
            fields.Add(string.Join(" | ", r.Reasons));
            CsvWriter.WriteRecord(writer, fields);
        }
        return rows;
    }
}
