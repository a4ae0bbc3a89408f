using MarketWatch.Detection;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Detection;

/// <summary>Trains on the training split and holds the detector to its quality floors on data it never saw.</summary>
public class ClassifierTests
{
    private static Evaluation Evaluate(Detector detector, IEnumerable<LabeledListing> rows) =>
        Evaluation.Of(rows.Select(r => detector.Detect(new ListingText(r.Title, r.Description, r.PriceIdr)) is var d ? (d.Score, d.Flagged, r.Label) : default).ToList());

    [Fact]
    public void Held_out_f1_of_the_offer_class_is_at_least_0_95()
    {
        var holdout = TrainingData.Read(SharedData.HoldoutCsv);
        Assert.True(holdout.Count >= 500, "the held-out split is large enough to measure");
        var detector = Evaluate(new Detector(new DetectionOptions(), SharedData.Classifier), holdout);
        Assert.True(detector.F1 >= 0.95, string.Join('\n', detector.Lines()));
        Assert.True(detector.PrAuc >= 0.95, string.Join('\n', detector.Lines()));
        // The classifier alone, too: rules must not be what carries the figure.
        var alone = Evaluation.Of(holdout.Select(r => SharedData.Classifier.Predict(
            TextNormalizer.Normalize(r.Title), TextNormalizer.Normalize(r.Description), r.PriceIdr) is var p ? ((double)p, p >= 0.5f, r.Label) : default).ToList());
        Assert.True(alone.F1 >= 0.95, string.Join('\n', alone.Lines()));
    }

    [Fact]
    public void Holdout_targets_hold_for_the_detector_and_the_classifier_alone_and_the_hard_cases_are_read_correctly()
    {
        var detector = new Detector(new DetectionOptions(), SharedData.Classifier);
        var holdout = Scorecard.Of("holdout", detector, TrainingData.Read(SharedData.HoldoutCsv));
        var report = string.Join('\n', holdout.Lines(perFamily: true));
        Assert.True(holdout.Detector.F1 >= 0.985 && holdout.ClassifierAlone.F1 >= 0.985, report);
        Assert.True(holdout.HardNegativeFlagRate <= 0.03 && holdout.HardNegativeFlagRateClassifier <= 0.03, report);
        // Written apart from the corpus, never trained or tuned on: registered phones, offers without service words, by brand, by the month.
        var hard = Scorecard.Of("hard cases", detector, TrainingData.Read(Path.Combine(AppPaths.RepositoryRoot, "fixtures", "evaluation", "hard-cases.csv")));
        Assert.True(hard.HardNegatives >= 40 && hard.HardNegativesFlagged == 0, string.Join('\n', hard.Lines(perFamily: true)));
        Assert.True(hard.ErrorRate <= 0.05, string.Join('\n', hard.Lines(perFamily: true)));
    }

    [SkippableFact]
    public void At_most_half_a_percent_of_real_marketplace_listings_are_flagged()
    {
        SharedData.Require(SharedData.RealListings);
        using var reader = new StreamReader(SharedData.RealListings);
        var table = new MarketWatch.Data.CsvTable(reader, SharedData.RealListings);
        int title = table.Require("title"), description = table.Require("description"), price = table.Require("price_idr");
        var detector = new Detector(new DetectionOptions(), SharedData.Classifier);
        int rows = 0, flagged = 0;
        var examples = new List<string>();
        while (table.Next() is { } row)
        {
            rows++;
            var p = double.TryParse(row[price], System.Globalization.CultureInfo.InvariantCulture, out var v) ? (long?)v : null;
            if (!detector.Detect(new ListingText(row[title], row[description], p)).Flagged) continue;
            flagged++;
            examples.Add(row[title]);
        }
        Assert.Equal(1589, rows);
        Assert.True(flagged <= rows * 0.005, $"{flagged} of {rows} flagged: {string.Join(" | ", examples.Take(10))}");
    }

    [Fact]
    public void Training_is_deterministic_and_a_saved_model_predicts_the_same()
    {
        var rows = TrainingData.Read(SharedData.TrainingCsv).Where((_, i) => i % 4 == 0).ToList();
        var a = Classifier.Train(rows);
        var b = Classifier.Train(rows);
        Assert.Equal(a.Version, b.Version);
        var path = Path.Combine(Path.GetTempPath(), $"mw-model-{Guid.NewGuid():N}.zip");
        try
        {
            a.Save(path);
            var loaded = Classifier.Load(path);
            Assert.Equal(a.Version, loaded.Version);
            foreach (var (title, price) in new[] { ("unblock imei iphone", 150_000L), ("casing hp oppo", 15_000L) })
            {
                Assert.Equal(a.Predict(title, "", price), b.Predict(title, "", price));
                Assert.Equal(a.Predict(title, "", price), loaded.Predict(title, "", price), 5);
            }
        }
        finally { File.Delete(path); }
        Assert.NotEqual(a.Version, Classifier.Train(rows.Skip(1)).Version);   // different data, different version
    }

    [Fact]
    public void Unreadable_model_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mw-not-a-model-{Guid.NewGuid():N}.zip");
        File.WriteAllText(path, "not a zip");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => Classifier.Load(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.1 }, new[] { true, true, false, false }, 1.0)]
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.1 }, new[] { true, false, true, false }, 0.8333)]
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.1 }, new[] { false, false, true, true }, 0.4167)]
    public void Pr_auc_is_average_precision(double[] scores, bool[] labels, double expected)
    {
        var e = Evaluation.Of(scores.Zip(labels, (s, l) => (s, s >= 0.5, l)).ToList());
        Assert.Equal(expected, e.PrAuc, 3);
    }
}
