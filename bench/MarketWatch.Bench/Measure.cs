using System.Diagnostics;

namespace MarketWatch.Bench;

/// <summary>What a benchmark line did and cost: pages, CPU per process tree, peak PSS, the machine's other load.</summary>
public static class Measure
{
    public readonly record struct Work(int Pages, long Bytes, int Flagged, int Listings, int Runs)
    {
        public static Work operator +(Work a, Work b) =>
            new(a.Pages + b.Pages, a.Bytes + b.Bytes, a.Flagged + b.Flagged, a.Listings + b.Listings, a.Runs + b.Runs);
    }

    public sealed record Result(string Label, Work Work, double Seconds, double CpuSelf, double CpuDriver, double CpuChromium, double CpuSandbox,
        long PeakSelf, long PeakDriver, long PeakChromium, int ChromiumProcs, double OtherCores)
    {
        public double PagesPerMinute => Work.Pages / Seconds * 60;
        public double CpuTotal => CpuSelf + CpuDriver + CpuChromium;
        public double PageKb => Work.Bytes / 1000.0 / Math.Max(1, Work.Pages);
        /// <summary>MarketWatch's own CPU s/page by thread kind (thread-pool workers, the JIT's tier-up thread, ...).</summary>
        public IReadOnlyDictionary<string, double> SelfThreads { get; init; } = new Dictionary<string, double>();
        /// <summary>Per round, this line's pages/min over the bare loop's in the same round, sorted (combined lines only).</summary>
        public IReadOnlyList<double> Ratios { get; init; } = [];
    }

    /// <summary>Several runs of one line as one: pages and seconds summed, CPU per page weighted by pages, peaks the highest.</summary>
    public static Result Combine(string label, IEnumerable<Result> runs)
    {
        var all = runs.ToList();
        var pages = Math.Max(1, all.Sum(r => r.Work.Pages));
        double Cpu(Func<Result, double> perPage) => all.Sum(r => perPage(r) * r.Work.Pages) / pages;
        var seconds = all.Sum(r => r.Seconds);
        return new Result(label, all.Aggregate(default(Work), (a, r) => a + r.Work), seconds, Cpu(r => r.CpuSelf), Cpu(r => r.CpuDriver),
            Cpu(r => r.CpuChromium), Cpu(r => r.CpuSandbox), all.Max(r => r.PeakSelf), all.Max(r => r.PeakDriver), all.Max(r => r.PeakChromium),
            all.MaxBy(r => r.PeakChromium)!.ChromiumProcs, all.Sum(r => r.OtherCores * r.Seconds) / Math.Max(1e-9, seconds));
    }

    public static async Task<Result> MeasureAsync(string label, Func<Task<Work>> work)
    {
        GC.Collect();
        var threadsBefore = Probe.ThreadsCpu();
        var before = Probe.Take(memory: false);
        var machineBefore = Probe.MachineBusySeconds();
        using var stop = new CancellationTokenSource();
        long peakSelf = 0, peakDriver = 0, peakChromium = 0;
        var procs = 0;
        // The sampler runs in this process, which is also MarketWatch's: its CPU is measured on its own thread and
        // taken out of MarketWatch's figure. PSS (smaps_rollup walks every page table: 4 reads a second of ten
        // Chromium processes cost ~0.15 cores, which the crawl being measured then lacked) is read once a second, and
        // at once whenever the cheap RSS total (statm, read every 250 ms) reaches a new high, so the peak is caught.
        var samplerThread = 0;
        var sampler = Task.Factory.StartNew(() =>
        {
            samplerThread = Probe.ThisThreadId();
            long peakRss = 0;
            var full = Stopwatch.StartNew();
            while (true)
            {
                var rss = Probe.TreeRss();
                if (full.ElapsedMilliseconds >= 1000 || rss > peakRss)
                {
                    var u = Probe.Take(memory: true);
                    peakSelf = Math.Max(peakSelf, u.SelfPss);
                    peakDriver = Math.Max(peakDriver, u.DriverPss);
                    if (u.ChromiumPss > peakChromium) (peakChromium, procs) = (u.ChromiumPss, u.ChromiumProcs);
                    full.Restart();
                }
                peakRss = Math.Max(peakRss, rss);
                if (stop.Token.WaitHandle.WaitOne(250)) return Probe.ThisThreadCpu();
            }
        }, TaskCreationOptions.LongRunning);
        var clock = Stopwatch.StartNew();
        var done = await work();
        var seconds = clock.Elapsed.TotalSeconds;
        var after = Probe.Take(memory: false);
        var threadsAfter = Probe.ThreadsCpu();
        var machine = Probe.MachineBusySeconds() - machineBefore;
        await stop.CancelAsync();
        var samplerCpu = await sampler;
        double PerPage(double cpu) => cpu / Math.Max(1, done.Pages);
        return new Result(label, done, seconds, PerPage(after.SelfCpu - before.SelfCpu - samplerCpu), PerPage(after.DriverCpu - before.DriverCpu),
            PerPage(after.ChromiumCpu - before.ChromiumCpu), PerPage(after.SandboxCpu - before.SandboxCpu), peakSelf, peakDriver, peakChromium, procs,
            // Cores kept busy by processes outside this benchmark (other builds and tests on a shared machine): noise.
            Math.Max(0, machine - (after.SelfCpu + after.DriverCpu + after.ChromiumCpu + after.SandboxCpu
                - before.SelfCpu - before.DriverCpu - before.ChromiumCpu - before.SandboxCpu)) / seconds)
        {
            // A thread that ended within the line is missing here; the process figure above still counts it.
            // The sampler's own thread is left out, as it is of MarketWatch's figure.
            SelfThreads = threadsAfter.Where(t => t.Key != samplerThread).GroupBy(t => t.Value.Name).ToDictionary(g => g.Key,
                g => PerPage(g.Sum(t => t.Value.Cpu - (threadsBefore.TryGetValue(t.Key, out var b) && b.Name == t.Value.Name ? b.Cpu : 0)))),
        };
    }

    public static void Print(Result r) =>
        Console.WriteLine($"{r.Label}: {r.Work.Pages} pages in {r.Seconds:0.0} s = {r.PagesPerMinute:0} pages/min; "
            + $"CPU s/page MarketWatch {r.CpuSelf:0.000}, driver {r.CpuDriver:0.000}, Chromium {r.CpuChromium:0.000}, total {r.CpuTotal:0.000} "
            + $"(sandbox server {r.CpuSandbox:0.000}, not counted); peak PSS MarketWatch {Mib(r.PeakSelf):0} MiB, driver {Mib(r.PeakDriver):0} MiB, "
            + $"Chromium {Mib(r.PeakChromium):0} MiB ({r.ChromiumProcs} processes); avg page {r.PageKb:0.0} KB; other processes on the machine {r.OtherCores:0.00} cores"
            + (r.SelfThreads.Count > 0 ? "; MarketWatch by thread: " + string.Join(", ", r.SelfThreads.Where(t => t.Value >= 0.0005).OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value:0.000}")) : "")
            + (r.Work.Runs > 0 ? $"; {r.Work.Runs} runs, {(double)r.Work.Listings / Math.Max(1, r.Work.Pages):0} listings/page, {(double)r.Work.Flagged / Math.Max(1, r.Work.Pages):0.0} flagged/page" : ""));

    public static double Mib(long kb) => kb / 1024.0;
}
