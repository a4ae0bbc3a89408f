using System.CommandLine;
using System.Globalization;
using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Exports;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>`export takedown | imei-blocklist | listings`: the formal documents that leave MarketWatch, each with its manifest.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var marketplace = new Option<string>("--marketplace", "-m") { Description = "The marketplace the request is addressed to", Required = true };
        var since = new Option<string?>("--since") { Description = "First day of confirmations included (yyyy-MM-dd, Exports:TimeZone)" };
        var until = new Option<string?>("--until") { Description = "Last day of confirmations included (yyyy-MM-dd)" };
        var takedown = new Command("takedown", "Confirmed listings of one marketplace as a takedown request (csv, xlsx, or pdf: letter, summary, a page per listing)")
            { marketplace, since, until, Format("csv|xlsx|pdf"), Output(), Headers() };
        takedown.SetAction((result, ct) => Run(result, (exporter, format, output) => exporter.TakedownAsync(
            new TakedownRequest(result.GetValue(marketplace)!, Day(result.GetValue(since), "--since"), Day(result.GetValue(until), "--until")), format, output, ct), ct));

        var blocklist = new Command("imei-blocklist", "Every valid IMEI of confirmed listings with its TAC brand/model, first seen, listings and sellers")
            { Format("csv|xlsx"), Output(), Headers() };
        blocklist.SetAction((result, ct) => Run(result, (exporter, format, output) => exporter.BlocklistAsync(format, output, ct), ct));

        var flagged = new Option<bool>("--flagged") { Description = "Only flagged listings" };
        var status = new Option<string?>("--status") { Description = "Only listings with this review status: Pending, Confirmed, Dismissed, NeedsInfo" };
        var listings = new Command("listings", "All listings with their latest detection and decision, for analysts") { flagged, status, Format("csv|json|xlsx"), Output(), Headers() };
        listings.SetAction((result, ct) => Run(result, (exporter, format, output) =>
            exporter.ListingsAsync(result.GetValue(flagged), result.GetValue(status), format, output, ct), ct));

        var decidedSince = new Option<string?>("--since") { Description = "Only decisions made on or after this day (yyyy-MM-dd, UTC)" };
        var decisions = new Command("decisions", "Reviewer decisions as labelled data (title, description, price_idr, label, ...) for retraining") { decidedSince, Output() };
        decisions.SetAction((result, ct) => Run(result, (exporter, _, output) =>
            exporter.DecisionsAsync(Day(result.GetValue(decidedSince), "--since"), output, ct), ct, format: "csv"));

        var caseId = new Argument<long>("ID") { Description = "The case (a merged case's old id leads to the case that holds it now)" };
        var dossier = new Command("case", "A seller network's dossier for investigators: accounts, contacts, IMEIs, links, timeline, every listing with its evidence (pdf or json)")
            { caseId, Format("pdf|json"), Output() };
        dossier.SetAction((result, ct) => Run(result, (exporter, format, output) => exporter.CaseAsync(result.GetValue(caseId), format, output, ct), ct));

        return new Command("export", "Takedown requests, the IMEI blocklist, listings for analysts, reviewer decisions as training data, and case dossiers; each FILE gets FILE.manifest.json")
            { takedown, blocklist, listings, decisions, dossier };
    }

    private static Option<string> Format(string formats) => new("--format", "-f") { Description = formats, Required = true };
    // Machine names by default: scripts, `train` and the tests read them; people can ask for Indonesian or English.
    private static Option<string> Headers() => new("--headers")
    {
        Description = "Column headers (and the PDF's labels): machine (the default: stable names for scripts), id (Bahasa Indonesia) or en",
        DefaultValueFactory = _ => ColumnLabels.Machine,
    };

    private static Option<string> Output() => new("--output", "-o") { Description = "File to write (FILE.manifest.json is written beside it)", Required = true };

    private static Task<int> Run(ParseResult result, Func<Exporter, string, string, Task<Manifest>> export, CancellationToken ct, string? format = null) => CommandLine.Guard(result, async () =>
    {
        format ??= result.GetValue<string>("--format")!.ToLowerInvariant();
        var output = result.GetValue<string>("--output")!;
        try
        {
            var paths = CommandLine.Paths(result);
            await using var services = await CliServices.StartAsync(paths, ct);
            var exporter = new Exporter(services.GetRequiredService<IDbContextFactory<MarketWatchDb>>(), services.GetRequiredService<MarketplaceCatalog>(),
                ExportServices.Options(paths.LoadConfiguration()), services.GetRequiredService<EvidenceStore>(), services.GetService<SnapshotRenderer>())
                { Headers = ColumnLabels.Culture(result.GetResult("--headers") is null ? null : result.GetValue<string>("--headers")) };
            var manifest = await export(exporter, format, output);
            Console.WriteLine($"wrote {manifest.Rows} row(s) to {output} ({manifest.Bytes:N0} bytes, sha256 {manifest.Sha256})");
            Console.WriteLine($"manifest: {Manifest.PathOf(Path.GetFullPath(output))}");
            if (manifest.Rows == 0) Console.Error.WriteLine("note: no rows matched; the file is complete but empty (headers, or the letter only)");
            return 0;
        }
        catch (ExportException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 2;
        }
    });

    private static DateOnly? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new ExportException($"{option} '{text}' is not a date (yyyy-MM-dd, for example 2026-12-07)");
}
