namespace MarketWatch.Service;

/// <summary>This process's descendants, read from /proc (Linux): the Playwright driver and the Chromium it started.</summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }   // gone meanwhile
        }
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
            foreach (var (pid, ppid) in parents)
                if (ppid == parent) { found.Add(pid); frontier.Enqueue(pid); }
        return found;
    }

    /// <summary>This process's Playwright drivers (node ... cli.js run-driver), by process id.</summary>
    public static IReadOnlyList<int> PlaywrightDrivers()
    {
        if (!OperatingSystem.IsLinux()) return [];
        return Descendants(Environment.ProcessId).Where(pid =>
        {
            try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains("run-driver"); }
            catch (IOException) { return false; }
        }).ToList();
    }

    /// <summary>SIGKILLs the process and its descendants, all listed before the first is killed.</summary>
    public static void Kill(int root)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var pid in Descendants(root).Prepend(root)) KillOne(pid);
    }

    private static void KillOne(int pid)
    {
        try { System.Diagnostics.Process.GetProcessById(pid).Kill(); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    /// <summary>SIGKILLs every descendant of this process, all listed before the first is killed (a killed parent's children are re-parented, not spared).</summary>
    public static void KillChildren()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var pid in Descendants(Environment.ProcessId)) KillOne(pid);
    }
}
