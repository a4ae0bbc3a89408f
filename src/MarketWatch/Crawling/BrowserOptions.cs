namespace MarketWatch.Crawling;

/// <summary>Section "Browser".</summary>
public sealed class BrowserOptions
{
    /// <summary>Chromium to launch; when empty, Playwright's own download and then the usual system paths are tried.</summary>
    public string? ExecutablePath { get; set; }
    public bool Headless { get; set; } = true;
    public int PageTimeoutSeconds { get; set; } = 30;
    /// <summary>How long a loaded page may take to show its cards (or its "no results" / block marker).</summary>
    public int RenderTimeoutSeconds { get; set; } = 10;
    /// <summary>How long a scrolled page that is still fetching may take to add its next cards.</summary>
    public int ScrollLoadWaitMs { get; set; } = 2000;
    /// <summary>A reused tab's renderer is made to collect its garbage after every this many pages (0: never), so Chromium's memory stays flat.</summary>
    public int CollectGarbageEveryPages { get; set; } = 20;
    /// <summary>A tab is closed and replaced after this many pages (0: never): a backstop for what a collection cannot free.</summary>
    public int RecycleTabAfterPages { get; set; } = 100;
    public string UserAgent { get; set; } =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 MarketWatch/0.1 (+mailto:{contact})";
    public string Locale { get; set; } = "id-ID";
    public string TimezoneId { get; set; } = "Asia/Jakarta";
}
