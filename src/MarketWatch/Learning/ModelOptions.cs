using MarketWatch.Detection;
using MarketWatch.Marketplaces;

namespace MarketWatch.Learning;

/// <summary>Section "Models": how models are trained and the gate a challenger must pass to become champion.</summary>
public sealed class ModelOptions
{
    /// <summary>The recipe of every model trained here (bootstrap and retraining).</summary>
    public ModelRecipe Recipe { get; set; } = new();
    /// <summary>The most recent share of reviewer decisions kept out of training, to judge champion and challenger on.</summary>
    public double HeldOutShare { get; set; } = 0.2;
    /// <summary>Fewer held-out decisions than this judge nothing: no challenger is trained.</summary>
    public int MinHeldOutDecisions { get; set; } = 20;
    /// <summary>How much lower the challenger's error rate on the held-out decisions must be (0.02 = two points).</summary>
    public double MinImprovement { get; set; } = 0.02;
    /// <summary>How far below the champion's F1 on the frozen holdout the challenger may fall and still count as "not worse".</summary>
    public double HoldoutTolerance { get; set; } = 0.0;

    public void Validate()
    {
        Recipe.Validate("Models:Recipe");
        if (HeldOutShare is <= 0 or >= 1) throw new ConfigurationException($"Models:HeldOutShare: {HeldOutShare} must lie strictly between 0 and 1");
        if (MinHeldOutDecisions < 1) throw new ConfigurationException($"Models:MinHeldOutDecisions: {MinHeldOutDecisions} must be at least 1");
        if (MinImprovement is < 0 or >= 1) throw new ConfigurationException($"Models:MinImprovement: {MinImprovement} must be at least 0 and below 1");
        if (HoldoutTolerance is < 0 or >= 1) throw new ConfigurationException($"Models:HoldoutTolerance: {HoldoutTolerance} must be at least 0 and below 1");
    }
}
