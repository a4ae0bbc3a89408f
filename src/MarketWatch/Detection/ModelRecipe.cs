using System.Globalization;

namespace MarketWatch.Detection;

/// <summary>
/// How a model is trained: the trainer and its settings, the text features and the weight of reviewer
/// decisions. Its text is part of the model version, so the same data and recipe always name the same model.
/// </summary>
public sealed record ModelRecipe
{
    public const string Sdca = "sdca", FastTree = "fasttree", LightGbm = "lightgbm";
    public static readonly string[] Trainers = [Sdca, FastTree, LightGbm];

    /// <summary>sdca (logistic regression), fasttree or lightgbm (boosted trees).</summary>
    public string Trainer { get; set; } = LightGbm;
    /// <summary>Word n-grams up to this length (1: unigrams, 2: also bigrams).</summary>
    public int WordNgrams { get; set; } = 1;
    /// <summary>Character n-grams of this length; 0 for none (they cost prediction time).</summary>
    public int CharNgrams { get; set; }
    /// <summary>Whether the structured phone / service signals join the text features.</summary>
    public bool Signals { get; set; } = true;
    /// <summary>Weight of a reviewer decision relative to a corpus row.</summary>
    public float DecisionWeight { get; set; } = 3;
    public int Trees { get; set; } = 60;
    public int Leaves { get; set; } = 8;
    public int MinLeafRows { get; set; } = 20;
    public float LearningRate { get; set; } = 0.4f;
    public float L2 { get; set; } = 1e-4f;
    public int Iterations { get; set; } = 100;

    public bool IsTrees => Trainer is FastTree or LightGbm;

    /// <summary>The trainer's name as people say it.</summary>
    public string TrainerName => Trainer switch
    {
        Sdca => "SDCA logistic regression", FastTree => "FastTree (boosted trees)", LightGbm => "LightGBM (boosted trees)", _ => Trainer,
    };

    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var trainer = IsTrees
            ? string.Create(inv, $"trees={Trees};leaves={Leaves};minleaf={MinLeafRows};lr={LearningRate}")
            : string.Create(inv, $"l2={L2};iter={Iterations}");
        return string.Create(inv, $"{Trainer};{trainer};words=1-{WordNgrams};chars={CharNgrams};signals={(Signals ? ListingSignals.Version : "off")};decisions=x{DecisionWeight};desc={Classifier.DescriptionChars};seed={Classifier.Seed};{TextNormalizer.Version}");
    }

    public void Validate(string section)
    {
        if (!Trainers.Contains(Trainer)) throw new Marketplaces.ConfigurationException($"{section}:Trainer: '{Trainer}' is not one of {string.Join(", ", Trainers)}");
        if (WordNgrams is < 1 or > 3) throw new Marketplaces.ConfigurationException($"{section}:WordNgrams: {WordNgrams} must be 1, 2 or 3");
        if (CharNgrams is < 0 or > 5) throw new Marketplaces.ConfigurationException($"{section}:CharNgrams: {CharNgrams} must be 0 (none) to 5");
        if (DecisionWeight is <= 0 or > 100) throw new Marketplaces.ConfigurationException($"{section}:DecisionWeight: {DecisionWeight} must be above 0 and at most 100");
        if (Trees is < 1 or > 5000) throw new Marketplaces.ConfigurationException($"{section}:Trees: {Trees} must be between 1 and 5000");
        if (Leaves is < 2 or > 1024) throw new Marketplaces.ConfigurationException($"{section}:Leaves: {Leaves} must be between 2 and 1024");
        if (LearningRate is <= 0 or > 1) throw new Marketplaces.ConfigurationException($"{section}:LearningRate: {LearningRate} must be above 0 and at most 1");
    }
}
