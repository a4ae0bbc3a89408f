using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MarketWatch;
using MarketWatch.Crawling;
using MarketWatch.Marketplaces;
using MarketWatch.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace MarketWatch.Bench;

/// <summary>
/// Crawl throughput through the real browser: the engine (CrawlEngine -> PageCrawler -> BrowserFetcher) on the
/// sandbox's client-rendered search pages, at concurrency 1, 2 and 4 per host with no delay; CPU seconds per page
/// for MarketWatch, Playwright's driver and Chromium; peak PSS; a soak to show memory stays flat; and bare
/// Playwright loops on the same pages as a reference measured on this machine.
/// The sandbox runs in a child process (this binary, `crawl --serve-sandbox`) so its CPU is not counted as ours.
/// Not pinned to one core: Chromium needs both (the peer figures were measured on 2 cores).
/// </summary>
public static class CrawlBench
{
    private const double TargetPagesPerMinute = 150, CrawleePagesPerMinute = 65, BarePeerPagesPerMinute = 150;
    private static readonly string[] QuietArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

    private sealed record Options(int Pages, int Soak, int SoakEvery, int PageSize, int Warmup, int Bare, int Five, int Diag, string Query, int[] Levels);

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        string? Str(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Str(name) is { } v ? int.Parse(v) : fallback;
        var levels = Str("--levels") ?? "1,2,4";
        var o = new Options(Int("--pages", 20), Int("--soak", 60), Int("--soak-every", 20), Int("--page-size", 97), Int("--warmup", 4),
            Int("--bare", 30), Int("--five", 20), Int("--diag", 16), Str("--query") ?? "a",
            levels == "none" ? [] : levels.Split(',').Select(int.Parse).ToArray());
        if (args.Contains("--serve-sandbox")) return await ServeSandboxAsync(o.PageSize, Int("--servers", 5));
        if (!OperatingSystem.IsLinux()) { Console.WriteLine("crawl: needs Linux (/proc for Chromium's CPU and PSS)"); return 2; }

        var total = Stopwatch.StartNew();
        var data = Directory.CreateTempSubdirectory("mw-crawlbench-");
        await using var sandbox = await SandboxProcess.StartAsync(o.PageSize, servers: 5);
        Probe.SandboxPid = sandbox.Pid;
        try
        {
            var paths = AppPaths.Resolve(configFile: null, dataDir: data.FullName);
            var catalog = MarketplaceCatalog.FromConfiguration(paths.LoadConfiguration());
            var toko = catalog.Get("tokopedia");
            var tokoUrl = sandbox.Urls[0];
            var perRun = await PagesPerRunAsync(tokoUrl, "tokopedia", o.Query, o.PageSize);
            Console.WriteLine($"sandbox: child process {sandbox.Pid}, {sandbox.Urls.Count} servers ({tokoUrl} ...), page size {o.PageSize} cards");
            Console.WriteLine($"query '{o.Query}': {perRun.Hits} results on tokopedia = runs of {perRun.Pages} search pages; "
                + "detail pages off, delay 0, AutoThrottle off, BlockResources on, robots obeyed");
            Console.WriteLine($"each level: a fresh provider (one Chromium; tabs recycled every Browser:RecycleTabAfterPages pages), warm-up {o.Warmup} pages, "
                + $"then {o.Pages} pages; when a run has fewer pages than the concurrency, ceil(c/{perRun.Pages}) runs go at once (the same query "
                + "padded with spaces, so distinct runs), the per-host limit still c");
            Console.WriteLine($"{Environment.ProcessorCount} cores, not pinned; Chromium {ChromiumLocator.Locate(null)}; CPU = utime+stime (+ reaped children) per process tree / pages; "
                + "driver = Playwright's node process; PSS sampled every 250 ms");
            Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()} (others' cores below: CPU used by processes outside this benchmark during each line)");
            Console.WriteLine();

            var results = new List<Result>();
            double? c1Flagged = null;

            // 1. Concurrency levels on one marketplace. The c=2 level goes on into the soak (same provider, same Chromium).
            foreach (var c in o.Levels)
            {
                var r = await LevelAsync(paths, $"engine tokopedia c={c}", "tokopedia", o.Query, perRun.Pages, tokoUrl, c, o, [],
                    soak: c == 2 && o.Soak > o.Pages, warmupNote: c == o.Levels[0] ? "JIT, model" : "JIT", results);
                if (c == 1) c1Flagged = (double)r.Work.Flagged / Math.Max(1, r.Work.Pages);
            }

            // Where the time goes: the same engine with configuration switched (no engine code changed).
            if (o.Diag > 0)
            {
                var diag = o with { Pages = o.Diag, Warmup = Math.Min(o.Warmup, 2 * perRun.Pages) };
                Dictionary<string, string?> noFlags = new() { ["Detection:Threshold"] = "0.9999999999" };
                await LevelAsync(paths, "engine c=1, nothing flagged (no screenshots)", "tokopedia", o.Query, perRun.Pages, tokoUrl, 1, diag, noFlags,
                    soak: false, warmupNote: "diagnostic: Detection:Threshold 0.9999999999", results);
                await LevelAsync(paths, "engine c=1, nothing flagged, no scroll", "tokopedia", o.Query, perRun.Pages, tokoUrl, 1, diag,
                    new(noFlags) { ["Marketplaces:tokopedia:Scroll"] = "false" }, soak: false, warmupNote: "diagnostic: + Marketplaces:tokopedia:Scroll false", results);
            }

            // Five marketplaces at once, each on its own host (its own sandbox port), concurrency 1 each.
            if (o.Five > 0)
            {
                await using var services = await StartServicesAsync(paths, []);
                var engine = services.GetRequiredService<CrawlEngine>();
                var plan = new List<(string Name, string Url, int Pages)>();
                foreach (var (p, i) in catalog.All.Select((p, i) => (p, i)))
                {
                    var url = sandbox.Urls[i % sandbox.Urls.Count];
                    plan.Add((p.Name, url, (await PagesPerRunAsync(url, p.Name, o.Query, o.PageSize)).Pages));
                }
                var warm = Stopwatch.StartNew();
                await Task.WhenAll(plan.Select(s => CrawlAsync(engine, s.Name, o.Query, s.Pages, s.Url, 1, 1)));
                Console.WriteLine($"5 marketplaces: warm-up one run each in {warm.Elapsed.TotalSeconds:0.0} s");
                var r = await MeasureAsync($"engine 5 marketplaces c=1 each", async () =>
                {
                    var parts = await Task.WhenAll(plan.Select(s => CrawlAsync(engine, s.Name, o.Query, s.Pages, s.Url, 1, (o.Five + plan.Count - 1) / plan.Count)));
                    return parts.Aggregate((a, b) => a + b);
                });
                results.Add(r);
                Print(r);
            }

            // Reference: bare Playwright loops on the same pages, same Chromium flags and context, tabs reused.
            if (o.Bare > 0)
            {
                Console.WriteLine();
                var urls = Enumerable.Range(0, perRun.Pages)
                    .Select(i => CrawlEngine.SearchUrl(toko, tokoUrl.TrimEnd('/') + toko.SandboxPath, o.Query, i)).ToList();
                var waitFor = string.Join(", ", new[] { toko.WaitFor ?? toko.Card, toko.NoResultsMarker, toko.BlockedMarker }.OfType<string>());
                var shots = (int)Math.Round(c1Flagged ?? 0);
                var variants = new List<(string Label, BareOptions B, int Pages)>
                {
                    ("bare: 1 tab, goto + wait card + content", new(Tabs: 1, Route: true, Scroll: false, Shots: 0), o.Bare),
                    ("bare: 2 tabs", new(Tabs: 2, Route: true, Scroll: false, Shots: 0), o.Bare),
                    ("bare: 1 tab, no route() interception", new(Tabs: 1, Route: false, Scroll: false, Shots: 0), o.Bare),
                    ("bare: 1 tab + engine's scroll step", new(Tabs: 1, Route: true, Scroll: true, Shots: 0), o.Bare),
                };
                if (shots > 0) variants.Add(($"bare: 1 tab + scroll + {shots} card screenshots", new(Tabs: 1, Route: true, Scroll: true, Shots: shots), Math.Max(4, o.Bare / 3)));
                foreach (var (label, b, pages) in variants)
                {
                    var r = await BareAsync(label, b, urls, waitFor, toko.Card, pages);
                    results.Add(r);
                    Print(r);
                }
            }

            // Summary.
            Console.WriteLine();
            Console.WriteLine($"{"line",-46} {"pages",5} {"pages/min",9} {"CPU s/page: MW",14} {"driver",6} {"Chromium",8} {"total",6} {"peak PSS MiB: MW",16} {"driver",6} {"Chromium",8} {"page KB",7} {"flagged/pg",10} {"others' cores",13}");
            foreach (var r in results)
                Console.WriteLine($"{r.Label,-46} {r.Work.Pages,5} {r.PagesPerMinute,9:0} {r.CpuSelf,14:0.000} {r.CpuDriver,6:0.000} {r.CpuChromium,8:0.000} {r.CpuTotal,6:0.000} "
                    + $"{Mib(r.PeakSelf),16:0} {Mib(r.PeakDriver),6:0} {Mib(r.PeakChromium),8:0} {r.PageKb,7:0.0} {(double)r.Work.Flagged / Math.Max(1, r.Work.Pages),10:0.0} {r.OtherCores,13:0.00}");
            Console.WriteLine();
            var levelLines = results.Where(r => r.Label.StartsWith("engine tokopedia c=", StringComparison.Ordinal)).ToList();
            if (levelLines.Count > 0)
            {
                var best = levelLines.MaxBy(r => r.PagesPerMinute)!;
                var bare = results.FirstOrDefault(r => r.Label.StartsWith("bare: 1 tab, goto", StringComparison.Ordinal));
                Console.WriteLine($"target {TargetPagesPerMinute:0}+ pages/min at ~100 KB: engine {string.Join(", ", levelLines.Select(r => $"{r.Label[17..]} {r.PagesPerMinute:0}"))} pages/min -> "
                    + (best.PagesPerMinute >= TargetPagesPerMinute ? "MET" : $"NOT MET (best {best.PagesPerMinute / TargetPagesPerMinute:P0} of target)"));
                Console.WriteLine($"peers (same 2-core machine): Crawlee PlaywrightCrawler ~{CrawleePagesPerMinute:0} pages/min at ~600 MB Chromium PSS (engine best: {best.PagesPerMinute / CrawleePagesPerMinute:0.00}x, "
                    + $"Chromium peak {Mib(best.PeakChromium):0} MiB); bare Playwright loop reusing tabs ~{BarePeerPagesPerMinute:0} (issue)"
                    + (bare is null ? "" : $", {bare.PagesPerMinute:0} measured here on these pages (engine best: {best.PagesPerMinute / bare.PagesPerMinute:P0} of it)"));
            }
            Console.WriteLine($"total bench time {total.Elapsed.TotalMinutes:0.0} min");
            return 0;
        }
        finally
        {
            try { data.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>One line: a fresh provider (and Chromium), a warm-up, the measured pages; optionally the soak after them.</summary>
    private static async Task<Result> LevelAsync(AppPaths paths, string label, string marketplace, string query, int pagesPerRun, string url, int c,
        Options o, Dictionary<string, string?> overrides, bool soak, string warmupNote, List<Result> results)
    {
        await using var services = await StartServicesAsync(paths, overrides);
        var engine = services.GetRequiredService<CrawlEngine>();
        var warm = Stopwatch.StartNew();
        var w = await CrawlAsync(engine, marketplace, query, pagesPerRun, url, c, o.Warmup);
        Console.WriteLine($"{label}: warm-up {w.Pages} pages in {warm.Elapsed.TotalSeconds:0.0} s (Chromium launch, {c} tab(s), {warmupNote})");

        var series = new List<(int Pages, Probe.Usage U, long Heap)>();
        var mark = o.SoakEvery;
        void Sample(int pages)
        {
            // A full, compacting collection first: PSS that still grows after it is a leak (native or
            // managed); PSS that falls back was only the GC keeping freed segments.
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var heap = GC.GetTotalMemory(true);
            var u = Probe.Take(memory: true);
            series.Add((pages, u, heap));
            Console.WriteLine($"  soak {pages,4} pages: MarketWatch PSS {Mib(u.SelfPss),4:0} MiB (managed heap {heap / 1048576.0:0} MiB), "
                + $"driver {Mib(u.DriverPss),3:0} MiB, Chromium {Mib(u.ChromiumPss),4:0} MiB in {u.ChromiumProcs} processes");
        }
        void AfterRun(Work done)
        {
            if (!soak || done.Pages < mark) return;
            lock (series) { if (done.Pages < mark) return; Sample(done.Pages); mark = (done.Pages / o.SoakEvery + 1) * o.SoakEvery; }
        }
        if (soak) Sample(0);

        var r = await MeasureAsync(label, () => CrawlAsync(engine, marketplace, query, pagesPerRun, url, c, o.Pages, AfterRun));
        results.Add(r);
        Print(r);
        if (!soak) return r;

        var offset = r.Work.Pages;
        var s = await MeasureAsync($"engine soak c={c} (pages {offset + 1}-{o.Soak})",
            () => CrawlAsync(engine, marketplace, query, pagesPerRun, url, c, o.Soak - offset, done => AfterRun(done with { Pages = done.Pages + offset })));
        results.Add(s);
        Print(s);
        if (series.Count >= 3)
        {
            var (zero, first, last) = (series[0], series[1], series[^1]);
            Console.WriteLine($"  soak delta {first.Pages} -> {last.Pages} pages: MarketWatch {Mib(last.U.SelfPss - first.U.SelfPss):+0;-0;0} MiB, "
                + $"driver {Mib(last.U.DriverPss - first.U.DriverPss):+0;-0;0} MiB, Chromium {Mib(last.U.ChromiumPss - first.U.ChromiumPss):+0;-0;0} MiB; "
                + $"0 -> {last.Pages}: MarketWatch {Mib(last.U.SelfPss - zero.U.SelfPss):+0;-0;0} MiB, Chromium {Mib(last.U.ChromiumPss - zero.U.ChromiumPss):+0;-0;0} MiB");
        }
        if (o.Soak < 500)
            Console.WriteLine($"  (short soak to keep the bench near 10 min; the issue's: crawl --levels 2 --soak 500 --soak-every 100 --diag 0 --five 0 --bare 0)");
        return r;
    }

    // ---------------------------------------------------------------------------------------------- engine

    private static async Task<ServiceProvider> StartServicesAsync(AppPaths paths, Dictionary<string, string?> overrides)
    {
        // Search pages only: detail pages are switched off for this figure.
        var config = new ConfigurationBuilder().AddConfiguration(paths.LoadConfiguration())
            .AddInMemoryCollection(new Dictionary<string, string?>(overrides) { ["Crawl:DetailPages:Mode"] = "None" }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddData(config, paths)
            .AddMarketplaces(config)
            .AddDetection(config, paths)
            .AddCrawling(config, paths)
            .BuildServiceProvider();
        await Services.PrepareDatabaseAsync(services);
        return services;
    }

    private static Politeness NoDelay(int concurrency) => new()
    {
        Concurrency = concurrency, DelaySeconds = 0, AutoThrottle = false, BlockResources = true, ObeyRobots = true,
    };

    /// <summary>
    /// Runs of the query's search pages until at least <paramref name="pages"/> are fetched: one after another, or, when a run
    /// has fewer pages than the concurrency, ceil(c / pages per run) streams of runs at once so the host can have c pages in flight.
    /// Each stream pads the query with spaces (same results; a run of the same query still running would be resumed instead).
    /// </summary>
    private static async Task<Work> CrawlAsync(CrawlEngine engine, string marketplace, string query, int pagesPerRun, string sandboxUrl, int concurrency, int pages,
        Action<Work>? afterRun = null)
    {
        var streams = Math.Max(1, (concurrency + pagesPerRun - 1) / pagesPerRun);
        var done = new Work();
        var gate = new object();
        await Task.WhenAll(Enumerable.Range(0, streams).Select(async stream =>
        {
            var q = query + new string(' ', stream);
            while (true)
            {
                lock (gate) if (done.Pages >= pages) return;
                var run = await engine.RunAsync(new CrawlRequest(marketplace, q, pagesPerRun, sandboxUrl, NoDelay(concurrency)), null, CancellationToken.None);
                if (run.Status != Data.CrawlStatus.Succeeded)
                    Console.WriteLine($"  ! {marketplace} run {run.Id}: {run.Status}: {run.Error} (fetched {run.PagesFetched}, failed {run.PagesFailed}, broken {run.PagesBroken})");
                if (run.PagesFetched == 0) throw new InvalidOperationException($"{marketplace}: run {run.Id} fetched no page: {run.Error}");
                Work now;
                lock (gate) now = done += new Work(run.PagesFetched, run.Bytes, run.ListingsFlagged, run.ListingsNew + run.ListingsChanged + run.ListingsUnchanged, 1);
                afterRun?.Invoke(now);
            }
        }));
        return done;
    }

    private static async Task<(int Hits, int Pages)> PagesPerRunAsync(string sandboxUrl, string marketplace, string query, int pageSize)
    {
        using var http = new HttpClient();
        var body = await http.GetFromJsonAsync<JsonElement>($"{sandboxUrl.TrimEnd('/')}/{marketplace}/api/search?q={Uri.EscapeDataString(query)}&page=1");
        var hits = body.GetProperty("data").GetProperty("totalData").GetInt32();
        return (hits, Math.Max(1, (hits + pageSize - 1) / pageSize));
    }

    // ---------------------------------------------------------------------------------------------- bare Playwright

    private sealed record BareOptions(int Tabs, bool Route, bool Scroll, int Shots);

    private static async Task<Result> BareAsync(string label, BareOptions b, List<string> urls, string waitFor, string card, int pages)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumLocator.Locate(null), Headless = true, Args = QuietArgs });
        var browserOptions = new BrowserOptions();
        var context = await browser.NewContextAsync(new()
        {
            UserAgent = browserOptions.UserAgent, Locale = browserOptions.Locale, TimezoneId = browserOptions.TimezoneId,
            ViewportSize = new() { Width = 1280, Height = 1600 },
        });
        if (b.Route)
            await context.RouteAsync("**/*", route => route.Request.ResourceType is "image" or "font" or "media" ? route.AbortAsync() : route.ContinueAsync());
        var tabs = new List<IPage>();
        for (var i = 0; i < b.Tabs; i++) tabs.Add(await context.NewPageAsync());
        var next = 0;

        async Task<Work> Loop(int count)
        {
            var done = new Work();
            await Task.WhenAll(tabs.Select(async tab =>
            {
                while (true)
                {
                    var n = Interlocked.Increment(ref next) - 1;
                    if (n >= count) return;
                    await tab.GotoAsync(urls[n % urls.Count], new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                    await tab.WaitForSelectorAsync(waitFor, new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });
                    if (b.Scroll) await BrowserFetcher.ScrollForLazyCardsAsync(tab, 2000);
                    var html = await tab.ContentAsync();
                    for (var s = 0; s < b.Shots; s++) await tab.Locator(card).Nth(s).ScreenshotAsync(new() { Type = ScreenshotType.Png, Timeout = 5_000 });
                    lock (tabs) done += new Work(1, html.Length, b.Shots, 0, 0);
                }
            }));
            return done;
        }

        await Loop(b.Shots > 0 ? 1 : Math.Max(4, b.Tabs * 2));   // warm-up
        next = 0;
        return await MeasureAsync(label, () => Loop(pages));
    }

    // ---------------------------------------------------------------------------------------------- measuring

    private readonly record struct Work(int Pages, long Bytes, int Flagged, int Listings, int Runs)
    {
        public static Work operator +(Work a, Work b) =>
            new(a.Pages + b.Pages, a.Bytes + b.Bytes, a.Flagged + b.Flagged, a.Listings + b.Listings, a.Runs + b.Runs);
    }

    private sealed record Result(string Label, Work Work, double Seconds, double CpuSelf, double CpuDriver, double CpuChromium, double CpuSandbox,
        long PeakSelf, long PeakDriver, long PeakChromium, int ChromiumProcs, double OtherCores)
    {
        public double PagesPerMinute => Work.Pages / Seconds * 60;
        public double CpuTotal => CpuSelf + CpuDriver + CpuChromium;
        public double PageKb => Work.Bytes / 1000.0 / Math.Max(1, Work.Pages);
    }

    private static async Task<Result> MeasureAsync(string label, Func<Task<Work>> work)
    {
        GC.Collect();
        var before = Probe.Take(memory: false);
        var machineBefore = Probe.MachineBusySeconds();
        using var stop = new CancellationTokenSource();
        long peakSelf = 0, peakDriver = 0, peakChromium = 0;
        var procs = 0;
        var sampler = Task.Run(async () =>
        {
            while (true)
            {
                var u = Probe.Take(memory: true);
                peakSelf = Math.Max(peakSelf, u.SelfPss);
                peakDriver = Math.Max(peakDriver, u.DriverPss);
                if (u.ChromiumPss > peakChromium) (peakChromium, procs) = (u.ChromiumPss, u.ChromiumProcs);
                try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { return; }
            }
        });
        var clock = Stopwatch.StartNew();
        var done = await work();
        var seconds = clock.Elapsed.TotalSeconds;
        var after = Probe.Take(memory: false);
        var machine = Probe.MachineBusySeconds() - machineBefore;
        await stop.CancelAsync();
        await sampler;
        double PerPage(double cpu) => cpu / Math.Max(1, done.Pages);
        return new Result(label, done, seconds, PerPage(after.SelfCpu - before.SelfCpu), PerPage(after.DriverCpu - before.DriverCpu),
            PerPage(after.ChromiumCpu - before.ChromiumCpu), PerPage(after.SandboxCpu - before.SandboxCpu), peakSelf, peakDriver, peakChromium, procs,
            // Cores kept busy by processes outside this benchmark (other builds and tests on a shared machine): noise.
            Math.Max(0, machine - (after.SelfCpu + after.DriverCpu + after.ChromiumCpu + after.SandboxCpu
                - before.SelfCpu - before.DriverCpu - before.ChromiumCpu - before.SandboxCpu)) / seconds);
    }

    private static void Print(Result r) =>
        Console.WriteLine($"{r.Label}: {r.Work.Pages} pages in {r.Seconds:0.0} s = {r.PagesPerMinute:0} pages/min; "
            + $"CPU s/page MarketWatch {r.CpuSelf:0.000}, driver {r.CpuDriver:0.000}, Chromium {r.CpuChromium:0.000}, total {r.CpuTotal:0.000} "
            + $"(sandbox server {r.CpuSandbox:0.000}, not counted); peak PSS MarketWatch {Mib(r.PeakSelf):0} MiB, driver {Mib(r.PeakDriver):0} MiB, "
            + $"Chromium {Mib(r.PeakChromium):0} MiB ({r.ChromiumProcs} processes); avg page {r.PageKb:0.0} KB; other processes on the machine {r.OtherCores:0.00} cores"
            + (r.Work.Runs > 0 ? $"; {r.Work.Runs} runs, {(double)r.Work.Listings / Math.Max(1, r.Work.Pages):0} listings/page, {(double)r.Work.Flagged / Math.Max(1, r.Work.Pages):0.0} flagged/page" : ""));

    private static double Mib(long kb) => kb / 1024.0;

    /// <summary>CPU and PSS of this process and its descendants, from /proc: Chromium (names containing "chrom"),
    /// the Playwright driver (node, the rest), and the sandbox child (reported apart, not counted).</summary>
    private static class Probe
    {
        public static int SandboxPid;
        private const double TicksPerSecond = 100;

        public readonly record struct Usage(double SelfCpu, double DriverCpu, double ChromiumCpu, double SandboxCpu,
            long SelfPss, long DriverPss, long ChromiumPss, int ChromiumProcs);

        private readonly record struct Proc(int Pid, int PPid, string Comm, long Ticks);

        public static Usage Take(bool memory)
        {
            var self = Environment.ProcessId;
            var all = Scan();
            var children = all.Values.ToLookup(p => p.PPid);
            double driver = 0, chromium = 0, sandbox = 0;
            long selfPss = memory ? Pss(self) : 0, driverPss = 0, chromiumPss = 0;
            var chromiumProcs = 0;
            var queue = new Queue<(Proc P, bool InSandbox)>(children[self].Select(p => (p, p.Pid == SandboxPid)));
            while (queue.TryDequeue(out var item))
            {
                var (p, inSandbox) = item;
                foreach (var c in children[p.Pid]) queue.Enqueue((c, inSandbox));
                var cpu = p.Ticks / TicksPerSecond;
                if (inSandbox) { sandbox += cpu; continue; }
                if (p.Comm.Contains("chrom", StringComparison.OrdinalIgnoreCase))
                {
                    chromium += cpu;
                    chromiumProcs++;
                    if (memory) chromiumPss += Pss(p.Pid);
                }
                else
                {
                    driver += cpu;
                    if (memory) driverPss += Pss(p.Pid);
                }
            }
            using var me = Process.GetCurrentProcess();
            return new Usage(me.TotalProcessorTime.TotalSeconds, driver, chromium, sandbox, selfPss, driverPss, chromiumPss, chromiumProcs);
        }

        /// <summary>Busy CPU seconds of the whole machine (/proc/stat: everything but idle and iowait).</summary>
        public static double MachineBusySeconds()
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            return (f.Sum() - f[3] - f[4]) / TicksPerSecond;
        }

        private static Dictionary<int, Proc> Scan()
        {
            var result = new Dictionary<int, Proc>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                string stat;
                try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < 0) continue;
                var f = stat[(close + 2)..].Split(' ');
                // after "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17): reaped children count too
                result[pid] = new Proc(pid, int.Parse(f[1]), stat[(open + 1)..close],
                    long.Parse(f[11]) + long.Parse(f[12]) + long.Parse(f[13]) + long.Parse(f[14]));
            }
            return result;
        }

