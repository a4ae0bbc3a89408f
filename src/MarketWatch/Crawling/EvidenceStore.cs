using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MarketWatch.Data;

namespace MarketWatch.Crawling;

/// <summary>
/// Writes raw HTML (gzip) and screenshots under data/evidence, named by their SHA-256 and never rewritten:
/// what a reviewer or a court reads is byte for byte what the crawler saw.
/// </summary>
public sealed class EvidenceStore(string dataDir)
{
    public async Task<EvidenceCapture> CaptureAsync(long runId, string url, string html, byte[]? screenshot, string userAgent, DateTime capturedAt, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        var htmlSha = Hex(SHA256.HashData(bytes));
        var folder = Path.Combine("evidence", capturedAt.ToString("yyyy"), capturedAt.ToString("MM"), capturedAt.ToString("dd"));
        PrivateFiles.CreateDirectory(Path.Combine(dataDir, folder));
        var htmlPath = Path.Combine(folder, htmlSha + ".html.gz");
        await WriteOnceAsync(htmlPath, async s => { await using var gz = new GZipStream(s, CompressionLevel.Optimal); await gz.WriteAsync(bytes, ct); }, ct);

        string? shotPath = null, shotSha = null;
        if (screenshot is not null)
        {
            shotSha = Hex(SHA256.HashData(screenshot));
            shotPath = Path.Combine(folder, shotSha + (ImageType(screenshot) == "image/jpeg" ? ".jpg" : ".png"));
            await WriteOnceAsync(shotPath, s => s.WriteAsync(screenshot, ct).AsTask(), ct);
        }
        return new EvidenceCapture
        {
            CrawlRunId = runId, Url = url, CapturedAt = capturedAt, UserAgent = userAgent,
            HtmlPath = htmlPath, HtmlSha256 = htmlSha, HtmlBytes = bytes.Length, ScreenshotPath = shotPath, ScreenshotSha256 = shotSha,
        };
    }

    private async Task WriteOnceAsync(string relative, Func<Stream, Task> write, CancellationToken ct)
    {
        var full = Path.Combine(dataDir, relative);
        if (File.Exists(full)) return;   // content-addressed: the same bytes are already there
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        await using (var s = new FileStream(temp, PrivateFiles.NewFile())) await write(s);
        try
        {
            File.Move(temp, full, overwrite: false);   // atomic: a killed process leaves a temp file, never half a file
            File.SetAttributes(full, FileAttributes.ReadOnly);
        }
        catch (IOException) when (File.Exists(full))
        {
            File.Delete(temp);   // another writer stored the same content first
        }
        ct.ThrowIfCancellationRequested();
    }

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>The media type of a screenshot, from its first bytes: JPEG (FF D8 FF) for page captures since issue 12, PNG before.</summary>
    public static string ImageType(ReadOnlySpan<byte> image) => image is [0xFF, 0xD8, 0xFF, ..] ? "image/jpeg" : "image/png";

    /// <summary>The capture's HTML, after checking it is byte for byte what was stored.</summary>
    public async Task<string> ReadHtmlAsync(EvidenceCapture capture, CancellationToken ct)
    {
        var full = Path.Combine(dataDir, capture.HtmlPath);
        if (!File.Exists(full)) throw new EvidenceTamperedException($"{capture.HtmlPath}: evidence file is missing");
        await using var file = File.OpenRead(full);
        await using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        try { await gz.CopyToAsync(buffer, ct); }
        catch (InvalidDataException) { throw new EvidenceTamperedException($"{capture.HtmlPath}: not the gzip file that was written"); }
        if (Hex(SHA256.HashData(buffer.ToArray())) != capture.HtmlSha256)
            throw new EvidenceTamperedException($"{capture.HtmlPath}: SHA-256 differs from the one recorded at capture ({capture.CapturedAt:u})");
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The screenshot's bytes, after checking their hash.</summary>
    public async Task<byte[]?> ReadScreenshotAsync(EvidenceCapture capture, CancellationToken ct)
    {
        if (capture.ScreenshotPath is null) return null;
        var full = Path.Combine(dataDir, capture.ScreenshotPath);
        if (!File.Exists(full)) throw new EvidenceTamperedException($"{capture.ScreenshotPath}: evidence file is missing");
        var bytes = await File.ReadAllBytesAsync(full, ct);
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

    /// <summary>Deletes a file of expired evidence (read-only on purpose, so the flag is cleared first).</summary>
    public void Delete(string relative)
    {
        var full = Path.Combine(dataDir, relative);
        if (!File.Exists(full)) return;
        File.SetAttributes(full, FileAttributes.Normal);
        File.Delete(full);
    }
}

public sealed class EvidenceTamperedException(string message) : Exception(message);
