using System.Diagnostics;
using MarketWatch;
using MarketWatch.Detection;
using MarketWatch.Learning;

namespace MarketWatch.Bench;

/// <summary>
/// The model figures issue 16 asks for, in one run: every candidate recipe trained on the corpus and scored
/// on the frozen holdout, the hard cases written apart from it and the real listings (all negatives), with
/// its training time and detection speed on one core; then the simulated reviewer feedback.
/// </summary>
public static class ModelsBench
{
    public static readonly (string Name, ModelRecipe Recipe)[] Candidates =
    [
        ("sdca words1 (the old model)", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 1, Signals = false }),
        ("sdca words1 + signals", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 1 }),
        ("sdca words1-2 + signals", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 2 }),
        ("sdca words1-2 + chars3 + signals", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 2, CharNgrams = 3 }),
        ("fasttree words1 + signals", new ModelRecipe { Trainer = ModelRecipe.FastTree, WordNgrams = 1, Trees = 300, Leaves = 16, MinLeafRows = 5, LearningRate = 0.1f }),
        ("fasttree words1-2 + signals", new ModelRecipe { Trainer = ModelRecipe.FastTree, WordNgrams = 2, Trees = 300, Leaves = 16, MinLeafRows = 5, LearningRate = 0.1f }),
        ("fasttree words1-2, no signals", new ModelRecipe { Trainer = ModelRecipe.FastTree, WordNgrams = 2, Signals = false, Trees = 300, Leaves = 16, MinLeafRows = 5, LearningRate = 0.1f }),
        ("lightgbm words1-2 + signals", new ModelRecipe { Trainer = ModelRecipe.LightGbm, WordNgrams = 2, Trees = 300, Leaves = 16, MinLeafRows = 5, LearningRate = 0.1f }),
        ("lightgbm words1 + signals (default)", new ModelRecipe()),
    ];

    public static readonly (string Name, ModelRecipe Recipe)[] CvGrid =
    [
        ("sdca w1 nosig", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 1, Signals = false }),
        ("sdca w1 sig l2=1e-4", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 1 }),
        ("sdca w1 sig l2=1e-3", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 1, L2 = 1e-3f }),
        ("sdca w1 sig l2=1e-2", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 1, L2 = 1e-2f }),
        ("sdca w1-2 sig l2=1e-3", new ModelRecipe { Trainer = ModelRecipe.Sdca, WordNgrams = 2, L2 = 1e-3f }),
        ("lightgbm w1 sig", new ModelRecipe { Trainer = ModelRecipe.LightGbm, WordNgrams = 1, Trees = 300, Leaves = 16, MinLeafRows = 5, LearningRate = 0.1f }),
        ("lightgbm w1-2 sig", new ModelRecipe { Trainer = ModelRecipe.LightGbm, WordNgrams = 2, Trees = 300, Leaves = 16, MinLeafRows = 5, LearningRate = 0.1f }),
        ("lightgbm w1 sig minleaf20", new ModelRecipe { Trainer = ModelRecipe.LightGbm, WordNgrams = 1, MinLeafRows = 20, Trees = 300, Leaves = 16, LearningRate = 0.1f }),
        ("fasttree w1 sig", new ModelRecipe { Trainer = ModelRecipe.FastTree, WordNgrams = 1, Trees = 300, Leaves = 16, MinLeafRows = 5, LearningRate = 0.1f }),
        ("lightgbm w1 sig minleaf20 trees100 lr0.3", new ModelRecipe { Trainer = ModelRecipe.LightGbm, WordNgrams = 1, MinLeafRows = 20, Trees = 100, LearningRate = 0.3f, Leaves = 16 }),
        ("lightgbm w1 sig minleaf20 trees60 lr0.4 leaves8", new ModelRecipe { Trainer = ModelRecipe.LightGbm, WordNgrams = 1, MinLeafRows = 20, Trees = 60, LearningRate = 0.4f, Leaves = 8 }),
    ];

    public static int Run(string[] args)
    {
        if (args.Contains("--feedback"))
        {
            Feedback(EvaluationSets.Load(AppPaths.RepositoryRoot, null), new ModelRecipe());
            return 0;
        }
        if (args.Contains("--cv"))
        {
            var pick = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
            Console.WriteLine("5-fold cross-validation on the corpus, grouped by template (the holdout is not read)");
            foreach (var (name, recipe) in CvGrid.Where(c => pick is null || c.Name.Contains(pick)))
            {
                var watch = Stopwatch.StartNew();
                var (det, clf, hard) = CrossValidation.Run(EvaluationSets.CorpusPath(Path.Combine(AppPaths.RepositoryRoot, "fixtures")), recipe);
                Console.WriteLine($"{name,-28} detector F1 {det.F1:0.0000}  classifier F1 {clf.F1:0.0000} (P {clf.Precision:0.000} R {clf.Recall:0.000})  hard-neg flagged by classifier {100 * hard:0.00}%  {watch.Elapsed.TotalSeconds:0}s");
            }
            return 0;
        }
        var sets = EvaluationSets.Load(AppPaths.RepositoryRoot, RealListingsPath());
        var speedRows = sets.SpeedRows(20_000);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        Console.WriteLine($"corpus {sets.Corpus.Count} rows; holdout {sets.Holdout.Count}; hard cases {sets.HardCases.Count}; real listings {sets.RealListings?.Count.ToString() ?? "absent"}");
        Console.WriteLine($"{"recipe",-34} {"train s",7} {"holdout F1 det/clf",19} {"hard-neg flagged det/clf",25} {"hard cases err",14} {"real flagged",12} {"detect/s",9}");
        foreach (var (name, recipe) in Candidates.Where(c => only is null || c.Name.Contains(only)))
        {
            var watch = Stopwatch.StartNew();
            Classifier classifier;
            try { classifier = Classifier.Train(sets.Corpus, recipe); }
            catch (Exception e) when (e is not OutOfMemoryException) { Console.WriteLine($"{name,-34} failed to train: {e.GetBaseException().Message}"); continue; }
            var trainSeconds = watch.Elapsed.TotalSeconds;
            var detector = new Detector(new DetectionOptions(), classifier);
            var holdout = Scorecard.Of("holdout", detector, sets.Holdout);
            var hard = Scorecard.Of("hard cases", detector, sets.HardCases);
            var real = sets.RealListings is { } r ? Scorecard.Of("real", detector, r) : null;
            foreach (var t in speedRows.Take(2000)) detector.Detect(t);   // warm-up
            watch.Restart();
            foreach (var t in speedRows) detector.Detect(t);
            var perSecond = speedRows.Count / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"{name,-34} {trainSeconds,7:0.0} {holdout.Detector.F1,9:0.0000}/{holdout.ClassifierAlone.F1:0.0000} " +
                $"{100 * holdout.HardNegativeFlagRate,11:0.00}%/{100 * holdout.HardNegativeFlagRateClassifier:0.00}% " +
                $"{100 * hard.ErrorRate,13:0.0}% {(real is null ? "-" : $"{100.0 * real.Detector.FalsePositives / real.Detector.Count:0.00}%"),12} {perSecond,9:N0}");
        }
        Feedback(sets, new ModelRecipe());
        return 0;
    }

    /// <summary>
    /// Simulated reviewer feedback: a model trained on the corpus meets a cohort of listings in new wording
    /// (fixtures/feedback/decisions.csv); 200 of them come back as reviewer decisions and the model is
    /// retrained with them as the retrain job does; its errors on the other rows are printed before and after.
    /// </summary>
    public static void Feedback(EvaluationSets sets, ModelRecipe recipe, int decided = 200)
    {
        var cohort = TrainingData.Read(Path.Combine(AppPaths.RepositoryRoot, "fixtures", "feedback", "decisions.csv"));
        var decisions = cohort.Take(decided).Select(r => r with { Family = "decision", Weight = recipe.DecisionWeight }).ToList();
        var rest = cohort.Skip(decided).ToList();
        Console.WriteLine($"simulated feedback ({recipe.TrainerName}): {decisions.Count} reviewer decisions fed back, {rest.Count} rows of the same cohort held apart");
        foreach (var (stage, rows) in new[] { ("before (corpus only)", sets.Corpus), ($"after (corpus + {decisions.Count} decisions)", sets.Corpus.Concat(decisions).ToList()) })
        {
            var detector = new Detector(new DetectionOptions(), Classifier.Train(rows, recipe));
            var card = Scorecard.Of("rest", detector, rest);
            var holdout = Scorecard.Of("holdout", detector, sets.Holdout);
            Console.WriteLine($"  {stage,-34} error rate on the rest {100 * card.ErrorRate,5:0.0}% ({card.Detector.FalsePositives} FP, {card.Detector.FalseNegatives} FN; " +
                $"classifier alone {card.ClassifierAlone.FalsePositives + card.ClassifierAlone.FalseNegatives} wrong)   holdout F1 {holdout.Detector.F1:0.0000} / classifier {holdout.ClassifierAlone.F1:0.0000}");
        }
    }

    private static string RealListingsPath() =>
        Path.GetFullPath(Path.Combine(AppPaths.RepositoryRoot, "..", "shared", "data", "listings", "real_listings_dev.csv"));
}
