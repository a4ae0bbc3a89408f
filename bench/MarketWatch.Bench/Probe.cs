using System.Diagnostics;

namespace MarketWatch.Bench;

/// <summary>CPU and PSS of this process and its descendants, from /proc: Chromium (names containing "chrom"),
/// the Playwright driver (node, the rest), and the sandbox child (reported apart, not counted).</summary>
public static class Probe
{
    public static int SandboxPid;
    private const double TicksPerSecond = 100;

    public readonly record struct Usage(double SelfCpu, double DriverCpu, double ChromiumCpu, double SandboxCpu,
        long SelfPss, long DriverPss, long ChromiumPss, int ChromiumProcs);

    private readonly record struct Proc(int Pid, int PPid, string Comm, long Ticks);

    public static Usage Take(bool memory)
    {
        double driver = 0, chromium = 0, sandbox = 0;
        long selfPss = memory ? Pss(Environment.ProcessId) : 0, driverPss = 0, chromiumPss = 0;
        var chromiumProcs = 0;
        foreach (var (p, inSandbox) in Descendants())
        {
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

    /// <summary>Resident set of this process and its descendants but the sandbox, in kB: cheap (statm), to trigger PSS reads.</summary>
    public static long TreeRss() => Rss(Environment.ProcessId) + Descendants().Where(d => !d.InSandbox).Sum(d => Rss(d.P.Pid));

    // Every process below this one, and whether it belongs to the sandbox child's subtree.
    private static List<(Proc P, bool InSandbox)> Descendants()
    {
        var children = Scan().Values.ToLookup(p => p.PPid);
        var found = new List<(Proc, bool)>();
        var queue = new Queue<(Proc P, bool InSandbox)>(children[Environment.ProcessId].Select(p => (p, p.Pid == SandboxPid)));
        while (queue.TryDequeue(out var item))
        {
            found.Add(item);
            foreach (var c in children[item.P.Pid]) queue.Enqueue((c, item.InSandbox));
        }
        return found;
    }

    private static long Rss(int pid)
    {
        try { return long.Parse(File.ReadAllText($"/proc/{pid}/statm").Split(' ')[1]) * Environment.SystemPageSize / 1024; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { return 0; }
    }

    /// <summary>CPU seconds of each live thread of this process, by thread id, with its name (/proc/self/task).</summary>
    public static Dictionary<int, (string Name, double Cpu)> ThreadsCpu()
    {
        var threads = new Dictionary<int, (string, double)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var (open, close) = (stat.IndexOf('('), stat.LastIndexOf(')'));
                var f = stat[(close + 2)..].Split(' ');
                threads[int.Parse(stat[..open].Trim())] = (stat[(open + 1)..close], (long.Parse(f[11]) + long.Parse(f[12])) / TicksPerSecond);
            }
            catch (Exception e) when (e is IOException or FormatException) { }   // the thread ended meanwhile
        }
        return threads;
    }

    /// <summary>The calling thread's id as /proc/self/task names it.</summary>
    public static int ThisThreadId() => int.Parse(new DirectoryInfo("/proc/thread-self").ResolveLinkTarget(false)!.Name);

    /// <summary>CPU seconds used by the calling thread (/proc/thread-self/stat).</summary>
    public static double ThisThreadCpu()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11]) + long.Parse(f[12])) / TicksPerSecond;
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
