using MarketWatch.Crawling;
using MarketWatch.Marketplaces;

namespace MarketWatch.Bench;

/// <summary>
/// What each of the engine's browser steps costs on its own: the bare loop (goto, wait for a card, read the HTML)
/// with the engine's steps added one at a time, in rotated rounds on the fresh catalogue, c=2, nothing stored.
/// `crawl` shows the engine against the bare loop; this shows how much of the gap is the browser side (routing every
/// request through the origin guard, the scroll step, the network capture) and so how much is left for MarketWatch's
/// own process. Steps: route (every request fetched by the driver and fulfilled, as <see cref="BrowserOrigins"/>
/// does), block (images, fonts, media aborted), policy (documents answered with <see cref="BrowserOrigins.BlockingPolicy"/>, so
/// Chromium does not ask for them at all; with block, as the engine does), scroll (<see cref="LazyScroll"/>), listen (the captured API body read
/// from the driver in the route handler, as <see cref="NetworkCapture"/> does).
/// </summary>
public static class BrowserSteps
{
    private static readonly string[] Default = ["bare", "route", "route+block", "route+block+scroll", "route+block+scroll+listen"];

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        string? Str(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var variants = Str("--variants")?.Split(',') ?? Default;
        var parsed = new Dictionary<string, BareLoop.Step>();
        foreach (var v in variants)
        {
            var steps = BareLoop.Step.None;
            foreach (var name in v.Split('+').Where(n => n != "bare"))
            {
                if (!Enum.TryParse<BareLoop.Step>(name, ignoreCase: true, out var step) || step == BareLoop.Step.None || !Enum.IsDefined(step))
                {
                    Console.WriteLine($"crawl-steps: unknown step '{name}' in --variants (steps: bare, route, block, policy, scroll, listen, joined with +)");
                    return 2;
                }
                steps |= step;
            }
            parsed[v] = steps;
        }
        var (rounds, pages) = (int.Parse(Str("--rounds") ?? "3"), int.Parse(Str("--pages") ?? "40"));
        var pictures = args.Contains("--pictures");
        await using var sandbox = await SandboxProcess.Child.StartAsync(40, servers: 1, "fresh", pictures);
        Probe.SandboxPid = sandbox.Pid;
        var paths = AppPaths.Resolve(configFile: null, dataDir: Path.GetTempPath());
        var profile = MarketplaceCatalog.FromConfiguration(paths.LoadConfiguration()).Get("tokopedia");
        var capture = profile.Capture;
        var url = sandbox.Urls[0];
        var waitFor = string.Join(", ", new[] { profile.WaitFor ?? profile.Card, profile.NoResultsMarker, profile.BlockedMarker }.OfType<string>());
        string[] Urls(string query, int count) => Enumerable.Range(0, count).Select(i => CrawlEngine.SearchUrl(profile, profile.BaseUrlFor(url), query, i)).ToArray();
        Console.WriteLine($"browser steps on the fresh catalogue{(pictures ? " with every card's picture loaded (--pictures)" : "")}, c=2, {pages} pages a line after 6 warm-up pages, {rounds} rounds, order rotated; "
            + $"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");

        var all = variants.ToDictionary(v => v, _ => new List<Measure.Result>());
        var query = 0;
        for (var round = 0; round < rounds; round++)
            foreach (var v in variants.Skip(round % variants.Length).Concat(variants.Take(round % variants.Length)))
            {
                var r = await BareLoop.RunAsync(v, 2, Urls($"steps {++query}-warm", 6), Urls($"steps {query}", pages), waitFor, parsed[v], capture);
                Console.Write($"round {round + 1}/{rounds}: ");
                Measure.Print(r);
                all[v].Add(r);
            }
        Console.WriteLine();
        Console.WriteLine("x bare: the median over the rounds of the line's pages/min over the bare loop's in the same round [lowest-highest]");
        Console.WriteLine($"{"steps",-28} {"pages/min",9} {"x bare",17} {"CPU s/page: driver",18} {"Chromium",8} {"total",6}");
        foreach (var (v, runs) in all)
        {
            var c = Measure.Combine(v, runs);
            var ratios = all.TryGetValue("bare", out var bare)
                ? runs.Select((r, i) => r.PagesPerMinute / bare[i].PagesPerMinute).Order().ToList() : [];
            var x = v == "bare" || ratios.Count == 0 ? "" : $"{ratios[ratios.Count / 2]:0.00} [{ratios[0]:0.00}-{ratios[^1]:0.00}]";
            Console.WriteLine($"{v,-28} {c.PagesPerMinute,9:0} {x,17} {c.CpuDriver,18:0.000} {c.CpuChromium,8:0.000} {c.CpuDriver + c.CpuChromium,6:0.000}");
        }
        return 0;
    }
}
