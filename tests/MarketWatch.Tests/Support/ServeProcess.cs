using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketWatch.Tests.Support;

/// <summary>`marketwatch serve` as a real process (a node), with a schedule of the test's own.</summary>
public static class ServeProcess
{
    /// <summary>The repository's configuration with its Schedules section replaced, written into the data directory.</summary>
    public static string Config(string dataDir, object schedules)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppPaths.RepositoryRoot, "appsettings.json")))!.AsObject();
        config["Schedules"] = JsonSerializer.SerializeToNode(schedules);
        var path = Path.Combine(dataDir, "appsettings.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    public static object Patrol(string name, string marketplace, string cron, int pages = 1) =>
        new { Name = name, Marketplace = marketplace, Cron = cron, Queries = new[] { "unblock imei" }, Pages = pages, JitterSeconds = 0 };

    /// <param name="environment">Settings of the test's own (MarketWatch__...), applied last.</param>
    public static Process Start(string config, string dataDir, int port, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { AppProcess.Dll, "--config", config, "--data-dir", dataDir, "serve", "--urls", $"http://127.0.0.1:{port}" }) psi.ArgumentList.Add(a);
        psi.Environment["MarketWatch__Detection__ModelCacheDir"] = SharedData.ModelCache;
        psi.Environment["MarketWatch__Crawl__Politeness__DelaySeconds"] = "0";
        psi.Environment["MarketWatch__Crawl__DetailPages__Mode"] = "None";
        psi.Environment["MarketWatch__Review__DefaultCulture"] = "en";   // these tests read the English pages
        // On PostgreSQL (clustered): a dead node is noticed in seconds, and its run's lease runs out as fast.
        psi.Environment["MarketWatch__Schedules__ClusterCheckinSeconds"] = "2";
        psi.Environment["MarketWatch__Schedules__ClusterCheckinMisfireSeconds"] = "3";
        psi.Environment["MarketWatch__Crawl__RunLease__Seconds"] = "6";
        TestDb.Apply(psi, dataDir);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        var tail = Output.GetValue(process, _ => new Queue<string>());
        void Keep(string? line)
        {
            if (line is null) return;
            lock (tail) { tail.Enqueue(line); while (tail.Count > 40) tail.Dequeue(); }
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // The last lines each node printed, so a test that waits in vain can say what the node said (a node that
    // could not start would otherwise fail the test as a bare timeout).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, Queue<string>> Output = new();

    public static string Tail(Process process)
    {
        if (!Output.TryGetValue(process, out var tail)) return "";
        lock (tail) return string.Join(Environment.NewLine, tail);
    }

    /// <summary>Waits for the condition; fails at once, with its output, when one of the watched nodes has exited.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what, params Process[] watch)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try { if (await condition()) return; }
            catch (System.Data.Common.DbException) { }   // database not created or migrated yet
            if (watch.FirstOrDefault(p => p.HasExited) is { } dead)
            {
                dead.WaitForExit();   // drains its output
                throw new InvalidOperationException($"a node exited (code {dead.ExitCode}) while waiting for {what}:{Environment.NewLine}{Tail(dead)}");
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"waited in vain for {what}" + string.Concat(watch.Select(p => $"{Environment.NewLine}--- node {p.Id} said:{Environment.NewLine}{Tail(p)}")));
    }
}
