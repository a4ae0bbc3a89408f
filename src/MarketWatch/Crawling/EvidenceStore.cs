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
        Directory.CreateDirectory(Path.Combine(dataDir, folder));
        var htmlPath = Path.Combine(folder, htmlSha + ".html.gz");
        await WriteOnceAsync(htmlPath, async s => { await using var gz = new GZipStream(s, CompressionLevel.SmallestSize); await gz.WriteAsync(bytes, ct); }, ct);

        string? shotPath = null, shotSha = null;
        if (screenshot is not null)
        {
            shotSha = Hex(SHA256.HashData(screenshot));
            shotPath = Path.Combine(folder, shotSha + ".png");
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
        await using (var s = File.Create(temp)) await write(s);
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
}
