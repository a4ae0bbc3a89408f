using MarketWatch.Detection;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Detection;

/// <summary>
/// The classifier runs its boosted trees without ML.NET's row machinery (for classify's throughput); these hold
/// that path to ML.NET's probabilities bit for bit, on listings the model never saw and on text built to trip a
/// tokeniser, and check that what it cannot reproduce keeps ML.NET's engine.
/// </summary>
public class CompiledTreesTests
{
    private static void AssertSameBits(Classifier model, IEnumerable<(string Title, string Description, long? Price)> listings)
    {
        var count = 0;
        foreach (var (title, description, price) in listings)
        {
            var (t, d) = (TextNormalizer.Normalize(title), TextNormalizer.Normalize(description));
            var expected = model.PredictWithMlNet(t, d, price);
            var actual = model.Predict(t, d, price);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                $"\"{title}\" / \"{description}\" at {price}: compiled {actual:R}, ML.NET {expected:R}");
            // Raw, un-normalised text too: the compiled tokeniser must agree on any string it is given.
            Assert.Equal(BitConverter.SingleToInt32Bits(model.PredictWithMlNet(title, description ?? "", price)),
                BitConverter.SingleToInt32Bits(model.Predict(title, description ?? "", price)));
            count++;
        }
        Assert.True(count > 0);
    }

    private static IEnumerable<(string, string, long?)> Unseen()
    {
        var holdout = TrainingData.Read(SharedData.HoldoutCsv);
        var hard = TrainingData.Read(Path.Combine(AppPaths.RepositoryRoot, "fixtures", "evaluation", "hard-cases.csv"));
        return holdout.Concat(hard).Select(r => (r.Title, r.Description ?? "", r.PriceIdr));
    }

    // Punctuation inside and around words, runs of spaces, tabs and newlines, other scripts, emoji (surrogate
    // pairs), an empty listing, a description far past the featurised prefix, every price band.
    private static readonly (string, string, long?)[] Awkward =
    [
        ("", "", null),
        ("JASA IMEI!!! unblock...", "kirim imei,via remote;1x24 jam. garansi 12-bulan", 150_000),
        ("imei\tterdaftar\nresmi", "  per  imei  ", 25_000),
        ("Paket 4/64GB (resmi) – IMEI aman ✓", "«imei» “by brand” — stok 😀 banyak", 2_500_000),
        ("..., ;;; !!!", "-- -- --", 0),
        ("ｉｍｅｉ unblock", "inject imei " + string.Concat(Enumerable.Repeat("garansi sinyal selamanya, ", 80)), 500_000),
        ("iPhone 13 Pro 256GB second", "imei terdaftar kemenperin, bebas blokir", 9_000_000),
    ];

    [Fact]
    public void The_trained_model_runs_on_compiled_trees_and_gives_ml_nets_probabilities_to_the_bit()
    {
        var model = SharedData.Classifier;
        Assert.StartsWith("compiled trees", model.Engine);
        AssertSameBits(model, Unseen().Concat(Awkward));
    }

    [SkippableFact]
    public void Real_marketplace_listings_get_the_same_probabilities_from_both_engines()
    {
        SharedData.Require(SharedData.RealListings);
        using var reader = new StreamReader(SharedData.RealListings);
        var table = new MarketWatch.Data.CsvTable(reader, SharedData.RealListings);
        int title = table.Require("title"), description = table.Require("description"), price = table.Require("price_idr");
        var rows = new List<(string, string, long?)>();
        while (table.Next() is { } row)
            rows.Add((row[title], row[description], double.TryParse(row[price], System.Globalization.CultureInfo.InvariantCulture, out var v) ? (long?)v : null));
        AssertSameBits(SharedData.Classifier, rows);
    }

    [Fact]
    public void A_saved_and_loaded_model_compiles_again_and_scores_as_before()
    {
        var dir = Directory.CreateTempSubdirectory("mw-compiled-");
        try
        {
            var path = Path.Combine(dir.FullName, "model.zip");
            SharedData.Classifier.Save(path);
            var loaded = Classifier.Load(path);
            Assert.StartsWith("compiled trees", loaded.Engine);
            foreach (var (t, d, p) in Unseen().Take(300))
                Assert.Equal(SharedData.Classifier.Predict(TextNormalizer.Normalize(t), TextNormalizer.Normalize(d), p),
                    loaded.Predict(TextNormalizer.Normalize(t), TextNormalizer.Normalize(d), p));
            AssertSameBits(loaded, Awkward);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData(ModelRecipe.Sdca, 1, 0)]          // a linear model: no trees to compile
    [InlineData(ModelRecipe.LightGbm, 2, 0)]      // word bigrams: not reproduced, so not compiled
    [InlineData(ModelRecipe.FastTree, 1, 0)]      // FastTree's trees are the same kind: compiled
    public void What_the_compiled_path_does_not_reproduce_keeps_ml_nets_engine(string trainer, int words, int chars)
    {
        var rows = TrainingData.Read(SharedData.TrainingCsv).Where((_, i) => i % 4 == 0).ToList();
        var model = Classifier.Train(rows, new ModelRecipe { Trainer = trainer, WordNgrams = words, CharNgrams = chars, Trees = 20 });
        var compiles = trainer != ModelRecipe.Sdca && words == 1 && chars == 0;
        Assert.True(model.Engine.StartsWith(compiles ? "compiled trees" : "ML.NET engine", StringComparison.Ordinal), model.Engine);
        AssertSameBits(model, Unseen().Take(400).Concat(Awkward));
    }
}
