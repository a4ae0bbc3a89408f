using MarketWatch.Detection;

namespace MarketWatch.Tests.Support;

/// <summary>
/// Paths to the workplace's reference data (../shared/data beside the repository). It is not part of the
/// repository: tests that need it are skipped, saying so, when it is absent.
/// </summary>
public static class SharedData
{
    public static string Root => Path.GetFullPath(Path.Combine(AppPaths.RepositoryRoot, "..", "shared", "data"));
    public static string Path_(string relative) => Path.Combine(Root, relative);
    public static string RealListings => Path_("listings/real_listings_dev.csv");
    public static string Osmocom => Path_("tac/tacdb_osmocom.csv");
    public static string SamsungTacs => Path_("tac/samsung_tacs_samloaderkotlin.csv");
    public static string Lexicon => Path_("lexicon/colloquial-indonesian-lexicon.csv");
    public static string Xss => Path_("hostile/xss.txt");

    public static void Require(string path) =>
        Skip.IfNot(File.Exists(path), $"reference data {path} is absent (it lives in ../shared/data, outside the repository)");

    public static string TrainingCsv => Path.Combine(AppPaths.RepositoryRoot, "fixtures", "training", "train.csv");
    public static string HoldoutCsv => Path.Combine(AppPaths.RepositoryRoot, "fixtures", "training", "holdout.csv");
    public static string ModelCache { get; } = Path.Combine(Path.GetTempPath(), "marketwatch-tests", "models");

    private static readonly Lazy<Classifier> Model = new(() => Classifier.Train(TrainingData.Read(TrainingCsv)));
    /// <summary>The classifier trained on the training split, once per test run.</summary>
    public static Classifier Classifier => Model.Value;
}
