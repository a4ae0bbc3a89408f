using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MarketWatch.Tests.Support;

/// <summary>Signals as systemd and a terminal send them (Process.Kill is SIGKILL, which is not what is tested here).</summary>
public static class Signals
{
    public const int SIGINT = 2, SIGTERM = 15;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    public static void Send(Process process, int signal)
    {
        if (Kill(process.Id, signal) != 0) throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Sends the signal and measures from it to the process's exit (at most <paramref name="limit"/>, then it is killed).</summary>
    public static async Task<TimeSpan> SendAndWaitAsync(Process process, int signal, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        Send(process, signal);
        using var timeout = new CancellationTokenSource(limit + TimeSpan.FromSeconds(20));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"still running {watch.Elapsed.TotalSeconds:0.0} s after signal {signal}:\n{ServeProcess.Tail(process)}"); }
        return watch.Elapsed;
    }

    /// <summary>Whether the process is gone (a zombie left for init to reap counts as gone: it runs nothing).</summary>
    public static bool Gone(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat") is var stat && stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'); }
        catch (IOException) { return true; }
    }
}
