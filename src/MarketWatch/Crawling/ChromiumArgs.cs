namespace MarketWatch.Crawling;

/// <summary>The command line every Chromium of ours starts with (the crawl's and the benchmark's bare loop).</summary>
public static class ChromiumArgs
{
    /// <summary>
    /// Chromium keeps only the last <c>--disable-features</c> it is given and Playwright puts ours after its own, so
    /// ours repeats Playwright's list (its chromiumSwitches.ts in this driver; a test fails when a new driver adds one)
    /// and adds the omnibox popup: Chromium (156 here) prewarms it at start, headless too, as a WebUI in a renderer of
    /// its own that no crawl ever shows: 69 MiB of PSS at c=2 (docs/decisions.md). Declared before
    /// <see cref="Quiet"/>, which static initialisation (in textual order) builds from it.
    /// </summary>
    public static readonly string[] DisabledFeatures =
        ["AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls", "HttpsUpgrades",
         "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning", "BlockOriginHeaderModificationOnRedirect",
         "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
         "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
         "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];

    // Chromium phones home at start; on a closed network that floods refused connections and slows launch.
    // Not --process-per-site: it lowered peak PSS at concurrency 2 (570 MiB against 635) but the shared renderer then
    // outlives tab recycling and grew from 560 to 907 MiB over a 500-page soak (docs/decisions.md).
    public static readonly string[] Quiet =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-features=" + string.Join(',', DisabledFeatures)];
}
