using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Detection;

/// <summary>
/// Finds the classifier: the configured model file, or the one built from fixtures/training/train.csv,
/// cached under a name derived from the training file's hash so a changed corpus means a new model.
/// </summary>
public static class ModelStore
{
    public static Classifier Resolve(DetectionOptions options, AppPaths paths, ILogger? log = null)
    {
        if (!string.IsNullOrWhiteSpace(options.ModelPath))
            return File.Exists(options.ModelPath)
                ? Classifier.Load(options.ModelPath)
                : throw new FileNotFoundException($"Detection:ModelPath: model file '{options.ModelPath}' does not exist");

        var training = Path.Combine(paths.FixturesDir, "training", "train.csv");
        if (!File.Exists(training)) throw new FileNotFoundException($"no model configured (Detection:ModelPath) and no training data at {training}");
        var key = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(training)))[..12];
        var cacheDir = string.IsNullOrWhiteSpace(options.ModelCacheDir) ? Path.Combine(paths.DataDir, "models") : options.ModelCacheDir;
        var cached = Path.Combine(cacheDir, $"imei-offer-{key}-{TextNormalizer.Version}.zip");
        if (File.Exists(cached))
        {
            try { return Classifier.Load(cached); }
            catch (InvalidDataException) { log?.LogWarning("cached model {Path} is unreadable; training again", cached); }
        }
        log?.LogInformation("training the classifier from {Path} (first start)", training);
        var classifier = Classifier.Train(TrainingData.Read(training));
        classifier.Save(cached);   // written to a temp name and moved: concurrent first starts cannot see half a file
        return classifier;
    }
}
