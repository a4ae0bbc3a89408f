using System.Text.RegularExpressions;

namespace MarketWatch.Detection;

public sealed record ListingText(string Title, string? Description, long? PriceIdr);

public sealed record DetectionResult(
    double Score, bool Flagged, IReadOnlyList<string> Reasons, IReadOnlyList<ImeiCandidate> Imeis, string ModelVersion)
{
    public IEnumerable<ImeiCandidate> ValidImeis => Imeis.Where(i => i.Status == ImeiStatus.Valid);
}

/// <summary>
/// Decides whether a listing is an IMEI offer. Each named rule adds its weight to a log-odds sum
/// (DIRBS-style: a name, a weight, a reason a reviewer can read); the score is the logistic of that sum.
/// </summary>
public sealed class Detector(DetectionOptions options)
{
    private readonly IReadOnlyList<DetectionRule> _rules = options.Rules.Count > 0 ? options.Rules : DetectionOptions.DefaultRules();

    public const string RulesVersion = "rules-1";

    public DetectionResult Detect(ListingText listing)
    {
        var title = TextNormalizer.Normalize(listing.Title);
        var text = title + " \n " + TextNormalizer.Normalize(listing.Description);
        var imeis = Imei.Extract(listing.Title + "\n" + listing.Description);
        var reasons = new List<string>();
        var logit = options.Bias;

        foreach (var rule in _rules)
        {
            var m = rule.Compiled.Match(text);
            if (!m.Success) continue;
            logit += rule.Weight;
            reasons.Add($"{rule.Reason}: '{m.Value.Trim()}' (rule {rule.Name}, {rule.Weight:+0.0;-0.0})");
        }

        var valid = imeis.Where(i => i.Status == ImeiStatus.Valid).ToList();
        if (valid.Count > 0 && listing.PriceIdr is > 0 and <= 100_000)
        {
            // IMEI numbers sell for Rp 10-50k each; a phone with its IMEI printed costs far more.
            logit += options.CheapValidImeiWeight;
            reasons.Add($"valid IMEI {valid[0].Imei} offered at Rp {listing.PriceIdr:N0} (rule cheap-valid-imei)");
        }
        foreach (var i in imeis.Where(i => i.Status != ImeiStatus.Valid))
            reasons.Add($"IMEI-like number {i.Imei}: {i.StatusName}");

        var score = 1 / (1 + Math.Exp(-logit));
        return new DetectionResult(Math.Round(score, 4), score >= options.Threshold, reasons, imeis, RulesVersion);
    }
}

public sealed class DetectionRule
{
    public required string Name { get; init; }
    public required string Pattern { get; init; }
    public double Weight { get; init; }
    public required string Reason { get; init; }
    private Regex? _compiled;
    internal Regex Compiled => _compiled ??= new Regex(Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
