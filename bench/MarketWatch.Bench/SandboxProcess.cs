using System.Diagnostics;
using MarketWatch.Sandbox;

namespace MarketWatch.Bench;

/// <summary>The sandbox in a child process (this binary, `crawl --serve-sandbox`), so its CPU is not counted as the crawler's.</summary>
public static class SandboxProcess
{
    public static async Task<int> ServeAsync(int pageSize, int servers, string catalogue, bool pictures = false)
    {
        var fixtures = Path.Combine(AppPaths.RepositoryRoot, "fixtures");
        var started = new List<SandboxServer>();
        for (var i = 0; i < servers; i++)
        {
            var server = await SandboxServer.StartAsync(fixtures, "http://127.0.0.1:0", new SandboxOptions { PageSize = pageSize, Catalogue = catalogue, Pictures = pictures });
            started.Add(server);
            Console.WriteLine("SANDBOX " + server.Url);
        }
        Console.WriteLine("SANDBOX-READY");
        await Console.In.ReadToEndAsync();   // until the parent closes our stdin (or dies)
        foreach (var s in started) await s.DisposeAsync();
        return 0;
    }

    public sealed class Child(Process process, List<string> urls) : IAsyncDisposable
    {
        public int Pid => process.Id;
        public IReadOnlyList<string> Urls => urls;

        public static async Task<Child> StartAsync(int pageSize, int servers, string catalogue, bool pictures = false)
        {
            var host = Environment.ProcessPath!;
            var info = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(CrawlBench).Assembly.Location);
            foreach (var a in new[] { "crawl", "--serve-sandbox", "--page-size", pageSize.ToString(), "--servers", servers.ToString(), "--catalogue", catalogue }) info.ArgumentList.Add(a);
            if (pictures) info.ArgumentList.Add("--pictures");
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
            return new Child(process, urls);
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
