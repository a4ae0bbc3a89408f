using System.Diagnostics;
using MarketWatch.Service;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Service;

/// <summary>
/// deploy/marketwatch.service agrees with the program it runs: systemd waits longer than the graceful stop takes, the
/// data directory it creates is the one `serve` is given, the binary it starts is the one the build makes, and the
/// sandboxing keeps what Chromium and the JIT need. systemd itself cannot run here (no systemd as PID 1), so
/// `systemd-analyze verify` checks the file as systemd would read it.
/// </summary>
public class ServiceUnitTests
{
    private static readonly string UnitPath = Path.Combine(AppPaths.RepositoryRoot, "deploy", "marketwatch.service");

    /// <summary>Key -> values (a key may repeat) of one section, continuation lines joined, comments dropped.</summary>
    private static Dictionary<string, List<string>> Section(string name)
    {
        var keys = new Dictionary<string, List<string>>();
        string? section = null;
        var lines = File.ReadAllLines(UnitPath);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            while (line.EndsWith('\\') && i + 1 < lines.Length) line = line[..^1] + " " + lines[++i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line.StartsWith('[')) { section = line.Trim('[', ']'); continue; }
            if (section != name) continue;
            var eq = line.IndexOf('=');
            Assert.True(eq > 0, $"{UnitPath}:{i + 1}: not a key=value line: {line}");
            var key = line[..eq];
            if (!keys.TryGetValue(key, out var values)) keys[key] = values = [];
            values.Add(line[(eq + 1)..]);
        }
        return keys;
    }

    private static string One(Dictionary<string, List<string>> section, string key)
    {
        Assert.True(section.TryGetValue(key, out var values), $"{UnitPath}: [Service] has no {key}=");
        return values![^1];
    }

    [Fact]
    public void Systemd_waits_longer_than_the_graceful_stop_and_restarts_on_failure()
    {
        var service = Section("Service");
        Assert.Equal("SIGTERM", One(service, "KillSignal"));
        var timeout = double.Parse(One(service, "TimeoutStopSec").TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);
        // The stop bound plus Chromium's close is what the process itself needs; systemd must not SIGKILL before it.
        Assert.True(timeout >= 2 * (GracefulStop.StopSeconds + 1), $"TimeoutStopSec={timeout} leaves no margin over the graceful stop ({GracefulStop.StopSeconds} s + 1 s)");
        Assert.True(timeout <= 30, $"TimeoutStopSec={timeout}: a hung stop should not hold an upgrade for longer than a container's grace period");
        Assert.Equal("on-failure", One(service, "Restart"));
        Assert.NotEqual("0", One(service, "RestartSec").TrimEnd('s'));
    }

    [Fact]
    public void The_state_directory_is_the_data_directory_and_the_binary_is_the_one_the_build_makes()
    {
        var service = Section("Service");
        var state = One(service, "StateDirectory");
        var exec = One(service, "ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var dataDir = exec[Array.IndexOf(exec, "--data-dir") + 1];
        Assert.Equal($"/var/lib/{state}", dataDir);
        Assert.Equal("0700", One(service, "StateDirectoryMode"));
        Assert.Contains("serve", exec);
        const string install = "/opt/marketwatch/";
        var dll = exec.Single(a => a.EndsWith(".dll", StringComparison.Ordinal));
        Assert.StartsWith(install, dll);
        Assert.Equal(Path.GetFileName(typeof(AppPaths).Assembly.Location), Path.GetFileName(dll));
        Assert.True(File.Exists(Path.Combine(AppPaths.RepositoryRoot, dll[install.Length..])), $"{dll} is not where scripts/setup.sh builds it");
        Assert.NotEqual("root", One(service, "User"));
    }

    [Fact]
    public void The_sandbox_is_strict_but_keeps_what_Chromium_and_the_JIT_need()
    {
        var service = Section("Service");
        foreach (var (key, value) in new[] { ("ProtectSystem", "strict"), ("ProtectHome", "true"), ("PrivateTmp", "true"), ("NoNewPrivileges", "true") })
            Assert.Equal(value, One(service, key));
        // V8 and the .NET JIT write executable memory; Chromium builds namespaces of its own.
        Assert.False(service.ContainsKey("MemoryDenyWriteExecute") && One(service, "MemoryDenyWriteExecute") == "true");
        Assert.False(service.ContainsKey("RestrictNamespaces") && One(service, "RestrictNamespaces") == "true");
        Assert.Contains("AF_INET", One(service, "RestrictAddressFamilies").Split(' '));
    }

    [Fact]
    public async Task Systemd_reads_the_unit_without_a_complaint_and_complains_about_a_broken_copy()
    {
        if (!File.Exists("/usr/bin/systemd-analyze"))
        {
            // Debian 12 images without the systemd package: the three checks above still hold the unit to the program.
            Console.WriteLine("systemd-analyze is not installed: the unit was checked by the other tests only");
            return;
        }
        Assert.Equal("", await VerifyAsync(UnitPath));
        using var broken = new TempDir();
        var copy = Path.Combine(broken.Path, "marketwatch.service");
        File.WriteAllText(copy, File.ReadAllText(UnitPath).Replace("Type=exec", "Type=sometimes"));
        Assert.Contains("sometimes", await VerifyAsync(copy));   // the check can fail: the bad value is reported
    }

    private static async Task<string> VerifyAsync(string unit)
    {
        var psi = new ProcessStartInfo("/usr/bin/systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("verify");
        psi.ArgumentList.Add(unit);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
