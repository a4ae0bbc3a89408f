using System.Diagnostics;
using System.Text;
using MarketWatch;
using MarketWatch.Cli;
using MarketWatch.Data;
using MarketWatch.Detection;

namespace MarketWatch.Bench;

/// <summary>
/// Throughput of `classify` (CSV in -> IMEI extraction + classifier + rules -> CSV out) on one core, and
/// peak memory at two input sizes to show it stays flat (the input is streamed).
/// </summary>
public static class ClassifyBench
{
    public static int Run(int rows, string? trainer = null, int? trees = null, float? rate = null, int? leaves = null)
    {
        var training = Path.Combine(AppPaths.RepositoryRoot, "fixtures", "training", "train.csv");
        var watch = Stopwatch.StartNew();
        // The default recipe, or another trainer (--trainer sdca|fasttree|lightgbm) to compare their cost.
        var recipe = trainer is null ? new ModelRecipe() : new ModelRecipe { Trainer = trainer, Trees = trees ?? new ModelRecipe().Trees, LearningRate = rate ?? new ModelRecipe().LearningRate, Leaves = leaves ?? new ModelRecipe().Leaves };
        var classifier = Classifier.Train(TrainingData.Read(training), recipe);
        Console.WriteLine($"model {classifier.Version} ({recipe}) trained in {watch.Elapsed.TotalSeconds:0.0} s; {classifier.Engine}");
        var detector = new Detector(new DetectionOptions(), classifier);

        var source = SourceRows(training);
        var dir = Directory.CreateTempSubdirectory("mw-bench-");
        try
        {
            var small = Write(Path.Combine(dir.FullName, "small.csv"), source, rows / 10);
            var large = Write(Path.Combine(dir.FullName, "large.csv"), source, rows);
            Console.WriteLine($"input: {rows:N0} rows, {new FileInfo(large).Length / 1048576.0:0.0} MiB (rows from {source.Description})");
            Classify(detector, small, dir.FullName);   // warm-up: JIT, regex compilation, prediction engine
            var smallPeak = Peak(() => Classify(detector, small, dir.FullName));
            var best = double.MaxValue;
            long largePeak = 0;
            for (var i = 0; i < 3; i++)
            {
                var t = Stopwatch.StartNew();
                largePeak = Math.Max(largePeak, Peak(() => Classify(detector, large, dir.FullName)));
                best = Math.Min(best, t.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"classify: {rows / best:N0} listings/s (best of 3: {best:0.00} s for {rows:N0} rows, CSV read + detect + CSV write)");
            Console.WriteLine($"memory: peak working set {smallPeak / 1048576.0:0} MiB at {rows / 10:N0} rows, {largePeak / 1048576.0:0} MiB at {rows:N0} rows");

            var texts = source.Rows.Take(20_000).Select(r => new ListingText(r[0], r[1], long.TryParse(r[2], out var p) ? p : null)).ToList();
            var d = Stopwatch.StartNew();
            foreach (var t in texts) detector.Detect(t);
            Console.WriteLine($"detect only: {texts.Count / d.Elapsed.TotalSeconds:N0} listings/s (normalise + IMEI extraction + classifier + rules)");
            Breakdown(detector, classifier, texts);
            return 0;
        }
        finally { dir.Delete(recursive: true); }
    }

    // Where a listing's microseconds go: each part timed alone over the same texts; the rules are what is left.
    private static void Breakdown(Detector detector, Classifier classifier, List<ListingText> texts)
    {
        var normalised = texts.Select(t => (T: TextNormalizer.Normalize(t.Title), D: TextNormalizer.Normalize(t.Description), t.PriceIdr)).ToList();
        double Time(Action<int> part)
        {
            var best = double.MaxValue;
            for (var round = 0; round < 3; round++)
            {
                var w = Stopwatch.StartNew();
                for (var i = 0; i < texts.Count; i++) part(i);
                best = Math.Min(best, w.Elapsed.TotalMicroseconds / texts.Count);
            }
            return best;
        }
        var normalise = Time(i => { TextNormalizer.Normalize(texts[i].Title); TextNormalizer.Normalize(texts[i].Description); });
        var signals = Time(i => ListingSignals.Of(normalised[i].T, normalised[i].D, normalised[i].PriceIdr));
        var predict = Time(i => classifier.Predict(normalised[i].T, normalised[i].D, normalised[i].PriceIdr));
        var imeis = Time(i => Detector.ImeisOf(texts[i]));
        var detect = Time(i => detector.Detect(texts[i]));
        Console.WriteLine($"per listing (µs): detect {detect:0.0} = normalise {normalise:0.0} + classifier {predict:0.0} (of which signals {signals:0.0}) + IMEI extraction {imeis:0.0} + rules and the rest {detect - normalise - predict - imeis:0.0}");
    }

    private static void Classify(Detector detector, string input, string dir)
    {
        using var reader = new StreamReader(input, Encoding.UTF8);
        using var writer = new StreamWriter(Path.Combine(dir, "out.csv"), false, new UTF8Encoding(false), 1 << 16);
        ClassifyCommand.Run(new CsvTable(reader, input), writer, detector, CancellationToken.None);
    }

    private static long Peak(Action action)
    {
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });
        action();
        sampling.Cancel();
        sampler.Wait();
        return peak;
    }

    private sealed record Source(List<string[]> Rows, string Description);

    // Real listings when the workplace's reference data is there (their long descriptions are the realistic
    // cost), mixed with the team's training rows; the training rows alone otherwise.
    private static Source SourceRows(string training)
    {
        var rows = new List<string[]>();
        using (var r = new StreamReader(training))
        {
            var t = new CsvTable(r, training);
            int title = t.Require("title"), desc = t.Require("description"), price = t.Require("price_idr");
            while (t.Next() is { } row) rows.Add([row[title], row[desc], row[price]]);
        }
        var real = Path.GetFullPath(Path.Combine(AppPaths.RepositoryRoot, "..", "shared", "data", "listings", "real_listings_dev.csv"));
        if (!File.Exists(real)) return new Source(rows, "the training corpus");
        using (var r = new StreamReader(real))
        {
            var t = new CsvTable(r, real);
            int title = t.Require("title"), desc = t.Require("description"), price = t.Require("price_idr");
            while (t.Next() is { } row) rows.Add([row[title], row[desc], double.TryParse(row[price], out var p) ? ((long)p).ToString() : ""]);
        }
        return new Source(rows, "the training corpus + ../shared/data real listings");
    }

    private static string Write(string path, Source source, int count)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        CsvWriter.WriteRecord(w, ["id", "title", "description", "price_idr"]);
        for (var i = 0; i < count; i++)
        {
            var r = source.Rows[i % source.Rows.Count];
            CsvWriter.WriteRecord(w, [i.ToString(), r[0], r[1], r[2]]);
        }
        return path;
    }
}
