using MarketWatch.Marketplaces;

namespace MarketWatch.Crawling;

/// <summary>Section "Evidence".</summary>
public sealed class EvidenceOptions
{
    /// <summary>Evidence of listings a reviewer dismissed is removed after this many days; confirmed evidence is kept forever.</summary>
    public int RetentionDays { get; set; } = 180;
    /// <summary>False stores flagged listings without evidence: for trying a new profile or measuring the crawl, never for a patrol.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>
    /// "snapshot" (default): the page is kept as Chromium's MHTML snapshot (DOM, styles, images; about 10 ms and 50 KB a
    /// page) and drawn as a picture only when someone looks at it. "screenshot": a picture taken at capture time
    /// (about 170 ms of renderer time a page). docs/decisions.md, "Evidence as a snapshot".
    /// </summary>
    public string Capture { get; set; } = "snapshot";
    public bool Snapshots => Capture.Equals("snapshot", StringComparison.OrdinalIgnoreCase);
    /// <summary>"jpeg" or "png": the page screenshot taken when a page shows newly flagged listings.</summary>
    public string ScreenshotFormat { get; set; } = "jpeg";
    /// <summary>JPEG quality, 1-100 (ignored for PNG).</summary>
    public int JpegQuality { get; set; } = 80;

    public ScreenshotSettings Screenshots => new(ScreenshotFormat.Equals("jpeg", StringComparison.OrdinalIgnoreCase), JpegQuality);

    public void Validate()
    {
        if (RetentionDays < 1) throw new ConfigurationException($"Evidence:RetentionDays: {RetentionDays} must be at least 1");
        if (!Snapshots && !Capture.Equals("screenshot", StringComparison.OrdinalIgnoreCase))
            throw new ConfigurationException($"Evidence:Capture: '{Capture}' must be snapshot or screenshot");
        if (!ScreenshotFormat.Equals("jpeg", StringComparison.OrdinalIgnoreCase) && !ScreenshotFormat.Equals("png", StringComparison.OrdinalIgnoreCase))
            throw new ConfigurationException($"Evidence:ScreenshotFormat: '{ScreenshotFormat}' must be jpeg or png");
        if (JpegQuality is < 1 or > 100) throw new ConfigurationException($"Evidence:JpegQuality: {JpegQuality} must be between 1 and 100");
    }
}
