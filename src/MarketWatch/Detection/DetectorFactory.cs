using MarketWatch.Data;

namespace MarketWatch.Detection;

/// <summary>
/// The one way to build a <see cref="Detector"/>, used by `classify`, `evaluate` and the crawl alike: the options,
/// the classifier (resolved once per process, trained on a first start), the slang lexicon, and the TAC directory
/// as stored now, so a `tac import` counts from the next run or command on.
/// </summary>
public sealed class DetectorFactory(DetectionOptions options, Lazy<Classifier?> classifier, SlangLexicon? lexicon)
{
    public async Task<Detector> CreateAsync(MarketWatchDb db, CancellationToken ct) =>
        new(options, classifier.Value, lexicon, await TacImport.LoadAsync(db, ct));
}
