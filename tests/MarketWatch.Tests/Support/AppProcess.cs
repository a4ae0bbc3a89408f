using System.Diagnostics;

namespace MarketWatch.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>Exit code 2 and one `error:` line on stderr holding every part (no stack trace, no log noise).</summary>
    public void AssertOneErrorLine(params string[] parts)
    {
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(ExitCode == 2 && lines.Length == 1 && lines[0].StartsWith("error: ") && parts.All(lines[0].Contains), ToString());
    }
}

/// <summary>Runs the real `marketwatch` binary as a child process, the way an operator or a script would.</summary>
public static class AppProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "marketwatch.dll");

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static Task<CliResult> RunAsync(IDictionary<string, string> environment, params string[] args) => RunAsync(environment, null, args);

    /// <summary>Runs with the given text on stdin (stdin is then a pipe, not a terminal).</summary>
    public static Task<CliResult> RunWithInputAsync(string stdin, params string[] args) => RunAsync(new Dictionary<string, string>(), stdin, args);

    private static async Task<CliResult> RunAsync(IDictionary<string, string> environment, string? stdin, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // One model cache for the whole test run: the classifier is trained once, not in every fresh data directory.
        psi.Environment["MarketWatch__Detection__ModelCacheDir"] = SharedData.ModelCache;
        // The sandbox is local: tests run without politeness delays, except those that set their own.
        psi.Environment["MarketWatch__Crawl__Politeness__DelaySeconds"] = "0";
        psi.Environment["MarketWatch__Crawl__BackoffBaseSeconds"] = "0.2";
        // The data directory's database: its SQLite file, or the PostgreSQL database TestDb gave it.
        if (args.ToList().IndexOf("--data-dir") is var at and >= 0 && at + 1 < args.Length) TestDb.Apply(psi, args[at + 1]);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException("marketwatch " + string.Join(' ', args) + " did not finish"); }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "marketwatch-tests", Guid.NewGuid().ToString("N")[..12]);
    public TempDir() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        TestDb.Forget(Path);
        try
        {
            foreach (var f in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }   // a child process may still hold the database for a moment; /tmp is cleaned anyway
    }
}

public static class Ports
{
    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int Unused()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
