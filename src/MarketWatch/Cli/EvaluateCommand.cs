using System.CommandLine;
using MarketWatch.Detection;
using MarketWatch.Learning;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>
/// `evaluate`: the detection targets' figures. Without --input: the frozen holdout (F1 of the detector and of
/// the classifier alone, hard negatives flagged), the hard cases written apart from the corpus, and the share
/// of real marketplace listings flagged when ../shared/data is there. With --input: the same for that file.
/// </summary>
public static class EvaluateCommand
{
    public const double TargetF1 = 0.985, TargetHardNegatives = 0.03;

    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input") { Description = "Labelled CSV: title, description, price_idr, label (1/0), optional family (default: the targets' sets)" };
        var model = new Option<FileInfo?>("--model") { Description = "Model file (default: the registry's champion)" };
        var families = new Option<bool>("--families") { Description = "Also print errors per family" };
        var command = new Command("evaluate", "Print F1, precision, recall, PR-AUC and hard negatives flagged, for the detector and for the classifier alone") { input, model, families };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            if (result.GetValue(model) is { } m) Environment.SetEnvironmentVariable("MarketWatch__Detection__ModelPath", m.FullName);
            var custom = result.GetValue(input) is { } file ? TrainingData.Read(file.FullName) : null;
            await using var services = await CliServices.StartAsync(paths, ct);
            var detector = await CliServices.DetectorAsync(services, ct);
            Console.WriteLine($"model {detector.ModelVersion} ({detector.Model?.Recipe ?? "rules only"}; {detector.Model?.Engine ?? "no classifier"})");
            var perFamily = result.GetValue(families);
            if (custom is not null)
            {
                Print(Scorecard.Of(result.GetValue(input)!.Name, detector, custom), perFamily);
                return 0;
            }
            var holdout = Scorecard.Of("holdout (fixtures/training/holdout.csv, split by template)", detector, TrainingData.Read(EvaluationSets.HoldoutPath(paths.FixturesDir)));
            Print(holdout, perFamily);
            Console.WriteLine($"   target: F1 >= {TargetF1} with at most {100 * TargetHardNegatives:0}% of hard negatives flagged, the classifier alone included: " +
                (holdout.Detector.F1 >= TargetF1 && holdout.ClassifierAlone.F1 >= TargetF1 && holdout.HardNegativeFlagRate <= TargetHardNegatives
                    && holdout.HardNegativeFlagRateClassifier <= TargetHardNegatives ? "met" : "NOT met"));
            Print(Scorecard.Of("hard cases (fixtures/evaluation/hard-cases.csv, written apart from the corpus)", detector,
                TrainingData.Read(EvaluationSets.HardCasesPath(paths.FixturesDir))), perFamily: true);
            var real = Path.GetFullPath(Path.Combine(AppPaths.RepositoryRoot, "..", "shared", "data", "listings", "real_listings_dev.csv"));
            if (File.Exists(real))
            {
                var card = Scorecard.Of("real listings", detector, EvaluationSets.ReadUnlabelled(real, "real"));
                Console.WriteLine($"-- real marketplace listings (../shared/data, all negatives): {card.Detector.FalsePositives} of {card.Detector.Count} flagged " +
                    $"({100.0 * card.Detector.FalsePositives / Math.Max(1, card.Detector.Count):0.00}%), classifier alone {card.ClassifierAlone.FalsePositives}");
            }
            else Console.WriteLine($"-- real marketplace listings: {real} is absent (it lives outside the repository)");
            return 0;
        }));
        return command;
    }

    private static void Print(Scorecard card, bool perFamily)
    {
        foreach (var line in card.Lines(perFamily)) Console.WriteLine(line);
    }
}
