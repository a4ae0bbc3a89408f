using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using MarketWatch.Marketplaces;
using Microsoft.Extensions.Configuration;

namespace MarketWatch.Bench;

/// <summary>
/// Search-page extraction throughput on one core: AngleSharp parse + the profile-driven extractor, over each
/// marketplace's golden pages (fixtures/marketplaces/NAME/search-1 and search-2, held in memory), and over the
/// 40-card Tokopedia page the throughput target is stated for (cheerio 34 pages/s, htmlparser2 97 pages/s,
/// target 100+ pages/s for a ~108 KB 40-card page).
/// </summary>
public static class ExtractBench
{
    private const double TargetPagesPerSecond = 100, TargetPageKb = 108;

    public static int Run(int secondsPerMarketplace)
    {
        var root = AppPaths.RepositoryRoot;
        var fixtures = Path.Combine(root, "fixtures", "marketplaces");
        var catalog = MarketplaceCatalog.FromConfiguration(
            new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "appsettings.json")).Build());
        var duration = TimeSpan.FromSeconds(Math.Max(1, secondsPerMarketplace));
        Console.WriteLine($"pages: {fixtures}; {duration.TotalSeconds:0} s per line after warm-up; parse + extract, single-threaded");

        var sets = catalog.All.OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (Label: p.Name, Profile: p, Pages: new[] { "search-1", "search-2" }
                .Where(c => File.Exists(Path.Combine(fixtures, p.Name, c + ".html")))
                .Select(c => Page.Load(fixtures, p.Name, c)).ToList()))
            .ToList();
        var bench = Page.Load(fixtures, "tokopedia", "bench-40");
        sets.Add(("tokopedia bench-40", catalog.Get("tokopedia"), [bench]));

        // Warm-up over every page first, until a second of work runs as fast as the one before (within 3%):
        // tiered JIT reaches optimised code only after several seconds on one core (its background compiler
        // shares the core), so without it whichever marketplace came first would look several times slower.
        var extractor = new ListingExtractor();
        var all = sets.SelectMany(s => s.Pages.Select(p => (s.Profile, Page: p))).ToList();
        var k = 0;
        int AnyPage() { var (profile, page) = all[k++ % all.Count]; return extractor.Extract(profile, page.Html, page.Url).Listings.Count; }
        var warm = Stopwatch.StartNew();
        for (double previous = 0, rate; ; previous = rate)
        {
            var second = Loop(TimeSpan.FromSeconds(1), AnyPage, all.Count);
            rate = second.Count / second.Seconds;
            if ((warm.Elapsed.TotalSeconds >= 4 && Math.Abs(rate - previous) <= 0.03 * rate) || warm.Elapsed.TotalSeconds >= 30) break;
        }
        Console.WriteLine($"warm-up: {warm.Elapsed.TotalSeconds:0} s over all {all.Count} pages");
        Console.WriteLine($"{"marketplace",-22} {"page KiB",8} {"cards/page",10} {"pages/s",9} {"listings/s",11} {"KiB/s",8} {"alloc/page",11}");

        Result? result = null;
        foreach (var (label, profile, pages) in sets)
        {
            if (pages.Count == 0) { Console.WriteLine($"{label,-22} (no golden search pages)"); continue; }
            Print(label, result = Measure(profile, pages, duration));
        }

        var last = result!;   // the bench-40 line
        var pagesPerSecond = last.Pages / last.Seconds;
        var parser = new HtmlParser();
        Loop(TimeSpan.FromSeconds(0.5), () => { using var d = parser.ParseDocument(bench.Html); return 0; });
        var parseOnly = Loop(duration, () => { using var d = parser.ParseDocument(bench.Html); return 0; });
        var parsePerSecond = parseOnly.Count / parseOnly.Seconds;
        Console.WriteLine($"  bench-40, AngleSharp parse alone: {parsePerSecond:0} pages/s (parsing is {100 * pagesPerSecond / parsePerSecond:0}% of parse + extract)");
        var kb = bench.Bytes / 1024.0;
        Console.WriteLine($"target: {TargetPagesPerSecond:0}+ pages/s for a ~{TargetPageKb:0} KB 40-card page (cheerio 34, htmlparser2 97). "
                          + $"bench-40 ({kb:0} KiB, {last.Listings / last.Pages:0} cards): {pagesPerSecond:0} pages/s, "
                          + $"{(pagesPerSecond >= TargetPagesPerSecond ? "meets" : "misses")} the target; "
                          + $"~{pagesPerSecond * kb / TargetPageKb:0} pages/s if scaled linearly to {TargetPageKb:0} KB");
        return 0;
    }

    private sealed record Page(string Name, string Html, Uri Url, int Bytes)
    {
        public static Page Load(string fixtures, string marketplace, string @case)
        {
            var html = File.ReadAllText(Path.Combine(fixtures, marketplace, @case + ".html"));
            using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, marketplace, @case + ".expected.json")));
            var url = new Uri(expected.RootElement.GetProperty("url").GetString()!);
            return new Page($"{marketplace}/{@case}", html, url, Encoding.UTF8.GetByteCount(html));
        }
    }

    private sealed record Result(long Pages, long Listings, long Bytes, double Seconds, long Allocated);

    private static Result Measure(MarketplaceProfile profile, IReadOnlyList<Page> pages, TimeSpan duration)
    {
        var extractor = new ListingExtractor();
        int i = 0;
        int Next()
        {
            var page = pages[i++ % pages.Count];
            var extracted = extractor.Extract(profile, page.Html, page.Url);
            if (extracted.Kind != PageKind.Listings) throw new InvalidOperationException($"{page.Name}: extracted as {extracted.Kind}");
            return extracted.Listings.Count;
        }
        Loop(TimeSpan.FromSeconds(0.5), Next);                     // this profile's selectors and regexes
        GC.Collect();
        GC.WaitForPendingFinalizers();
        i = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var run = Loop(duration, Next, pages.Count);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Whole rounds over the pages, so every page counts as often as the others.
        var bytes = Enumerable.Range(0, (int)run.Count).Sum(n => (long)pages[n % pages.Count].Bytes);
        return new Result(run.Count, run.Sum, bytes, run.Seconds, allocated);
    }

    /// <summary>Calls work until duration has passed (finishing a round of roundSize calls); count, sum of results, seconds.</summary>
    private static (long Count, long Sum, double Seconds) Loop(TimeSpan duration, Func<int> work, int roundSize = 1)
    {
        long count = 0, sum = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration || count % roundSize != 0)
        {
            sum += work();
            count++;
        }
        return (count, sum, watch.Elapsed.TotalSeconds);
    }

    private static void Print(string label, Result r) =>
        Console.WriteLine($"{label,-22} {r.Bytes / 1024.0 / r.Pages,8:0.0} {(double)r.Listings / r.Pages,10:0.0} {r.Pages / r.Seconds,9:0.0} "
                          + $"{r.Listings / r.Seconds,11:N0} {r.Bytes / 1024.0 / r.Seconds,8:N0} {r.Allocated / 1048576.0 / r.Pages,8:0.00} MiB");
}
