namespace MarketWatch.Detection;

/// <summary>
/// How a model does on one labelled set: the detector as used in production (classifier + rules + IMEI
/// evidence) and the classifier alone at 0.5, the share of hard negatives each flags, and errors per family.
/// </summary>
public sealed record Scorecard(string Set, Evaluation Detector, Evaluation ClassifierAlone, int HardNegatives,
    int HardNegativesFlagged, int HardNegativesFlaggedByClassifier, IReadOnlyList<FamilyErrors> Families)
{
    public double HardNegativeFlagRate => HardNegatives == 0 ? 0 : (double)HardNegativesFlagged / HardNegatives;
    public double HardNegativeFlagRateClassifier => HardNegatives == 0 ? 0 : (double)HardNegativesFlaggedByClassifier / HardNegatives;
    public double ErrorRate => Detector.Count == 0 ? 0 : (double)(Detector.FalsePositives + Detector.FalseNegatives) / Detector.Count;

    /// <summary>Hard negatives: listings built to look like offers (neg-* families other than ordinary goods).</summary>
    public static bool IsHardNegative(LabeledListing row) => !row.Label && row.Family is { } f && f.StartsWith("neg-") && f != "neg-ordinary";

    public static Scorecard Of(string set, Detector detector, IReadOnlyList<LabeledListing> rows)
    {
        var results = rows.Select(r => (Row: r, Result: detector.Detect(new ListingText(r.Title, r.Description, r.PriceIdr)))).ToList();
        var hard = results.Where(x => IsHardNegative(x.Row)).ToList();
        var families = results.GroupBy(x => x.Row.Family ?? (x.Row.Label ? "offer" : "not an offer"))
            .Select(g => new FamilyErrors(g.Key, g.First().Row.Label, g.Count(), g.Count(x => x.Result.Flagged != x.Row.Label)))
            .OrderBy(f => f.Family, StringComparer.Ordinal).ToList();
        return new Scorecard(set,
            Evaluation.Of(results.Select(x => (x.Result.Score, x.Result.Flagged, x.Row.Label)).ToList()),
            Evaluation.Of(results.Select(x => ((double)(x.Result.ClassifierProbability ?? 0), x.Result.ClassifierProbability >= 0.5f, x.Row.Label)).ToList()),
            hard.Count, hard.Count(x => x.Result.Flagged), hard.Count(x => x.Result.ClassifierProbability >= 0.5f), families);
    }

    /// <summary>One line per figure, the targets' first.</summary>
    public IEnumerable<string> Lines(bool perFamily = false)
    {
        yield return $"-- {Set}: {Detector.Count} rows ({Detector.TruePositives + Detector.FalseNegatives} offers)";
        yield return $"   detector         F1 {Detector.F1:0.0000}  precision {Detector.Precision:0.0000}  recall {Detector.Recall:0.0000}  PR-AUC {Detector.PrAuc:0.0000}  FP {Detector.FalsePositives}  FN {Detector.FalseNegatives}";
        yield return $"   classifier alone F1 {ClassifierAlone.F1:0.0000}  precision {ClassifierAlone.Precision:0.0000}  recall {ClassifierAlone.Recall:0.0000}  PR-AUC {ClassifierAlone.PrAuc:0.0000}  FP {ClassifierAlone.FalsePositives}  FN {ClassifierAlone.FalseNegatives}";
        yield return $"   detector P@100 {Detector.PrecisionAtTop100:0.0000}; confusion (offer/not by predicted offer/not): {Detector.TruePositives}/{Detector.FalseNegatives} | {Detector.FalsePositives}/{Detector.TrueNegatives}";
        if (HardNegatives > 0)
            yield return $"   hard negatives flagged: detector {HardNegativesFlagged}/{HardNegatives} ({100 * HardNegativeFlagRate:0.00}%), classifier alone {HardNegativesFlaggedByClassifier}/{HardNegatives} ({100 * HardNegativeFlagRateClassifier:0.00}%)";
        if (!perFamily) yield break;
        foreach (var f in Families)
            yield return $"   {f.Family,-28} {(f.Label ? "offer" : "not"),-5} {f.Rows,5} rows  {f.Errors,3} wrong ({100.0 * f.Errors / Math.Max(1, f.Rows):0.0}%)";
    }
}

public sealed record FamilyErrors(string Family, bool Label, int Rows, int Errors);
