using System.CommandLine;
using MarketWatch.Detection;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

public static class EvaluateCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Labelled CSV: title, description, price_idr, label (1/0)", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Model file (default: the configured one, built from fixtures/training on first use)" };
        var command = new Command("evaluate", "Print precision, recall, F1, PR-AUC, the confusion matrix and precision among the top 100 scores") { input, model };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var rows = TrainingData.Read(result.GetValue(input)!.FullName);
            var paths = CommandLine.Paths(result);
            if (result.GetValue(model) is { } m) Environment.SetEnvironmentVariable("MarketWatch__Detection__ModelPath", m.FullName);
            await using var services = await CliServices.StartAsync(paths, ct);
            var detector = await CliServices.DetectorAsync(services, ct);
            var detected = rows.Select(r => (Row: r, Result: detector.Detect(new ListingText(r.Title, r.Description, r.PriceIdr)))).ToList();
            Console.WriteLine($"model {detector.ModelVersion}");
            Console.WriteLine("-- detector (classifier + rules + IMEI evidence), as used in production");
            foreach (var line in Evaluation.Of(detected.Select(d => (d.Result.Score, d.Result.Flagged, d.Row.Label)).ToList()).Lines()) Console.WriteLine(line);
            if (detected.All(d => d.Result.ClassifierProbability is not null))
            {
                Console.WriteLine("-- classifier alone (threshold 0.5)");
                foreach (var line in Evaluation.Of(detected.Select(d => ((double)d.Result.ClassifierProbability!.Value, d.Result.ClassifierProbability >= 0.5f, d.Row.Label)).ToList()).Lines())
                    Console.WriteLine(line);
            }
            return 0;
        }));
        return command;
    }
}
