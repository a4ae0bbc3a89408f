using MarketWatch.Sandbox;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Cli;

/// <summary>probe against the sandbox through Chromium: a useful report per marketplace, and the exact failure under faults.</summary>
public class ProbeCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string> Marketplaces => new(SandboxSite.All.Select(s => s.Name));

    [Theory, MemberData(nameof(Marketplaces))]
    public async Task Probe_reports_the_capture_the_selectors_and_a_sample_and_saves_what_it_read(string marketplace)
    {
        using var data = new TempDir();
        var probe = await AppProcess.RunAsync("--data-dir", data.Path, "probe", "-m", marketplace, "-q", "unblock imei", "--sandbox", sandbox.Url);

        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.Contains("robots.txt  allowed", probe.Stdout);
        Assert.Matches(@"matched   HTTP 200 http://127\.0\.0\.1:\d+/" + marketplace + "/", probe.Stdout);
        Assert.Matches(@": 20 item\(s\)", probe.Stdout);
        Assert.Matches(@"Capture:Fields:Title\s+'name'\s+20 of 20", probe.Stdout);
        Assert.Matches(@"Card\s+'.+'\s+20 node\(s\)", probe.Stdout);
        Assert.Contains("blocked     no block or captcha marker seen", probe.Stdout);
        Assert.Contains("source      captured API response: 20 listing(s)", probe.Stdout);
        Assert.Equal(3, probe.Stdout.Split('\n').Count(l => l.StartsWith("  sample    ", StringComparison.Ordinal)));
        Assert.Contains("result      OK: 20 listing(s) read", probe.Stdout);

        // What it saved reads back with extract: the page (DOM) and the captured response give the same listings.
        var dir = Directory.GetDirectories(Path.Combine(data.Path, "probes")).Single();
        foreach (var file in new[] { "page.html", "capture-1.json" })
        {
            var extract = await AppProcess.RunAsync("--data-dir", data.Path, "extract", "-m", marketplace, "--file", Path.Combine(dir, file),
                "--url", sandbox.Url + "/" + marketplace + "/", "--sandbox", sandbox.Url);
            Assert.True(extract.ExitCode == 0, extract.ToString());
            Assert.Contains(file.EndsWith(".json") ? "\"source\": \"Capture\"" : "\"source\": \"", extract.Stdout);
        }
    }

    [Fact]
    public async Task Probe_says_which_selectors_and_rules_failed_on_changed_markup_and_names_the_captcha()
    {
        using var data = new TempDir();
        sandbox.Server.Faults.Set([
            new FaultRule { Kind = FaultKind.ChangedMarkup, Marketplace = "bukalapak", Times = 1 },
            new FaultRule { Kind = FaultKind.Captcha, Marketplace = "shopee", Times = 1 },
        ]);
        try
        {
            var broken = await AppProcess.RunAsync("--data-dir", data.Path, "probe", "-m", "bukalapak", "--sandbox", sandbox.Url);
            Assert.True(broken.ExitCode == 3, broken.ToString());
            Assert.Contains("NO MATCH  no fetch/XHR response of the page matched the rule", broken.Stdout);
            Assert.Matches(@"Card\s+'div\.bl-product-card'\s+0 node\(s\)", broken.Stdout);
            Assert.Matches(@"Fields:Title\s+'\.bl-product-card__description-name a'\s+MATCHED NOTHING", broken.Stdout);
            Assert.Contains("result      EXTRACTOR BROKEN: card selector 'div.bl-product-card' matched nothing", broken.Stdout);

            var blocked = await AppProcess.RunAsync("--data-dir", data.Path, "probe", "-m", "shopee", "--sandbox", sandbox.Url);
            Assert.True(blocked.ExitCode == 3, blocked.ToString());
            Assert.Contains("BlockedMarker '.shopee-captcha' matched; nothing is counted as listings", blocked.Stdout);
            Assert.Contains("result      BLOCKED", blocked.Stdout);
        }
        finally { sandbox.Server.Faults.Set([]); }
    }

    [Fact]
    public async Task Probe_of_an_unreachable_site_exits_1()
    {
        using var data = new TempDir();
        var probe = await AppProcess.RunAsync("--data-dir", data.Path, "probe", "-m", "tokopedia", "--sandbox", "http://127.0.0.1:9");
        Assert.Equal(1, probe.ExitCode);
        Assert.Contains("not fetched", probe.Stdout);
    }
}
