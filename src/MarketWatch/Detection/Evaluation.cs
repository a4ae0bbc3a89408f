namespace MarketWatch.Detection;

/// <summary>Quality of scores against labels: the figures `marketwatch evaluate` prints.</summary>
public sealed record Evaluation(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives, double PrAuc, double PrecisionAtTop100)
{
    public int Count => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static Evaluation Of(IReadOnlyList<(double Score, bool Flagged, bool Label)> results)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var r in results)
        {
            if (r.Flagged && r.Label) tp++;
            else if (r.Flagged) fp++;
            else if (r.Label) fn++;
            else tn++;
        }
        var ranked = results.OrderByDescending(r => r.Score).ToList();
        var top = ranked.Take(100).ToList();
        return new Evaluation(tp, fp, fn, tn, AveragePrecision(ranked), top.Count == 0 ? 0 : (double)top.Count(r => r.Label) / top.Count);
    }

    // Area under the precision-recall curve as average precision (the step-wise sum scikit-learn uses);
    // tied scores are taken as one threshold.
    private static double AveragePrecision(List<(double Score, bool Flagged, bool Label)> ranked)
    {
        var positives = ranked.Count(r => r.Label);
        if (positives == 0) return 0;
        double ap = 0, lastRecall = 0;
        int tp = 0, seen = 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            seen++;
            if (ranked[i].Label) tp++;
            if (i + 1 < ranked.Count && ranked[i + 1].Score == ranked[i].Score) continue;
            var recall = (double)tp / positives;
            ap += (recall - lastRecall) * ((double)tp / seen);
            lastRecall = recall;
        }
        return ap;
    }

    public IEnumerable<string> Lines()
    {
        yield return $"rows        {Count} ({TruePositives + FalseNegatives} offers, {FalsePositives + TrueNegatives} not)";
        yield return $"flagged     {TruePositives + FalsePositives} ({(Count == 0 ? 0 : 100.0 * (TruePositives + FalsePositives) / Count):0.00}%)";
        yield return $"precision   {Precision:0.0000}";
        yield return $"recall      {Recall:0.0000}";
        yield return $"F1          {F1:0.0000}";
        yield return $"PR-AUC      {PrAuc:0.0000}";
        yield return $"P@100       {PrecisionAtTop100:0.0000}";
        yield return "confusion   predicted offer | predicted not";
        yield return $"  offer     {TruePositives,15} | {FalseNegatives,13}";
        yield return $"  not       {FalsePositives,15} | {TrueNegatives,13}";
    }
}
