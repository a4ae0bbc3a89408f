using MarketWatch.Cases;
using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Exports;

/// <summary>A problem with what was asked for (marketplace, date, format, output path): one line for the operator.</summary>
public sealed class ExportException(string message) : Exception(message);

public sealed record TakedownRequest(string Marketplace, DateOnly? Since, DateOnly? Until);

/// <summary>
/// The three exports, each written to a temporary file beside the output and moved into place when complete (no half
/// file under the real name), then described by its manifest. The CLI, the web page and the weekly job all call these.
/// </summary>
public sealed class Exporter(IDbContextFactory<MarketWatchDb> dbFactory, MarketplaceCatalog marketplaces, ExportOptions options, EvidenceStore evidence,
    SnapshotRenderer? pictures = null)
{
    // Days outside these are typing mistakes, and 9999-12-31 has no day after it to end the period with.
    private static readonly DateOnly FirstDay = new(2000, 1, 1), LastDay = new(2999, 12, 31);

    /// <summary>The language of column headers (CSV, XLSX) and of the PDF's own labels; null: the machine names (the CLI's default).</summary>
    public System.Globalization.CultureInfo? Headers { get; init; }

    /// <summary>This exporter with headers in another language (null: machine names).</summary>
    public Exporter WithHeaders(System.Globalization.CultureInfo? headers) => new(dbFactory, marketplaces, options, evidence, pictures) { Headers = headers };

    public static readonly string[] TakedownFormats = ["csv", "xlsx", "pdf"], BlocklistFormats = ["csv", "xlsx"], ListingsFormats = ["csv", "json", "xlsx"];

    public async Task<Manifest> TakedownAsync(TakedownRequest request, string format, string output, CancellationToken ct)
    {
        var profile = marketplaces.All.FirstOrDefault(p => p.Name.Equals(request.Marketplace, StringComparison.OrdinalIgnoreCase))
            ?? throw new ExportException($"unknown marketplace '{request.Marketplace}' (known: {string.Join(", ", marketplaces.All.Select(p => p.Name))})");
        if (request is { Since: { } s, Until: { } u } && s > u) throw new ExportException($"--since {s:yyyy-MM-dd} is after --until {u:yyyy-MM-dd}");
        foreach (var (day, name) in new[] { (request.Since, "since"), (request.Until, "until") })
            if (day is { } d && (d < FirstDay || d > LastDay)) throw new ExportException($"{name} {d:yyyy-MM-dd} is out of range ({FirstDay:yyyy-MM-dd} to {LastDay:yyyy-MM-dd})");
        Check(format, TakedownFormats);
        var filters = new Dictionary<string, string?>
        {
            ["marketplace"] = profile.Name, ["since"] = request.Since?.ToString("yyyy-MM-dd"), ["until"] = request.Until?.ToString("yyyy-MM-dd"),
            ["timeZone"] = options.TimeZone, ["reviewStatus"] = "Confirmed",
        };
        var since = request.Since is { } from ? Utc(from) : (DateTime?)null;
        var until = request.Until is { } to ? Utc(to.AddDays(1)) : (DateTime?)null;   // --until is the last day included
        return await WriteAsync(output, "takedown", format, filters, ct, async (db, stream, versions, generated) =>
        {
            var rows = Track(ExportQueries.Takedown(db, profile.Name, since, until), r => r.ModelVersion, versions);
            if (format != "pdf") return await WriteTableAsync(stream, format, "takedown", Columns(TakedownRow.Columns, format), rows, r => r.Cells(), ct);
            PdfFonts.Install(options);
            return await new PdfTakedown(options, evidence, Headers, pictures).WriteAsync(stream, profile.DisplayName, TakedownLetter.Period(options, request.Since, request.Until), rows, generated, ct);
        });
    }

    public Task<Manifest> BlocklistAsync(string format, string output, CancellationToken ct)
    {
        Check(format, BlocklistFormats);
        return WriteAsync(output, "imei-blocklist", format, new Dictionary<string, string?> { ["imeiStatus"] = "valid", ["reviewStatus"] = "Confirmed" }, ct,
            (db, stream, _, _) => WriteTableAsync(stream, format, "imei-blocklist", Columns(BlocklistRow.Columns, format), ExportQueries.Blocklist(db, ct), r => r.Cells(), ct));
    }

    public Task<Manifest> ListingsAsync(bool onlyFlagged, string? status, string format, string output, CancellationToken ct)
    {
        ReviewStatus? parsed = null;
        if (status is not null)
            parsed = Enum.TryParse<ReviewStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s
                : throw new ExportException($"unknown review status '{status}' (one of: {string.Join(", ", Enum.GetNames<ReviewStatus>())})");
        Check(format, ListingsFormats);
        var filters = new Dictionary<string, string?> { ["flagged"] = onlyFlagged ? "true" : null, ["status"] = parsed?.ToString() };
        return WriteAsync(output, "listings", format, filters, ct, (db, stream, versions, _) =>
            WriteTableAsync(stream, format, "listings", Columns(ListingRow.Columns, format), Track(ExportQueries.Listings(db, onlyFlagged, parsed), r => r.ModelVersion, versions), r => r.Cells(), ct));
    }

    public static readonly string[] CaseFormats = ["pdf", "json"];

    /// <summary>
    /// A network's dossier for investigators (Cases/Dossier.cs): PDF with every listing's screenshot, or JSON for
    /// programs (the shape of docs/case-dossier.schema.json). A merged case's id is followed to the case that holds it now.
    /// </summary>
    public async Task<Manifest> CaseAsync(long caseId, string format, string output, CancellationToken ct)
    {
        Check(format, CaseFormats);
        long live;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            live = await CaseQueue.LiveAsync(db, caseId, ct) ?? throw new ExportException($"case {caseId} does not exist");
        var filters = new Dictionary<string, string?> { ["case"] = live.ToString(System.Globalization.CultureInfo.InvariantCulture), ["asked"] = live == caseId ? null : caseId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return await WriteAsync(output, "case", format, filters, ct, async (db, stream, versions, generated) =>
        {
            var dossier = await Dossier.LoadAsync(db, live, ct) ?? throw new ExportException($"case {live} holds no listing");
            if (format == "json")
            {
                await System.Text.Json.JsonSerializer.SerializeAsync(stream, dossier, DossierJson, ct);
                return dossier.Listings.Count;
            }
            return await new DossierPdf(options, evidence, pictures).WriteAsync(stream, dossier, generated, ct);
        });
    }

    private static readonly System.Text.Json.JsonSerializerOptions DossierJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reviewer decisions as labelled CSV for retraining (`train` reads the guarded text back literally).</summary>
    public Task<Manifest> DecisionsAsync(DateOnly? since, string output, CancellationToken ct) =>
        WriteAsync(output, "decisions", "csv", new Dictionary<string, string?> { ["since"] = since?.ToString("yyyy-MM-dd") }, ct,
            (db, stream, _, _) => WriteTableAsync(stream, "csv", "decisions", Review.DecisionExport.Columns,
                Review.DecisionExport.Rows(db, since?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)), r => r, ct));

    private delegate Task<int> Body(MarketWatchDb db, Stream output, HashSet<string> modelVersions, DateTime generatedUtc);

    // The export and its manifest are both written in full under temporary names and flushed to disk before either is
    // moved into place (a rename needs no space), so a full disk or a crash leaves the old pair or the new pair,
    // never a file without its manifest. Files are the owner's only: they carry reviewers' names and sellers' details.
    private async Task<Manifest> WriteAsync(string output, string export, string format, Dictionary<string, string?> filters, CancellationToken ct, Body body)
    {
        var full = Path.GetFullPath(output);
        // Headers for people are part of what was asked for: the manifest says so (the decisions export is always machine-readable).
        if (Headers is not null && export != "decisions" && format != "json") filters = new(filters) { ["headers"] = Headers.Name };
        var stem = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
        var (temp, manifestTemp) = (stem, stem + ".manifest");
        var generated = DateTime.UtcNow;
        var versions = new HashSet<string>();
        try
        {
            int rows;
            // Write-only, so the XLSX package streams (see XlsxExport).
            await using (var stream = new FileStream(temp, Create))
            {
                await using (var db = await dbFactory.CreateDbContextAsync(ct))
                    rows = await body(db, stream, versions, generated);
                stream.Flush(flushToDisk: true);
            }
            var manifest = await Manifest.DescribeAsync(temp, Path.GetFileName(full), export, format, filters.Where(f => f.Value is not null).ToDictionary(),
                rows, versions, generated, ct);
            await manifest.SaveAsync(manifestTemp, Create, ct);
            File.Move(temp, full, overwrite: true);
            try { File.Move(manifestTemp, Manifest.PathOf(full), overwrite: true); }
            catch { File.Delete(full); File.Delete(Manifest.PathOf(full)); throw; }   // an old manifest must not describe a file that is gone
            return manifest;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ExportException($"cannot write '{output}': {e.Message} (nothing was written; free space there or choose another place)");
        }
        finally
        {
            foreach (var leftover in new[] { temp, manifestTemp }) if (File.Exists(leftover)) File.Delete(leftover);   // File.Delete throws when the folder is missing
        }
    }

    // JSON is for programs: its keys stay the machine names whatever the headers asked.
    private string[] Columns(string[] machine, string format) => format == "json" ? machine : ColumnLabels.For(machine, Headers);

    private static FileStreamOptions Create => PrivateFiles.NewFile(bufferSize: 1 << 16);

    private static async Task<int> WriteTableAsync<T>(Stream stream, string format, string sheet, string[] columns, IAsyncEnumerable<T> rows, Func<T, object?[]> cells, CancellationToken ct)
    {
        var count = 0;
        async IAsyncEnumerable<object?[]> Counted() { await foreach (var r in rows.WithCancellation(ct)) { count++; yield return cells(r); } }
        var table = new ExportTable(columns, Counted());
        await (format switch
        {
            "csv" => CsvExport.WriteAsync(stream, table, ct),
            "xlsx" => XlsxExport.WriteAsync(stream, sheet, table, ct),
            _ => JsonExport.WriteAsync(stream, table, ct),
        });
        return count;
    }

    private static async IAsyncEnumerable<T> Track<T>(IAsyncEnumerable<T> rows, Func<T, string?> version, HashSet<string> versions)
    {
        await foreach (var r in rows) { if (version(r) is { } v) versions.Add(v); yield return r; }
    }

    private static void Check(string format, string[] allowed)
    {
        if (!allowed.Contains(format)) throw new ExportException($"unknown format '{format}' (one of: {string.Join(", ", allowed)})");
    }

    private DateTime Utc(DateOnly day) => Review.Localisation.Display.DayStartUtc(day, options.Zone);
}
