using System.CommandLine;
using System.Text;
using MarketWatch.Data;
using MarketWatch.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>`export decisions`: reviewer labels as a training CSV (`train --input FILE` reads it).</summary>
public static class ExportDecisionsCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "CSV file to write", Required = true };
        var since = new Option<DateOnly?>("--since") { Description = "Only decisions made on or after this day (yyyy-MM-dd, UTC)" };
        var command = new Command("decisions", "Reviewer decisions as labelled data (title, description, price_idr, label, ...) for retraining") { output, since };
        command.SetAction((result, ct) => CommandLine.Guard(async () =>
        {
            var file = result.GetValue(output)!;
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            // Written beside the target and moved into place: an interrupted export never leaves half a file.
            var temp = file.FullName + ".partial";
            int rows;
            try
            {
                await using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
                    rows = await DecisionExport.WriteAsync(db, writer, result.GetValue(since)?.ToDateTime(TimeOnly.MinValue), ct);
                File.Move(temp, file.FullName, overwrite: true);
                var models = await db.Detections.Select(d => d.ModelVersion).Distinct().ToListAsync(ct);
                await MarketWatch.Exports.Manifest.WriteAsync(file.FullName, "decisions", "csv",
                    new Dictionary<string, string?> { ["since"] = result.GetValue(since)?.ToString("yyyy-MM-dd") }, rows, models, DateTime.UtcNow, ct);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException or IOException)
            {
                try { File.Delete(temp); } catch (IOException) { }
                await Console.Error.WriteLineAsync($"error: cannot write {file.FullName}: {e.Message}");
                return 2;
            }
            Console.WriteLine($"wrote {rows} labelled listing(s) to {file.FullName} (and {Path.GetFileName(MarketWatch.Exports.Manifest.PathOf(file.FullName))})");
            return 0;
        }));
        return command;
    }
}
