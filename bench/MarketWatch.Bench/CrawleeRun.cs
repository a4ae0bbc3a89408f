using System.Diagnostics;
using System.Text.Json;
using MarketWatch.Crawling;

namespace MarketWatch.Bench;

/// <summary>
/// Crawlee's PlaywrightCrawler (npm) on the same pages, when bench/crawlee has its node_modules (`npm install` there;
/// the benchmark never downloads anything itself). Chromium is the system one, as for everything else here.
/// </summary>
public static class CrawleeRun
{
    public static string Folder => Path.Combine(AppPaths.RepositoryRoot, "bench", "crawlee");
    public static bool Installed => Directory.Exists(Path.Combine(Folder, "node_modules", "crawlee"));

    public static async Task<Measure.Result?> RunAsync(string label, int concurrency, IReadOnlyList<string> warmup, IReadOnlyList<string> urls, string waitFor)
    {
        var list = Path.Combine(Path.GetTempPath(), $"mw-crawlee-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(list, JsonSerializer.Serialize(warmup.Concat(urls)));
        var info = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder };
        foreach (var a in new[] { Path.Combine(Folder, "crawl.mjs"), list, concurrency.ToString(), warmup.Count.ToString(), waitFor, ChromiumLocator.Locate(null) })
            info.ArgumentList.Add(a);
        info.Environment["CRAWLEE_STORAGE_DIR"] = Path.Combine(Path.GetTempPath(), $"mw-crawlee-storage-{Guid.NewGuid():N}");
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                if (line == "WARM") break;
            return await Measure.MeasureAsync(label, async () =>
            {
                var pages = 0;
                while (pages == 0 && await process.StandardOutput.ReadLineAsync() is { } line)
                    if (line.StartsWith("DONE ", StringComparison.Ordinal)) pages = int.Parse(line[5..]);
                if (pages == 0) throw new InvalidOperationException($"crawlee exited {process.ExitCode}: {await errors}");
                return new Measure.Work(pages, 0, 0, 0, 0);   // measured while node is alive: its reaped Chromium counts in its CPU
            });
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"{label}: not measured ({e.Message.Split('\n')[0]})");
            return null;
        }
        finally
        {
            try { process.StandardInput.Close(); } catch (IOException) { }
            await process.WaitForExitAsync();
            File.Delete(list);
        }
    }
}