        /// <summary>Proportional set size in kB (shared pages divided among their sharers).</summary>
        private static long Pss(int pid)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                    if (line.StartsWith("Pss:", StringComparison.Ordinal))
                        return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return 0;
        }
    }

    // ---------------------------------------------------------------------------------------------- sandbox child

    private static async Task<int> ServeSandboxAsync(int pageSize, int servers)
    {
        var fixtures = Path.Combine(AppPaths.RepositoryRoot, "fixtures");
        var started = new List<SandboxServer>();
        for (var i = 0; i < servers; i++)
        {
            var server = await SandboxServer.StartAsync(fixtures, "http://127.0.0.1:0", new SandboxOptions { PageSize = pageSize });
            started.Add(server);
            Console.WriteLine("SANDBOX " + server.Url);
        }
        Console.WriteLine("SANDBOX-READY");
        await Console.In.ReadToEndAsync();   // until the parent closes our stdin (or dies)
        foreach (var s in started) await s.DisposeAsync();
        return 0;
    }

    private sealed class SandboxProcess(Process process, List<string> urls) : IAsyncDisposable
    {
        public int Pid => process.Id;
        public IReadOnlyList<string> Urls => urls;

        public static async Task<SandboxProcess> StartAsync(int pageSize, int servers)
        {
            var host = Environment.ProcessPath!;
            var info = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(CrawlBench).Assembly.Location);
            foreach (var a in new[] { "crawl", "--serve-sandbox", "--page-size", pageSize.ToString(), "--servers", servers.ToString() }) info.ArgumentList.Add(a);
            var process = Process.Start(info)!;
            var urls = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("SANDBOX-READY", StringComparison.Ordinal)) break;
                if (line.StartsWith("SANDBOX ", StringComparison.Ordinal)) urls.Add(line[8..].Trim());
            }
            if (urls.Count == 0) throw new InvalidOperationException("the sandbox child process did not start");
            _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
            return new SandboxProcess(process, urls);
        }

        public async ValueTask DisposeAsync()
        {
            try { process.StandardInput.Close(); } catch (IOException) { }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { process.Kill(); }
            process.Dispose();
        }
    }
}
