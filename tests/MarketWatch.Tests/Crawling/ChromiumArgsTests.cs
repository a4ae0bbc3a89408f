using MarketWatch.Crawling;
using MarketWatch.Service;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// The Chromium the fetcher launches, read from its own command line and its own target list: our
/// <c>--disable-features</c> (the one Chromium keeps, since it comes last) still holds every feature Playwright's
/// driver disables, and the omnibox popup Chromium prewarms in a renderer of its own is not started.
/// </summary>
public class ChromiumArgsTests : IAsyncLifetime
{
    private readonly BrowserFetcher _browser = new(new BrowserOptions());

    public Task InitializeAsync() => _browser.EnsureLaunchableAsync(default);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [SkippableFact]
    public void The_features_Playwright_disables_stay_disabled_when_ours_come_last()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads the browser's command line from /proc");
        // Every browser this test process started (other classes run theirs alongside): the main process has no --type.
        var browsers = ProcessTree.Descendants(Environment.ProcessId)
            .Select(pid => { try { return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0'); } catch (IOException) { return []; } })
            .Where(args => args.Length > 0 && args[0].Contains("chrom", StringComparison.OrdinalIgnoreCase) && !args.Any(a => a.StartsWith("--type=")))
            .Select(args => args.Where(a => a.StartsWith("--disable-features=")).Select(a => a["--disable-features=".Length..].Split(',')).ToList())
            .Where(lists => lists.Count >= 2)
            .ToList();
        Assert.NotEmpty(browsers);
        foreach (var lists in browsers)
        {
            var (playwrights, effective) = (lists[0], lists[^1]);
            Assert.Empty(playwrights.Except(effective));
            Assert.Contains("WebUIOmniboxPopup", effective);
        }
    }

    [Fact]
    public async Task No_browser_ui_is_prewarmed_beside_the_tabs()
    {
        var browser = await _browser.BrowserAsync(default);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("about:blank");
        await Task.Delay(1500);   // the prewarm happens in the first seconds after start
        var session = await browser.NewBrowserCDPSessionAsync();
        var targets = (await session.SendAsync("Target.getTargets"))!.Value.GetProperty("targetInfos").EnumerateArray()
            .Select(t => $"{t.GetProperty("type").GetString()} {t.GetProperty("url").GetString()}").ToList();
        Assert.Contains(targets, t => t.StartsWith("page "));
        Assert.DoesNotContain(targets, t => t.Contains("omnibox-popup"));
        await page.CloseAsync();
    }
}
