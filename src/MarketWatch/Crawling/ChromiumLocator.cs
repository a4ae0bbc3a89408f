namespace MarketWatch.Crawling;

/// <summary>
/// Finds a Chromium to drive. Playwright's own download cannot happen on machines without internet, so the
/// system's Chromium (Debian package "chromium") is a first-class choice, not a fallback of last resort.
/// </summary>
public static class ChromiumLocator
{
    private static readonly string[] SystemPaths =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"];

    public static string Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured)
                ? configured
                : throw new BrowserNotFoundException($"Browser:ExecutablePath is set to '{configured}', but no file is there. " + Fix);
        return PlaywrightDownloads().Concat(SystemPaths).FirstOrDefault(File.Exists)
            ?? throw new BrowserNotFoundException("No Chromium found (Browser:ExecutablePath is empty; looked in Playwright's browser folder and "
                + string.Join(", ", SystemPaths) + "). " + Fix);
    }

    private const string Fix =
        "Install one with `apt-get install -y chromium` (Debian/Ubuntu; scripts/setup.sh does this), or `pwsh bin/playwright.ps1 install chromium`, "
        + "or set MarketWatch__Browser__ExecutablePath to a Chromium binary.";

    private static IEnumerable<string> PlaywrightDownloads()
    {
        var root = Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH") is { Length: > 0 } p && p != "0"
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateDirectories(root, "chromium-*").Order().Reverse()
            .SelectMany(d => new[] { Path.Combine(d, "chrome-linux64", "chrome"), Path.Combine(d, "chrome-linux", "chrome") });
    }
}

public sealed class BrowserNotFoundException(string message) : Exception(message);
