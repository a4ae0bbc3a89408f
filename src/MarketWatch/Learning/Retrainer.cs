using System.Text.Json;
using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Learning;

public sealed record RetrainOutcome(string? Version, bool Promoted, string Summary);

/// <summary>Gate figures of one model: F1 and hard negatives on the frozen holdout, errors on the held-out decisions.</summary>
public sealed record GateFigures(double HoldoutF1, double HoldoutClassifierF1, double HardNegativeFlagRate, int DecisionRows, int DecisionErrors)
{
    public double DecisionErrorRate => DecisionRows == 0 ? 0 : (double)DecisionErrors / DecisionRows;

    public static GateFigures Of(Detector detector, IReadOnlyList<LabeledListing> holdout, IReadOnlyList<LabeledListing> decisions)
    {
        var h = Scorecard.Of("holdout", detector, holdout);
        var d = Scorecard.Of("decisions", detector, decisions);
        return new GateFigures(h.Detector.F1, h.ClassifierAlone.F1, h.HardNegativeFlagRate, d.Detector.Count, d.Detector.FalsePositives + d.Detector.FalseNegatives);
    }

    public override string ToString() =>
        $"holdout F1 {HoldoutF1:0.0000} (classifier alone {HoldoutClassifierF1:0.0000}, hard negatives flagged {100 * HardNegativeFlagRate:0.0}%), " +
        $"held-out decisions {DecisionErrors}/{DecisionRows} wrong ({100 * DecisionErrorRate:0.0}%)";
}

public sealed record GateReport(GateFigures Challenger, GateFigures Champion, string ChampionVersion, bool Passed, string Reason);

/// <summary>
/// Trains a challenger on the corpus plus every reviewer decision but the most recent slice, judges it against
/// the champion on the frozen holdout and on that slice, and promotes it only if it is not worse on the first
/// and better on the second by the configured margin. A rejected challenger stays in the registry with its reason.
/// </summary>
public sealed class Retrainer(IDbContextFactory<MarketWatchDb> dbFactory, ModelRegistry registry, Champions champions, ModelSlot slot, DetectorFactory detectors, AppPaths paths)
{
    public async Task<RetrainOutcome> RunAsync(string actor, CancellationToken ct)
    {
        var options = registry.Options;
        _ = slot.Current;   // a fresh installation's champion is the corpus model: there is always one to judge against
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var decisions = await Decisions(db, options.Recipe.DecisionWeight, ct);
        var heldOut = (int)Math.Floor(decisions.Count * options.HeldOutShare);
        if (heldOut < options.MinHeldOutDecisions)
            return new RetrainOutcome(null, false, $"no challenger: {decisions.Count} reviewer decision(s), so {heldOut} held out to judge on, fewer than Models:MinHeldOutDecisions ({options.MinHeldOutDecisions})");
        var slice = decisions[^heldOut..];
        var corpus = TrainingData.Read(EvaluationSets.CorpusPath(paths.FixturesDir));
        var rows = corpus.Concat(decisions[..^heldOut]).ToList();
        var version = Classifier.VersionFor(rows, options.Recipe);
        if (await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Version == version, ct) is { } known)
            return new RetrainOutcome(version, false, $"no new data: {version} was already trained on these rows ({known.Status.ToString().ToLowerInvariant()})");

        var challenger = await Task.Run(() => Classifier.Train(rows, options.Recipe), ct);
        var championRow = ModelRegistry.Champion(db) ?? throw new InvalidDataException("the registry has no champion yet: start detection once (any crawl or classify) first");
        var champion = slot.Current.Version == championRow.Version ? slot.Current : registry.Load(championRow);
        var holdout = TrainingData.Read(EvaluationSets.HoldoutPath(paths.FixturesDir));
        // Both judged by detectors built the same way, TAC directory included.
        var tacs = await TacImport.LoadAsync(db, ct);
        var report = Judge(GateFigures.Of(detectors.Create(challenger, tacs), holdout, slice), GateFigures.Of(detectors.Create(champion, tacs), holdout, slice), championRow.Version, options);

        await registry.RegisterAsync(challenger, new ModelVersion
        {
            Version = challenger.Version, CreatedAt = DateTime.UtcNow, CreatedBy = actor, Trainer = options.Recipe.Trainer, Recipe = challenger.Recipe,
            CorpusRows = corpus.Count, DecisionRows = rows.Count - corpus.Count, HeldOutDecisionRows = slice.Count, Sha256 = "",
            Status = report.Passed ? ModelStatus.Candidate : ModelStatus.Rejected, StatusReason = report.Reason,
            Metrics = JsonSerializer.Serialize(report),
        }, ct);
        if (!report.Passed) return new RetrainOutcome(challenger.Version, false, $"challenger {challenger.Version} rejected: {report.Reason}");
        var change = await champions.PromoteAsync(challenger.Version, actor, report.Reason, ct);
        return new RetrainOutcome(challenger.Version, true, $"challenger {challenger.Version} promoted: {report.Reason}; {change.Summary}");
    }

    public static GateReport Judge(GateFigures challenger, GateFigures champion, string championVersion, ModelOptions options)
    {
        var f1Drop = champion.HoldoutF1 - challenger.HoldoutF1;
        var gain = champion.DecisionErrorRate - challenger.DecisionErrorRate;
        var figures = $"challenger {challenger}; champion {championVersion} {champion}";
        if (f1Drop > options.HoldoutTolerance + 1e-9)
            return new GateReport(challenger, champion, championVersion, false, $"worse on the frozen holdout (F1 {challenger.HoldoutF1:0.0000} < {champion.HoldoutF1:0.0000}); {figures}");
        if (gain < options.MinImprovement - 1e-9)
            return new GateReport(challenger, champion, championVersion, false, $"not better on the held-out decisions by {100 * options.MinImprovement:0.#} points (error {100 * challenger.DecisionErrorRate:0.0}% vs {100 * champion.DecisionErrorRate:0.0}%); {figures}");
        return new GateReport(challenger, champion, championVersion, true, $"not worse on the holdout and {100 * gain:0.0} points fewer errors on the held-out decisions; {figures}");
    }

    /// <summary>
    /// Reviewer decisions as labelled rows, oldest first: confirmed = an offer, dismissed = not; "needs info" and
    /// reopened listings are left out. A listing's latest decision wins (its review status is that decision).
    /// </summary>
    public static async Task<List<LabeledListing>> Decisions(MarketWatchDb db, float weight, CancellationToken ct) =>
        (await db.Listings.AsNoTracking()
            .Where(l => l.ReviewStatus == ReviewStatus.Confirmed || l.ReviewStatus == ReviewStatus.Dismissed)
            .OrderBy(l => l.ReviewedAt).ThenBy(l => l.Id)
            .Select(l => new { l.Title, l.Description, l.PriceIdr, Offer = l.ReviewStatus == ReviewStatus.Confirmed })
            .ToListAsync(ct))
        .Select(l => new LabeledListing(l.Title, l.Description, l.PriceIdr, l.Offer, "decision", weight)).ToList();
}
