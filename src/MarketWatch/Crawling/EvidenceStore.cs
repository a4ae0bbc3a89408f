using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Crawling;

/// <summary>
/// Keeps raw HTML and MHTML snapshots (gzip) and screenshots named by their SHA-256 and never rewritten: what a reviewer or a
/// court reads is byte for byte what the crawler saw. The bytes live in a backend (files in the data directory,
/// or PostgreSQL when several nodes share the database); every read checks the hash recorded at capture.
/// </summary>
public sealed class EvidenceStore(IEvidenceBackend backend)
{
    public EvidenceStore(string dataDir) : this(new FileEvidence(dataDir)) { }

    /// <summary>Files on SQLite (one node); the database itself on PostgreSQL, so every node reads every capture.</summary>
    public static EvidenceStore For(DatabaseOptions options, string dataDir, IDbContextFactory<MarketWatchDb> dbFactory) =>
        new(options.IsPostgres ? new DatabaseEvidence(dbFactory) : new FileEvidence(dataDir));

    public Task<EvidenceCapture> CaptureAsync(long runId, string url, string html, byte[]? screenshot, string userAgent, DateTime capturedAt, CancellationToken ct) =>
        CaptureAsync(runId, url, html, screenshot is null ? null : new VisualCapture(screenshot, null, 0), userAgent, capturedAt, ct);

    public async Task<EvidenceCapture> CaptureAsync(long runId, string url, string html, VisualCapture? visual, string userAgent, DateTime capturedAt, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        var folder = Folder(capturedAt);
        var (htmlPath, htmlSha) = await PutGzipAsync(folder, ".html.gz", bytes, ct);

        string? shotPath = null, shotSha = null, snapPath = null, snapSha = null;
        long? snapBytes = null;
        if (visual?.Image is { } screenshot) (shotPath, shotSha) = await PutPictureAsync(folder, screenshot, ct);
        if (visual?.Mhtml is { } mhtml)
        {
            var raw = Encoding.UTF8.GetBytes(mhtml);
            (snapPath, snapSha) = await PutGzipAsync(folder, ".mhtml.gz", raw, ct);
            snapBytes = raw.Length;
        }
        ct.ThrowIfCancellationRequested();
        return new EvidenceCapture
        {
            CrawlRunId = runId, Url = url, CapturedAt = capturedAt, UserAgent = userAgent,
            HtmlPath = htmlPath, HtmlSha256 = htmlSha, HtmlBytes = bytes.Length, ScreenshotPath = shotPath, ScreenshotSha256 = shotSha,
            SnapshotPath = snapPath, SnapshotSha256 = snapSha, SnapshotBytes = snapBytes, ViewportWidth = visual is { Width: > 0 } v ? v.Width : null,
        };
    }

    /// <summary>Stores a picture drawn later from a capture's snapshot, beside the capture's other files; returns its path and hash.</summary>
    public Task<(string Path, string Sha256)> PutRenderedAsync(EvidenceCapture capture, byte[] picture, CancellationToken ct) =>
        PutPictureAsync(Folder(capture.CapturedAt), picture, ct);

    private static string Folder(DateTime capturedAt) =>
        Path.Combine("evidence", capturedAt.ToString("yyyy"), capturedAt.ToString("MM"), capturedAt.ToString("dd"));

    private async Task<(string Path, string Sha256)> PutPictureAsync(string folder, byte[] picture, CancellationToken ct)
    {
        var sha = Hex(SHA256.HashData(picture));
        var path = Path.Combine(folder, sha + (ImageType(picture) == "image/jpeg" ? ".jpg" : ".png"));
        await backend.PutAsync(path, picture, ct);
        return (path, sha);
    }

    // Text compresses tenfold; Fastest because this runs on the crawl's path for every page with new offers, and
    // its ratio on HTML and MHTML was within a few percent of Optimal at a fraction of the CPU.
    private async Task<(string Path, string Sha256)> PutGzipAsync(string folder, string extension, byte[] content, CancellationToken ct)
    {
        var sha = Hex(SHA256.HashData(content));
        var path = Path.Combine(folder, sha + extension);
        using var gzipped = new MemoryStream();
        await using (var gz = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) await gz.WriteAsync(content, ct);
        await backend.PutAsync(path, gzipped.ToArray(), ct);
        return (path, sha);
    }

