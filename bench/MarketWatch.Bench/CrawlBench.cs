using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarketWatch.Crawling;
using MarketWatch.Marketplaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Bench;

/// <summary>
/// Crawl throughput on the sandbox's fresh catalogue (every listing of every page new, 40 cards a page, a quarter
/// of them offers): the engine with evidence on and off at each concurrency, and in the same run the floor (a bare
/// Playwright loop, tabs reused) and Crawlee's PlaywrightCrawler on the same pages; then a soak with evidence on.
/// Delay 0, AutoThrottle off, detail pages off. Per line: pages/min, ratio to the bare loop at the same concurrency,
/// CPU s/page (MarketWatch + Playwright driver + Chromium), peak PSS, and where a page's time goes, stage by stage.
/// </summary>
public static class CrawlBench
{
    private sealed record Options(int Pages, int Warmup, int[] Levels, int Soak, int SoakEvery, int PageSize, bool Crawlee, bool Png)
    {
        public int WarmProcess { get; init; } = 150;
        public int Rounds { get; init; } = 3;
    }

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        string? Str(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Str(name) is { } v ? int.Parse(v) : fallback;
        var pictures = args.Contains("--pictures");
        if (args.Contains("--serve-sandbox")) return await SandboxProcess.ServeAsync(Int("--page-size", 40), Int("--servers", 1), Str("--catalogue") ?? "fresh", pictures);
        var o = new Options(Int("--pages", 60), Int("--warmup", 6), (Str("--levels") ?? "1,2,4").Split(',').Select(int.Parse).ToArray(),
            Int("--soak", 500), Int("--soak-every", 50), Int("--page-size", 40), Str("--crawlee") != "off", Str("--screenshots") != "off")
        { WarmProcess = Int("--warm-process", 150), Rounds = Math.Max(1, Int("--rounds", 3)) };
        if (!OperatingSystem.IsLinux()) { Console.WriteLine("crawl: needs Linux (/proc for Chromium's CPU and PSS)"); return 2; }

        var total = Stopwatch.StartNew();
        var data = Directory.CreateTempSubdirectory("mw-crawlbench-");
        await using var sandbox = await SandboxProcess.Child.StartAsync(o.PageSize, servers: 1, "fresh", pictures);
        Probe.SandboxPid = sandbox.Pid;
        using var stages = new StageClock();
        try
        {
            var paths = AppPaths.Resolve(configFile: null, dataDir: data.FullName);
            var profile = MarketplaceCatalog.FromConfiguration(paths.LoadConfiguration()).Get("tokopedia");
            var url = sandbox.Urls[0];
            var waitFor = string.Join(", ", new[] { profile.WaitFor ?? profile.Card, profile.NoResultsMarker, profile.BlockedMarker }.OfType<string>());
            string[] Urls(string query, int from, int count) =>
                Enumerable.Range(from, count).Select(i => CrawlEngine.SearchUrl(profile, profile.BaseUrlFor(url), query, i)).ToArray();
            Console.WriteLine($"fresh catalogue: sandbox child {sandbox.Pid} at {url}, {o.PageSize} cards a page, every listing new, a quarter offers; "
                + "marketplace profile 'tokopedia' (Scroll on, as configured); delay 0, AutoThrottle off, detail pages off, robots obeyed"
                + (pictures ? "; --pictures: every card loads its picture (a 200x200 JPEG), which the engine blocks (BlockResources) and the bare loop and Crawlee load" : ""));
            Console.WriteLine($"each line: a fresh process state (one Chromium), warm-up {o.Warmup} pages, then {o.Pages} pages of a query no earlier line used; "
                + $"bare loop and Crawlee read the same pages as the engine's evidence-on line of the same round; {o.Rounds} rounds per concurrency, order rotated (--rounds N)");
            Console.WriteLine($"{Environment.ProcessorCount} cores; CPU = utime+stime per process tree / pages; PSS sampled every 250 ms; load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine();

            var results = new List<(Measure.Result R, int C, string Kind, Dictionary<string, double> Stages)>();
            var line = 0;
            async Task<(Measure.Result, Dictionary<string, double>)> Engine(string kind, int c, Dictionary<string, string?> config, string query)
            {
                await using var services = await StartAsync(paths, config);
                var engine = services.GetRequiredService<CrawlEngine>();
                await CrawlAsync(engine, query + "-warm", o.Warmup, url, c);
                stages.Reset();
                var r = await Measure.MeasureAsync($"MarketWatch {kind} c={c}", () => CrawlAsync(engine, query, o.Pages, url, c));
                return (r, stages.PerPage(r.Work.Pages));
            }
            // The first line in a fresh process would also pay for the JIT: tiered compilation only starts counting
            // calls once no new method has been compiled for 100 ms, and then recompiles the hot ones in the
            // background, in this process. 40 warm-up pages left the first line at four times the CPU per page of
            // the lines after it; a patrol runs for days in one process, so the process is warmed once, unmeasured.
            if (o.WarmProcess > 0)
            {
                await using var warm = await StartAsync(paths, []);
                await CrawlAsync(warm.GetRequiredService<CrawlEngine>(), "fresh process-warm-up", o.WarmProcess, url, 2);
                Console.WriteLine($"process warm-up: {o.WarmProcess} pages through the engine at c=2 (JIT), not measured (--warm-process N)");
            }
            // This host's speed drifts by a third within minutes (the same bare loop read 164 to 213 pages/min in three
            // runs an hour apart), so lines run one after another compared different machines. Each concurrency runs
            // its lines in rounds, the order rotated every round, and a line's ratio to the bare loop is taken within
            // a round (the median of the rounds, with their range): drift then falls on both sides of every ratio.
            var perRound = new List<(int C, int Round, string Kind, Measure.Result R, Dictionary<string, double> Stages)>();
            foreach (var c in o.Levels)
            {
                for (var round = 0; round < o.Rounds; round++)
                {
                    var query = $"fresh {++line}";
                    var lines = new List<(string Kind, Func<Task<(Measure.Result, Dictionary<string, double>)?>> Run)>
                    {
                        ("evidence on", async () => await Engine("evidence on", c, [], query)),
                        ("evidence off", async () => await Engine("evidence off", c, new() { ["Evidence:Enabled"] = "false" }, $"fresh {++line}")),
                        ("bare", async () => (await BareLoop.RunAsync($"bare Playwright loop c={c}", c, Urls(query + "-warm", 0, o.Warmup), Urls(query, 0, o.Pages), waitFor), [])),
                    };
                    if (c == 2 && o.Png) lines.Add(("evidence on, JPEG screenshots", async () => await Engine("evidence on, JPEG screenshots", c, new() { ["Evidence:Capture"] = "screenshot" }, $"fresh {++line}")));
                    if (o.Crawlee && CrawleeRun.Installed)
                        lines.Add(("crawlee", async () => await CrawleeRun.RunAsync($"Crawlee PlaywrightCrawler c={c}", c, Urls(query + "-warm", 0, o.Warmup), Urls(query, 0, o.Pages), waitFor) is { } r ? (r, []) : null));
                    foreach (var (kind, run) in lines.Skip(round % lines.Count).Concat(lines.Take(round % lines.Count)))
                    {
                        if (await run() is not var (r, st)) continue;
                        perRound.Add((c, round, kind, r, st));
                        Console.Write($"round {round + 1}/{o.Rounds}: ");
                        Measure.Print(r);
                    }
                }
                foreach (var kind in perRound.Where(x => x.C == c).Select(x => x.Kind).Distinct())
                {
                    var mine = perRound.Where(x => x.C == c && x.Kind == kind).ToList();
                    var ratios = mine.Select(x => perRound.FirstOrDefault(b => b.C == c && b.Round == x.Round && b.Kind == "bare").R is { } b ? x.R.PagesPerMinute / b.PagesPerMinute : double.NaN)
                        .Where(double.IsFinite).Order().ToList();
                    var combined = Measure.Combine(mine[0].R.Label, mine.Select(x => x.R)) with { Ratios = ratios };
                    var st = mine.SelectMany(x => x.Stages).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Average(x => x.Value));
                    results.Add((combined, c, kind, st));
                }
            }
            if (o.Crawlee && !CrawleeRun.Installed) Console.WriteLine($"Crawlee: not measured (run `npm install` in {CrawleeRun.Folder} to include it)");
            Console.WriteLine();
            Table(results);
            if (o.Soak > 0) await SoakAsync(paths, url, o, $"fresh {++line}");
            Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}; total bench time {total.Elapsed.TotalMinutes:0.0} min");
            return 0;
        }
        finally
        {
            try { data.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static void Table(List<(Measure.Result R, int C, string Kind, Dictionary<string, double> Stages)> results)
    {
        Console.WriteLine("x bare: the median over the rounds of the line's pages/min over the bare loop's in the same round [lowest-highest]; "
            + "pages/min, CPU and PSS over all rounds together (PSS: the highest)");
        Console.WriteLine($"{"line",-46} {"pages",5} {"pages/min",9} {"x bare",17} {"CPU s/page: MW",14} {"driver",6} {"Chromium",8} {"total",6} {"peak PSS MiB: MW",16} {"Chromium",8} {"others' cores",13}");
        foreach (var (r, _, kind, _) in results)
        {
            var ratio = kind == "bare" || r.Ratios.Count == 0 ? "" : $"{Median(r.Ratios):0.00} [{r.Ratios[0]:0.00}-{r.Ratios[^1]:0.00}]";
            // Crawlee's browsers are reaped by node mid-line, so their CPU moves between process trees: not comparable.
            var cpu = kind == "crawlee" ? $"{"-",14} {"-",6} {"-",8} {"-",6}" : $"{r.CpuSelf,14:0.000} {r.CpuDriver,6:0.000} {r.CpuChromium,8:0.000} {r.CpuTotal,6:0.000}";
            Console.WriteLine($"{r.Label,-46} {r.Work.Pages,5} {r.PagesPerMinute,9:0} {ratio,17} "
                + $"{cpu} {Measure.Mib(r.PeakSelf),16:0} {Measure.Mib(r.PeakChromium),8:0} {(kind == "crawlee" ? "-" : r.OtherCores.ToString("0.00")),13}");
        }
        Console.WriteLine();
        var names = results.SelectMany(x => x.Stages.Keys).Distinct().ToList();
        if (names.Count == 0) return;
        Console.WriteLine("where a page's time goes (ms per page, summed over the pages in flight; wall time, not CPU):");
        Console.WriteLine($"{"line",-46} " + string.Join(" ", names.Select(n => $"{n,10}")));
        foreach (var (r, _, _, s) in results.Where(x => x.Stages.Count > 0))
            Console.WriteLine($"{r.Label,-46} " + string.Join(" ", names.Select(n => $"{s.GetValueOrDefault(n),10:0.0}")));
        Console.WriteLine();
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static async Task SoakAsync(AppPaths paths, string url, Options o, string query)
    {
        Console.WriteLine($"soak: evidence on, c=2, {o.Soak} pages, PSS after a full GC every {o.SoakEvery} pages (renderers collected every Browser:CollectGarbageEveryPages, tabs recycled every Browser:RecycleTabAfterPages)");
        await using var services = await StartAsync(paths, []);
        var engine = services.GetRequiredService<CrawlEngine>();
        var series = new List<(int Pages, Probe.Usage U)>();
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < o.Soak; done += o.SoakEvery)
        {
            await CrawlAsync(engine, $"{query} {done}", o.SoakEvery, url, 2);
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var u = Probe.Take(memory: true);
            series.Add((done + o.SoakEvery, u));
            Console.WriteLine($"  soak {done + o.SoakEvery,4} pages: MarketWatch PSS {Measure.Mib(u.SelfPss),4:0} MiB (managed heap {GC.GetTotalMemory(false) / 1048576.0:0} MiB), "
                + $"driver {Measure.Mib(u.DriverPss),3:0} MiB, Chromium {Measure.Mib(u.ChromiumPss),4:0} MiB in {u.ChromiumProcs} processes; {clock.Elapsed.TotalSeconds:0} s");
        }
        var (first, last) = (series[0], series[^1]);
        var max = series.Skip(1).Select(s => s.U).ToList();
        Console.WriteLine($"  soak {first.Pages} -> {last.Pages} pages: MarketWatch {Measure.Mib(last.U.SelfPss - first.U.SelfPss):+0;-0;0} MiB "
            + $"(range {Measure.Mib(max.Min(u => u.SelfPss)):0}-{Measure.Mib(max.Max(u => u.SelfPss)):0}), Chromium {Measure.Mib(last.U.ChromiumPss - first.U.ChromiumPss):+0;-0;0} MiB "
            + $"(range {Measure.Mib(max.Min(u => u.ChromiumPss)):0}-{Measure.Mib(max.Max(u => u.ChromiumPss)):0}), driver {Measure.Mib(last.U.DriverPss - first.U.DriverPss):+0;-0;0} MiB "
            + $"(range {Measure.Mib(max.Min(u => u.DriverPss)):0}-{Measure.Mib(max.Max(u => u.DriverPss)):0}); {o.Soak / clock.Elapsed.TotalMinutes:0} pages/min over the soak");
    }

    private static async Task<ServiceProvider> StartAsync(AppPaths paths, Dictionary<string, string?> overrides)
    {
        var config = new ConfigurationBuilder().AddConfiguration(paths.LoadConfiguration())
            .AddInMemoryCollection(new Dictionary<string, string?>(overrides) { ["Crawl:DetailPages:Mode"] = "None" }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddData(config, paths).AddMarketplaces(config).AddDetection(config, paths).AddCrawling(config, paths)
            .BuildServiceProvider();
        await Services.PrepareDatabaseAsync(services);
        return services;
    }

    /// <summary>One run of <paramref name="pages"/> pages of the query (a fresh query: every listing new).</summary>
    private static async Task<Measure.Work> CrawlAsync(CrawlEngine engine, string query, int pages, string url, int concurrency)
    {
        var run = await engine.RunAsync(new CrawlRequest("tokopedia", query, pages, url,
            new Politeness { Concurrency = concurrency, DelaySeconds = 0, AutoThrottle = false, BlockResources = true, ObeyRobots = true }), null, CancellationToken.None);
        if (run.Status != Data.CrawlStatus.Succeeded) Console.WriteLine($"  ! run {run.Id}: {run.Status}: {run.Error} (fetched {run.PagesFetched}, failed {run.PagesFailed})");
        return new Measure.Work(run.PagesFetched, run.Bytes, run.ListingsFlagged, run.ListingsNew + run.ListingsChanged + run.ListingsUnchanged, 1);
    }

    /// <summary>Sums the pipeline's stage-duration histogram (the same instrument Prometheus scrapes) per stage.</summary>
    private sealed class StageClock : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, double> _seconds = [];

        public StageClock()
        {
            _listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == CrawlMetrics.MeterName && i.Name == "marketwatch.stage.duration") l.EnableMeasurementEvents(i); };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                foreach (var t in tags)
                    if (t.Key == "stage") lock (_seconds) _seconds[(string)t.Value!] = _seconds.GetValueOrDefault((string)t.Value!) + value;
            });
            _listener.Start();
        }

        public void Reset() { lock (_seconds) _seconds.Clear(); }

        public Dictionary<string, double> PerPage(int pages)
        {
            lock (_seconds) return _seconds.ToDictionary(s => s.Key, s => s.Value * 1000 / Math.Max(1, pages));
        }

        public void Dispose() => _listener.Dispose();
    }
}
