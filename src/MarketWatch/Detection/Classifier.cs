using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms.Text;

namespace MarketWatch.Detection;

/// <summary>A labelled listing for training and evaluation. Family is the corpus's template family, when known.</summary>
public sealed record LabeledListing(string Title, string? Description, long? PriceIdr, bool Label, string? Family = null, float Weight = 1);

/// <summary>
/// The ML.NET classifier: text features of the normalised listing (word n-grams, optionally character
/// n-grams) beside the structured <see cref="ListingSignals"/>, and a trainer chosen by the recipe. Trained on
/// one thread with a fixed seed, so the same data and recipe reproduce the same model and version.
/// </summary>
public sealed class Classifier
{
    public const int Seed = 20261128;
    // Long descriptions are boilerplate past their opening; featurising all of it costs time and adds noise.
    public const int DescriptionChars = 600;

    private sealed class Input
    {
        public string Text { get; set; } = "";
        [VectorType(ListingSignals.Count)] public float[] Signals { get; set; } = new float[ListingSignals.Count];
        public bool Label { get; set; }
        public float Weight { get; set; } = 1;
    }

    private sealed class Output
    {
        [ColumnName("Probability")] public float Probability { get; set; }
    }

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ThreadLocal<PredictionEngine<Input, Output>> _engines;   // a PredictionEngine is not thread-safe
    private readonly CompiledTrees? _compiled;

    public string Version { get; }
    public string Recipe { get; }
    /// <summary>What computes the probabilities: the compiled trees, or ML.NET's engine and why.</summary>
    public string Engine { get; }

    private Classifier(MLContext ml, ITransformer model, string version, string recipe, IEnumerable<Probe>? known = null)
    {
        (_ml, _model, Version, Recipe) = (ml, model, version, recipe);
        _engines = new ThreadLocal<PredictionEngine<Input, Output>>(() => ml.Model.CreatePredictionEngine<Input, Output>(model));
        (_compiled, Engine) = Compile(known);
    }

    /// <summary>Probability that the listing is an IMEI offer, from its normalised title and description.</summary>
    public float Predict(string normalizedTitle, string normalizedDescription, long? price) =>
        _compiled is null ? PredictWithMlNet(normalizedTitle, normalizedDescription, price) : PredictCompiled(_compiled, normalizedTitle, normalizedDescription, price);

    // The same text ToInput composes for ML.NET, in its parts: the compiled trees tokenise each without joining them.
    private static float PredictCompiled(CompiledTrees compiled, string title, string description, long? price)
    {
        description = Truncate(description);
        return compiled.Predict([title, DescriptionMarker, description, PriceBand(price)], ListingSignals.Of(title, description, price));
    }

    /// <summary>ML.NET's own probability, whichever engine <see cref="Predict"/> uses (tests hold the two equal).</summary>
    internal float PredictWithMlNet(string normalizedTitle, string normalizedDescription, long? price) =>
        _engines.Value!.Predict(ToInput(normalizedTitle, normalizedDescription, price, false, 1)).Probability;

    // The compiled trees are used only if they give ML.NET's probability, to the bit, on every probe: texts made
    // from the model's own vocabulary with punctuation, numbers and unknown words, every price band, and (after
    // training) every training row.
    private (CompiledTrees?, string) Compile(IEnumerable<Probe>? known)
    {
        var shape = ShapeOf(Recipe);
        var compiled = CompiledTrees.TryCompile(_model, InputSchema(_ml), shape, out var why);
        if (compiled is null) return (null, $"ML.NET engine ({why})");
        var probes = Probes(compiled.Words).Concat(known ?? []).ToList();
        foreach (var (title, description, price) in probes)
        {
            var expected = PredictWithMlNet(title, description, price);
            var actual = PredictCompiled(compiled, title, description, price);
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
                return (null, $"ML.NET engine (the compiled trees gave {actual:R} where ML.NET gives {expected:R} for \"{title}\")");
        }
        return (compiled, $"compiled trees, identical to ML.NET on {probes.Count:N0} probes");
    }

    private static CompiledTrees.ModelRecipeShape ShapeOf(string recipe)
    {
        var parts = recipe.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return new CompiledTrees.ModelRecipeShape(
            parts.TryGetValue("words", out var w) && w.StartsWith("1-", StringComparison.Ordinal) && int.TryParse(w[2..], out var n) ? n : 1,
            parts.TryGetValue("chars", out var c) && int.TryParse(c, out var m) ? m : 0,
            !parts.TryGetValue("signals", out var s) || s != "off");
    }

    private sealed record Probe(string Title, string Description, long? Price);

    private static IEnumerable<Probe> Probes(IReadOnlyList<string> words)
    {
        var random = new Random(Seed);
        string[] extra = ["8/256", "4/64gb", "per-imei", "1x24", "jam", "rp.", "100%", "imei,", "(resmi)", "xyzzy", "ok!!", "—", "\u00e9", "12", "bulan"];
        long?[] prices = [null, 0, 25_000, 150_000, 500_000, 1_500_000, 3_500_000];
        string Words(int max)
        {
            var n = random.Next(max + 1);
            var parts = new string[n];
            for (var i = 0; i < n; i++)
            {
                var word = random.Next(5) == 0 ? extra[random.Next(extra.Length)] : words[random.Next(words.Count)];
                parts[i] = random.Next(8) == 0 ? word + ".,!?"[random.Next(4)] : word;
            }
            return string.Join(random.Next(10) == 0 ? "  " : " ", parts);
        }
        for (var i = 0; i < 500; i++) yield return new Probe(Words(10), Words(i % 10 == 0 ? 200 : 40), prices[random.Next(prices.Length)]);
    }

    private const string DescriptionMarker = "qqdesc";

