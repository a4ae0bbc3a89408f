using System.CommandLine;
using System.Diagnostics;
using MarketWatch.Detection;

namespace MarketWatch.Cli;

public static class TrainCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Labelled CSV: title, description, price_idr, label (1/0)", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Model file to write (.zip)", Required = true };
        var command = new Command("train", $"Train the IMEI-offer classifier (deterministic: seed {Classifier.Seed}, one thread)") { input, output };
        command.SetAction((result, ct) => CommandLine.Guard(result, () =>
        {
            var watch = Stopwatch.StartNew();
            var rows = TrainingData.Read(result.GetValue(input)!.FullName);
            var classifier = Classifier.Train(rows);
            var path = result.GetValue(output)!.FullName;
            classifier.Save(path);
            Console.WriteLine($"trained {classifier.Version} on {rows.Count} rows ({rows.Count(r => r.Label)} offers) in {watch.Elapsed.TotalSeconds:0.0} s -> {path}; {classifier.Engine}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