    /// <summary>
    /// An API response the page rendered from (the listings' source of truth in capture mode), kept like the HTML:
    /// gzip, named by the SHA-256 of its body, read and verified by the same code (HtmlPath holds the ".json.gz").
    /// </summary>
    public async Task<EvidenceCapture> CaptureResponseAsync(long runId, string url, string body, string userAgent, DateTime capturedAt, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var (path, sha) = await PutGzipAsync(Folder(capturedAt), ".json.gz", bytes, ct);
        return new EvidenceCapture
        {
            CrawlRunId = runId, Url = url, CapturedAt = capturedAt, UserAgent = userAgent, HtmlPath = path, HtmlSha256 = sha, HtmlBytes = bytes.Length,
        };
    }

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>The media type of a screenshot, from its first bytes: JPEG (FF D8 FF) for page captures since issue 12, PNG before.</summary>
    public static string ImageType(ReadOnlySpan<byte> image) => image is [0xFF, 0xD8, 0xFF, ..] ? "image/jpeg" : "image/png";

    /// <summary>The capture's HTML, after checking it is byte for byte what was stored.</summary>
    public async Task<string> ReadHtmlAsync(EvidenceCapture capture, CancellationToken ct) =>
        Encoding.UTF8.GetString(await ReadGzipAsync(capture.HtmlPath, capture.HtmlSha256, capture, ct));

    /// <summary>The capture's MHTML snapshot, after checking its hash; null for a capture without one.</summary>
    public async Task<string?> ReadSnapshotAsync(EvidenceCapture capture, CancellationToken ct) =>
        capture.SnapshotPath is null ? null : Encoding.UTF8.GetString(await ReadGzipAsync(capture.SnapshotPath, capture.SnapshotSha256, capture, ct));

    private async Task<byte[]> ReadGzipAsync(string path, string? sha, EvidenceCapture capture, CancellationToken ct)
    {
        var stored = await backend.GetAsync(path, ct) ?? throw new EvidenceTamperedException($"{path}: evidence file is missing");
        using var buffer = new MemoryStream();
        try
        {
            await using var gz = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
            await gz.CopyToAsync(buffer, ct);
        }
        catch (InvalidDataException) { throw new EvidenceTamperedException($"{path}: not the gzip file that was written"); }
        if (Hex(SHA256.HashData(buffer.ToArray())) != sha)
            throw new EvidenceTamperedException($"{path}: SHA-256 differs from the one recorded at capture ({capture.CapturedAt:u})");
        return buffer.ToArray();
    }

    /// <summary>The screenshot's bytes, after checking their hash.</summary>
    public async Task<byte[]?> ReadScreenshotAsync(EvidenceCapture capture, CancellationToken ct)
    {
        if (capture.ScreenshotPath is null) return null;
        var bytes = await backend.GetAsync(capture.ScreenshotPath, ct) ?? throw new EvidenceTamperedException($"{capture.ScreenshotPath}: evidence file is missing");
        if (Hex(SHA256.HashData(bytes)) != capture.ScreenshotSha256)
            throw new EvidenceTamperedException($"{capture.ScreenshotPath}: SHA-256 differs from the one recorded at capture ({capture.CapturedAt:u})");
        return bytes;
    }

    /// <summary>Every problem with one capture (missing or altered files); empty when it verifies.</summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(EvidenceCapture capture, CancellationToken ct)
    {
        var problems = new List<string>();
        try { await ReadHtmlAsync(capture, ct); } catch (EvidenceTamperedException e) { problems.Add(e.Message); }
        try { await ReadScreenshotAsync(capture, ct); } catch (EvidenceTamperedException e) { problems.Add(e.Message); }
        try { await ReadSnapshotAsync(capture, ct); } catch (EvidenceTamperedException e) { problems.Add(e.Message); }
        return problems;
    }

    /// <summary>Removes the bytes of expired evidence.</summary>
    public Task DeleteAsync(string relative, CancellationToken ct) => backend.DeleteAsync(relative, ct);
}

public sealed class EvidenceTamperedException(string message) : Exception(message);