    private static string Truncate(string description) => description.Length > DescriptionChars ? description[..DescriptionChars] : description;

    private static Input ToInput(string title, string description, long? price, bool label, float weight)
    {
        description = Truncate(description);
        return new Input { Text = $"{title} {DescriptionMarker} {description} {PriceBand(price)}", Signals = ListingSignals.Of(title, description, price), Label = label, Weight = weight };
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

    public static Classifier Train(IEnumerable<LabeledListing> rows, ModelRecipe? recipe = null)
    {
        recipe ??= new ModelRecipe();
        var normalised = rows.Select(r => (Probe: new Probe(TextNormalizer.Normalize(r.Title), TextNormalizer.Normalize(r.Description), r.PriceIdr), r.Label, r.Weight)).ToList();
        var inputs = normalised.Select(r => ToInput(r.Probe.Title, r.Probe.Description, r.Probe.Price, r.Label, r.Weight)).ToList();
        if (inputs.Count == 0 || inputs.All(i => i.Label) || inputs.All(i => !i.Label))
            throw new InvalidDataException("training needs labelled rows of both classes");
        var ml = new MLContext(seed: Seed);
        var model = Pipeline(ml, recipe).Fit(ml.Data.LoadFromEnumerable(inputs));
        return new Classifier(ml, model, VersionOf(inputs, recipe), recipe.ToString(), normalised.Select(r => r.Probe));
    }

    /// <summary>The version a training run would get, known before training (a cached model can be reused by it).</summary>
    public static string VersionFor(IEnumerable<LabeledListing> rows, ModelRecipe recipe) =>
        VersionOf(rows.Select(r => ToInput(TextNormalizer.Normalize(r.Title), TextNormalizer.Normalize(r.Description), r.PriceIdr, r.Label, r.Weight)), recipe);

    private static IEstimator<ITransformer> Pipeline(MLContext ml, ModelRecipe recipe)
    {
        var text = ml.Transforms.Text.FeaturizeText(recipe.Signals ? "TextFeatures" : "Features", new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None,   // TextNormalizer already did it, the same way at train and predict time
            KeepDiacritics = true,
            KeepNumbers = true,
            KeepPunctuations = false,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = recipe.WordNgrams, UseAllLengths = true },
            CharFeatureExtractor = recipe.CharNgrams > 0 ? new WordBagEstimator.Options { NgramLength = recipe.CharNgrams, UseAllLengths = false } : null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(Input.Text));
        IEstimator<ITransformer> features = recipe.Signals
            ? text.Append(ml.Transforms.Concatenate("Features", "TextFeatures", nameof(Input.Signals)))
            : text;
        return features.Append(Trainer(ml, recipe));
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, ModelRecipe recipe) => recipe.Trainer switch
    {
        ModelRecipe.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(Input.Label), FeatureColumnName = "Features", ExampleWeightColumnName = nameof(Input.Weight),
            NumberOfTrees = recipe.Trees, NumberOfLeaves = recipe.Leaves, MinimumExampleCountPerLeaf = recipe.MinLeafRows,
            LearningRate = recipe.LearningRate, NumberOfThreads = 1, Seed = Seed,
        }),
        ModelRecipe.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(Input.Label), FeatureColumnName = "Features", ExampleWeightColumnName = nameof(Input.Weight),
            NumberOfIterations = recipe.Trees, NumberOfLeaves = recipe.Leaves, MinimumExampleCountPerLeaf = recipe.MinLeafRows,
            LearningRate = recipe.LearningRate, NumberOfThreads = 1, Seed = Seed, Verbose = false, Silent = true,
        }),
        _ => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Input.Label), FeatureColumnName = "Features", ExampleWeightColumnName = nameof(Input.Weight),
            NumberOfThreads = 1, MaximumNumberOfIterations = recipe.Iterations, L2Regularization = recipe.L2,
        }),
    };

    /// <summary>Writes the model to a temporary name and moves it into place: no reader ever sees half a file.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        _ml.Model.Save(_model, InputSchema(_ml), temp);
        // ML.NET's zip has no room for our metadata; named entries beside its own carry the version and recipe.
        using (var zip = ZipFile.Open(temp, ZipArchiveMode.Update))
        {
            using (var w = new StreamWriter(zip.CreateEntry(VersionEntry).Open())) w.Write(Version);
            using (var w = new StreamWriter(zip.CreateEntry(RecipeEntry).Open())) w.Write(Recipe);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static Classifier Load(string path)
    {
        var ml = new MLContext(seed: Seed);
        try
        {
            var model = ml.Model.Load(path, out _);
            using var zip = ZipFile.OpenRead(path);
            string? Entry(string name) => zip.GetEntry(name) is { } e ? new StreamReader(e.Open()).ReadToEnd().Trim() : null;
            var version = Entry(VersionEntry) ?? "imei-offer-" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..12];
            return new Classifier(ml, model, version, Entry(RecipeEntry) ?? "unknown");
        }
        catch (Exception e) when (e is not OutOfMemoryException and not FileNotFoundException)
        {
            throw new InvalidDataException($"{path}: not a MarketWatch model ({e.Message})");
        }
    }

    private static DataViewSchema InputSchema(MLContext ml) => ml.Data.LoadFromEnumerable(Array.Empty<Input>()).Schema;

    private const string VersionEntry = "MarketWatch/version.txt";
    private const string RecipeEntry = "MarketWatch/recipe.txt";

    // The version names what the model was made from (its exact training texts, labels, weights and recipe), so
    // every detection can be traced to a model, and the same data always gives the same version.
    private static string VersionOf(IEnumerable<Input> inputs, ModelRecipe recipe)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(recipe.ToString()));
        foreach (var i in inputs)
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{(i.Label ? "1" : "0")}{i.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}{i.Text}\n"));
        return "imei-offer-" + Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }
}
