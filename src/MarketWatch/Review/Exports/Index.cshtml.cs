using System.Globalization;
using MarketWatch.Data;
using MarketWatch.Exports;
using MarketWatch.Review.Auth;
using Microsoft.EntityFrameworkCore;
using MarketWatch.Marketplaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketWatch.Review;

/// <summary>
/// The export page: the CLI's three exports with the same filters, downloaded at once, and the weekly reports in
/// DATA/reports. Access is decided by the review UI's folder-wide authorisation, not here.
/// </summary>
public sealed class ExportsModel(Exporter exporter, MarketplaceCatalog marketplaces, ReportsFolder reports, IDbContextFactory<MarketWatchDb> dbFactory) : PageModel
{
    public IReadOnlyList<string> Marketplaces => marketplaces.All.Select(p => p.Name).Order().ToList();
    public List<FileInfo> Reports { get; private set; } = [];
    public string? Error { get; private set; }

    public void OnGet() => Reports = reports.Files().ToList();

    public Task<IActionResult> OnPostTakedownAsync(string marketplace, string? since, string? until, string format, string? headers, CancellationToken ct) =>
        DownloadAsync($"takedown-{marketplace}", format, headers, (exporter) => (output) => exporter.TakedownAsync(new TakedownRequest(marketplace, Day(since, "since"), Day(until, "until")), format, output, ct));

    public Task<IActionResult> OnPostBlocklistAsync(string format, string? headers, CancellationToken ct) =>
        DownloadAsync("imei-blocklist", format, headers, exporter => output => exporter.BlocklistAsync(format, output, ct));

    public Task<IActionResult> OnPostListingsAsync(bool flagged, string? status, string format, string? headers, CancellationToken ct) =>
        DownloadAsync("listings", format, headers, exporter => output => exporter.ListingsAsync(flagged, string.IsNullOrEmpty(status) ? null : status, format, output, ct));

    /// <summary>A weekly report by its plain file name; anything else (a path, "..") is not found.</summary>
    public IActionResult OnGetReport(string name) =>
        reports.Find(name) is { } full ? PhysicalFile(full, ContentType(Path.GetExtension(name)), name) : NotFound();

    // A download from the page is kept in DATA/reports with its manifest beside it, like the weekly reports:
    // what left MarketWatch stays on record, checkable later, and the page lists it for download again.
    /// <param name="headers">"language": column headers (and the PDF's labels) in the reader's language; anything else, or none (a script's post), the machine names.</param>
    private async Task<IActionResult> DownloadAsync(string stem, string format, string? headers, Func<Exporter, Func<string, Task<Manifest>>> exportWith)
    {
        format = (format ?? "").ToLowerInvariant();
        var safe = (string text) => string.Concat(text.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        var name = $"{safe(stem)}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{safe(User.Actor())}.{safe(format)}";
        PrivateFiles.CreateDirectory(reports.Path);
        var output = Path.Combine(reports.Path, name);
        var export = exportWith(headers == "language" ? exporter.WithHeaders(CultureInfo.CurrentUICulture) : exporter);
        try
        {
            var manifest = await export(output);
            // The manifest's figures also travel with the download, for whoever receives only the file.
            Response.Headers["X-MarketWatch-Sha256"] = manifest.Sha256;
            Response.Headers["X-MarketWatch-Rows"] = manifest.Rows.ToString(CultureInfo.InvariantCulture);
            // What left MarketWatch, and who took it: the audit log answers that for every download.
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                Audit.Add(db, User.Actor(), "export", stem, note: $"{name}: {manifest.Rows} rows, filters {string.Join(", ", manifest.Filters.Where(f => f.Value is not null).Select(f => f.Key + "=" + f.Value))}, sha256 {manifest.Sha256}");
                await db.SaveChangesAsync();
            }
            return PhysicalFile(output, ContentType("." + format), name);
        }
        catch (ExportException e)
        {
            Error = e.Message;
            Reports = reports.Files().ToList();
            return new PageResult { StatusCode = 400 };
        }
    }

    private static DateOnly? Day(string? text, string field) =>
        string.IsNullOrEmpty(text) ? null
        : DateOnly.TryParseExact(text, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new ExportException(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? $"{field}: '{text}' is not a date (dd/mm/yyyy)"
            : ColumnLabels.Say("{0}: '{1}' is not a date (dd/mm/yyyy)", CultureInfo.CurrentUICulture).Replace("{0}", field).Replace("{1}", text));

    private static string ContentType(string extension) => extension switch
    {
        ".csv" => "text/csv; charset=utf-8",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pdf" => "application/pdf",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };
}
