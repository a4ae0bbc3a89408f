using MarketWatch.Data;
using MarketWatch.Learning;

namespace MarketWatch.Detection;

/// <summary>
/// The one way to build a <see cref="Detector"/>, used by `classify`, `evaluate`, the crawl, re-scoring and the
/// retraining gate alike: the options, the champion classifier of the moment (see <see cref="ModelSlot"/>), the
/// slang lexicon, and the TAC directory as stored now, so a `tac import` counts from the next run or command on.
/// </summary>
public sealed class DetectorFactory(DetectionOptions options, ModelSlot models, SlangLexicon? lexicon)
{
    public async Task<Detector> CreateAsync(MarketWatchDb db, CancellationToken ct)
    {
        await models.RefreshAsync(db, ct);
        return Create(models.Current, await TacImport.LoadAsync(db, ct));
    }

    /// <summary>A detector with another classifier (a challenger at the gate), otherwise built the same way.</summary>
    public Detector Create(Classifier? classifier, TacDirectory tacs) => new(options, classifier, lexicon, tacs);
}
