using System.Text.RegularExpressions;

namespace MarketWatch.Detection;

public sealed record ListingText(string Title, string? Description, long? PriceIdr);

/// <summary>
/// What storage knows beyond the listing itself, handed in (detection never reads the database): the listing's own
/// identity and the stored listings that carry each IMEI on its page, read in one batched query per page.
/// </summary>
public sealed record DetectionContext(ImeiHolder Self, KnownImeis Known)
{
    public static readonly DetectionContext None = new(new ImeiHolder("", "", null), KnownImeis.None);
}

public sealed record DetectionResult(
    double Score, bool Flagged, IReadOnlyList<string> Reasons, IReadOnlyList<ImeiCandidate> Imeis, string ModelVersion, double? ClassifierProbability)
{
    public IEnumerable<ImeiCandidate> ValidImeis => Imeis.Where(i => i.Status == ImeiStatus.Valid);
}

/// <summary>
/// Decides whether a listing is an IMEI offer. The classifier's log-odds and every named rule that fires
/// are summed (DIRBS-style rules: a name, a weight, a reason a reviewer can read); the score is the
/// logistic of the sum, flagged at the configured threshold.
/// </summary>
public sealed class Detector
{
    public const string RulesOnlyVersion = "rules-2";
    private readonly DetectionOptions _options;
    private readonly Classifier? _classifier;
    private readonly SlangLexicon? _lexicon;
    private readonly IReadOnlyList<DetectionRule> _rules;

    /// <param name="tacs">TAC -> brand/model as stored when the detector was built (see <see cref="DetectorFactory"/>).</param>
    public Detector(DetectionOptions options, Classifier? classifier = null, SlangLexicon? lexicon = null, TacDirectory? tacs = null)
    {
        (_options, _classifier, _lexicon, Tacs) = (options, classifier, lexicon, tacs ?? TacDirectory.Empty);
        _rules = options.Rules.Count > 0 ? options.Rules : DetectionOptions.DefaultRules();
    }

    public TacDirectory Tacs { get; }

    public string ModelVersion => VersionOf(_classifier);
    private static string VersionOf(Classifier? c) => c is null ? RulesOnlyVersion : $"{c.Version}+{RulesOnlyVersion}";

    /// <summary>The classifier this detector was built with (a promotion builds new detectors; this one never changes).</summary>
    public Classifier? Model => _classifier;

    public DetectionResult Detect(ListingText listing, DetectionContext? context = null)
    {
        var (title, description) = (Normalize(listing.Title), Normalize(listing.Description));
        float? probability = _classifier?.Predict(title, description, listing.PriceIdr);
        return Decide(listing, title, description, probability, context, ModelVersion);
    }

    private DetectionResult Decide(ListingText listing, string title, string description, float? probability, DetectionContext? context, string version)
    {
        var text = title + " \n " + description;
        var imeis = ImeisOf(listing);
        var reasons = new List<string>();
        double logit;

        if (probability is not null)
        {
            var p = Math.Clamp(probability.Value, 1e-4, 1 - 1e-4);
            logit = _options.ClassifierWeight * Math.Log(p / (1 - p));
            reasons.Add($"classifier {probability.Value:0.00}");
        }
        else logit = _options.RulesOnlyBias;

        foreach (var rule in _rules)
        {
            if (!rule.MayMatch(text)) continue;
            var m = rule.Compiled.Match(text);
            if (!m.Success) continue;
            logit += rule.Weight;
            var phrase = m.Value.Trim();
            reasons.Add($"{rule.Reason}{(phrase.Length is > 0 and < 80 ? $": '{phrase}'" : "")} ({rule.Name} {rule.Weight:+0.0;-0.0})");
        }
        logit += ImeiEvidence(listing, title + " " + description, imeis, context ?? DetectionContext.None, reasons);

        var score = 1 / (1 + Math.Exp(-logit));
        return new DetectionResult(Math.Round(score, 4), score >= _options.Threshold, reasons, imeis, version, probability);
    }

    /// <summary>The IMEI-like numbers detection reads in a listing: what a caller looks up as known before detecting.</summary>
    public static IReadOnlyList<ImeiCandidate> ImeisOf(ListingText listing) =>
        Imei.Extract(string.IsNullOrEmpty(listing.Description) ? listing.Title : listing.Title + "\n" + listing.Description);

    private string Normalize(string? text)
    {
        var n = TextNormalizer.Normalize(text);
        return _lexicon is null ? n : _lexicon.Apply(n);
    }

    private double ImeiEvidence(ListingText listing, string text, IReadOnlyList<ImeiCandidate> imeis, DetectionContext context, List<string> reasons)
    {
        double logit = 0;
        IReadOnlyList<string>? named = null;   // brands named in the text, read only when an IMEI's TAC is known
        var mismatchNoted = false;
        foreach (var imei in imeis)
        {
            if (imei.Status != ImeiStatus.Valid)
            {
                reasons.Add($"IMEI-like number {imei.Imei}: {imei.StatusName}");
                continue;
            }
            var tac = Tacs.Find(imei.Tac);
            reasons.Add($"valid IMEI {imei.Imei}" + (tac is null ? "" : $" ({tac.Brand}{(tac.Model is null ? "" : " " + tac.Model)})"));
            // A listing naming one brand while its IMEI belongs to another is how "IMEI by brand" sellers slip.
            if (!mismatchNoted && tac is not null && Brands.OfManufacturer(tac.Brand) is { } tacBrand
                && (named ??= Brands.Mentioned(text)).Count > 0 && !named.Contains(tacBrand))
            {
                logit += _options.BrandMismatchWeight;
                reasons.Add($"IMEI {imei.Imei} is a {tac.Brand} TAC but the listing names {string.Join("/", named)} (brand-mismatch {_options.BrandMismatchWeight:+0.0})");
                mismatchNoted = true;
            }
            if (context.Known.Others(imei.Imei, context.Self) is { Listings: > 0 } others)
            {
                // Another seller with the same IMEI is the clone signal; one seller relisting a used phone is weaker.
                var weight = others.OtherSellers > 0 ? _options.SharedImeiWeight : _options.SharedImeiWeight / 3;
                logit += weight;
                reasons.Add($"IMEI {imei.Imei} is also offered in {others.Listings} other listing(s), {others.OtherSellers} of them by other sellers: cloning evidence (shared-imei {weight:+0.0})");
            }
        }
        var firstValid = imeis.FirstOrDefault(i => i.Status == ImeiStatus.Valid);
        if (firstValid is not null && listing.PriceIdr is > 0 and <= 100_000)
        {
            // IMEI numbers sell for Rp 10-50k each; a phone with its IMEI printed costs far more.
            logit += _options.CheapValidImeiWeight;
            reasons.Add($"valid IMEI {firstValid.Imei} at Rp {listing.PriceIdr:N0}, the price of an IMEI number (cheap-valid-imei {_options.CheapValidImeiWeight:+0.0})");
        }
        return logit;
    }
}

public sealed class DetectionRule
{
    public required string Name { get; init; }
    public required string Pattern { get; init; }
    public double Weight { get; init; }
    public required string Reason { get; init; }
    /// <summary>Words of which the text must contain one before the pattern is tried: a cheap gate, since most listings mention none.</summary>
    public string[] Requires { get; init; } = [];
    private Regex? _compiled;

    internal bool MayMatch(string text)
    {
        if (Requires.Length == 0) return true;
        foreach (var word in Requires)
            if (text.Contains(word, StringComparison.Ordinal)) return true;
        return false;
    }
    internal Regex Compiled => _compiled ??= new Regex(Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
