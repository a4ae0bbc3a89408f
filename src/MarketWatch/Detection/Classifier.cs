using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace MarketWatch.Detection;

/// <summary>A labelled listing for training and evaluation.</summary>
public sealed record LabeledListing(string Title, string? Description, long? PriceIdr, bool Label);

/// <summary>
/// The ML.NET text classifier: word unigrams of the normalised listing text
/// (with a price-band token), logistic regression trained by SDCA on one thread so a seed reproduces it.
/// </summary>
public sealed class Classifier
{
    public const int Seed = 20261128;
    // Long descriptions are boilerplate past their opening; featurising all of it costs time and adds noise.
    public const int DescriptionChars = 600;

    private sealed class Input
    {
        public string Text { get; set; } = "";
        public bool Label { get; set; }
    }

    private sealed class Output
    {
        [ColumnName("Probability")] public float Probability { get; set; }
    }

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ThreadLocal<PredictionEngine<Input, Output>> _engines;   // a PredictionEngine is not thread-safe

    public string Version { get; }

    private Classifier(MLContext ml, ITransformer model, string version)
    {
        _ml = ml;
        _model = model;
        Version = version;
        _engines = new ThreadLocal<PredictionEngine<Input, Output>>(() => ml.Model.CreatePredictionEngine<Input, Output>(model));
    }

    /// <summary>The text the model sees: normalised title, a separator, the description's opening, a price band.</summary>
    public static string Featurize(string normalizedTitle, string normalizedDescription, long? price)
    {
        var description = normalizedDescription.Length > DescriptionChars ? normalizedDescription[..DescriptionChars] : normalizedDescription;
        return $"{normalizedTitle} qqdesc {description} {PriceBand(price)}";
    }

    // IMEI numbers sell for Rp 10-50k, services for 75k-1.5m, phones from about 800k: the band is a strong hint.
    private static string PriceBand(long? price) => price switch
    {
        null or <= 0 => "qqpricenone",
        < 60_000 => "qqpriceimei",
        < 200_000 => "qqpricelow",
        < 700_000 => "qqpricemid",
        < 2_000_000 => "qqpricehigh",
        _ => "qqpricephone",
    };

    public float Predict(string featurizedText) => _engines.Value!.Predict(new Input { Text = featurizedText }).Probability;

    public static Classifier Train(IEnumerable<LabeledListing> rows)
    {
        var ml = new MLContext(seed: Seed);
        var inputs = rows.Select(r => new Input
        {
            Text = Featurize(TextNormalizer.Normalize(r.Title), TextNormalizer.Normalize(r.Description), r.PriceIdr),
            Label = r.Label,
        }).ToList();
        if (inputs.Count == 0 || inputs.All(i => i.Label) || inputs.All(i => !i.Label))
            throw new InvalidDataException("training needs labelled rows of both classes");
        var data = ml.Data.LoadFromEnumerable(inputs);
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None,   // TextNormalizer already did it, the same way at train and predict time
            KeepDiacritics = true,
            KeepNumbers = true,
            KeepPunctuations = false,
            // Word unigrams alone: on the held-out split they matched bigrams + char 3-grams in F1 and run 6x faster
            // (character n-grams dominated prediction time); disguised spellings are undone by TextNormalizer first,
            // and the rules carry the phrases.
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1, UseAllLengths = true },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(Input.Text))
        .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Input.Label), FeatureColumnName = "Features",
            NumberOfThreads = 1, MaximumNumberOfIterations = 100, L2Regularization = 1e-4f,
        }));
        var model = pipeline.Fit(data);
        return new Classifier(ml, model, VersionOf(inputs));
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        _ml.Model.Save(_model, InputSchema(_ml), temp);
        // ML.NET's zip has no room for our metadata; a named entry beside its own carries the version.
        using (var zip = ZipFile.Open(temp, ZipArchiveMode.Update))
        using (var w = new StreamWriter(zip.CreateEntry(VersionEntry).Open()))
            w.Write(Version);
        File.Move(temp, path, overwrite: true);
    }

    public static Classifier Load(string path)
    {
        var ml = new MLContext(seed: Seed);
        try
        {
            var model = ml.Model.Load(path, out _);
            using var zip = ZipFile.OpenRead(path);
            var version = zip.GetEntry(VersionEntry) is { } entry
                ? new StreamReader(entry.Open()).ReadToEnd().Trim()
                : "imei-offer-" + Hash(File.ReadAllBytes(path));
            return new Classifier(ml, model, version);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not FileNotFoundException)
        {
            throw new InvalidDataException($"{path}: not a MarketWatch model ({e.Message})");
        }
    }

    private static DataViewSchema InputSchema(MLContext ml) => ml.Data.LoadFromEnumerable(Array.Empty<Input>()).Schema;

    private const string VersionEntry = "MarketWatch/version.txt";
    private const string Recipe = "sdca-lr;words1;l2=1e-4;iter=100;desc600;seed=20261128";

    // The version names what the model was made from (its exact training texts, labels and recipe), so
    // every detection can be traced to a model, and the same data always gives the same version.
    private static string VersionOf(List<Input> inputs)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Recipe + TextNormalizer.Version));
        foreach (var i in inputs) sha.AppendData(System.Text.Encoding.UTF8.GetBytes((i.Label ? "1" : "0") + i.Text + "\n"));
        return "imei-offer-" + Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
}
