using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Crawling;

/// <summary>
/// Keeps raw HTML (gzip) and screenshots named by their SHA-256 and never rewritten: what a reviewer or a
/// court reads is byte for byte what the crawler saw. The bytes live in a backend (files in the data directory,
/// or PostgreSQL when several nodes share the database); every read checks the hash recorded at capture.
/// </summary>
public sealed class EvidenceStore(IEvidenceBackend backend)
{
    public EvidenceStore(string dataDir) : this(new FileEvidence(dataDir)) { }

    /// <summary>Files on SQLite (one node); the database itself on PostgreSQL, so every node reads every capture.</summary>
    public static EvidenceStore For(DatabaseOptions options, string dataDir, IDbContextFactory<MarketWatchDb> dbFactory) =>
        new(options.IsPostgres ? new DatabaseEvidence(dbFactory) : new FileEvidence(dataDir));

    public async Task<EvidenceCapture> CaptureAsync(long runId, string url, string html, byte[]? screenshot, string userAgent, DateTime capturedAt, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        var htmlSha = Hex(SHA256.HashData(bytes));
        var folder = Path.Combine("evidence", capturedAt.ToString("yyyy"), capturedAt.ToString("MM"), capturedAt.ToString("dd"));
        var htmlPath = Path.Combine(folder, htmlSha + ".html.gz");
        using (var gzipped = new MemoryStream())
        {
            await using (var gz = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true)) await gz.WriteAsync(bytes, ct);
            await backend.PutAsync(htmlPath, gzipped.ToArray(), ct);
        }

        string? shotPath = null, shotSha = null;
        if (screenshot is not null)
        {
            shotSha = Hex(SHA256.HashData(screenshot));
            shotPath = Path.Combine(folder, shotSha + (ImageType(screenshot) == "image/jpeg" ? ".jpg" : ".png"));
            await backend.PutAsync(shotPath, screenshot, ct);
        }
        ct.ThrowIfCancellationRequested();
        return new EvidenceCapture
        {
            CrawlRunId = runId, Url = url, CapturedAt = capturedAt, UserAgent = userAgent,
            HtmlPath = htmlPath, HtmlSha256 = htmlSha, HtmlBytes = bytes.Length, ScreenshotPath = shotPath, ScreenshotSha256 = shotSha,
        };
    }

    /// <summary>
    /// An API response the page rendered from (the listings' source of truth in capture mode), kept like the HTML:
    /// gzip, named by the SHA-256 of its body, read and verified by the same code (HtmlPath holds the ".json.gz").
    /// </summary>
    public async Task<EvidenceCapture> CaptureResponseAsync(long runId, string url, string body, string userAgent, DateTime capturedAt, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var sha = Hex(SHA256.HashData(bytes));
        var path = Path.Combine("evidence", capturedAt.ToString("yyyy"), capturedAt.ToString("MM"), capturedAt.ToString("dd"), sha + ".json.gz");
        using (var gzipped = new MemoryStream())
        {
            await using (var gz = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true)) await gz.WriteAsync(bytes, ct);
            await backend.PutAsync(path, gzipped.ToArray(), ct);
        }
        return new EvidenceCapture
        {
            CrawlRunId = runId, Url = url, CapturedAt = capturedAt, UserAgent = userAgent, HtmlPath = path, HtmlSha256 = sha, HtmlBytes = bytes.Length,
        };
    }

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>The media type of a screenshot, from its first bytes: JPEG (FF D8 FF) for page captures since issue 12, PNG before.</summary>
    public static string ImageType(ReadOnlySpan<byte> image) => image is [0xFF, 0xD8, 0xFF, ..] ? "image/jpeg" : "image/png";

    /// <summary>The capture's HTML, after checking it is byte for byte what was stored.</summary>
    public async Task<string> ReadHtmlAsync(EvidenceCapture capture, CancellationToken ct)
    {
        var stored = await backend.GetAsync(capture.HtmlPath, ct) ?? throw new EvidenceTamperedException($"{capture.HtmlPath}: evidence file is missing");
        using var buffer = new MemoryStream();
        try
        {
            await using var gz = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
            await gz.CopyToAsync(buffer, ct);
        }
        catch (InvalidDataException) { throw new EvidenceTamperedException($"{capture.HtmlPath}: not the gzip file that was written"); }
        if (Hex(SHA256.HashData(buffer.ToArray())) != capture.HtmlSha256)
            throw new EvidenceTamperedException($"{capture.HtmlPath}: SHA-256 differs from the one recorded at capture ({capture.CapturedAt:u})");
        return Encoding.UTF8.GetString(buffer.ToArray());
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
        return problems;
    }

    /// <summary>Removes the bytes of expired evidence.</summary>
    public Task DeleteAsync(string relative, CancellationToken ct) => backend.DeleteAsync(relative, ct);
}

public sealed class EvidenceTamperedException(string message) : Exception(message);
