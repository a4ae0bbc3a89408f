using System.Globalization;
using MarketWatch.Data;
using MarketWatch.Detection;

namespace MarketWatch.Learning;

/// <summary>
/// The labelled sets models are trained and judged on: the corpus (fixtures/training/train.csv), its frozen
/// holdout split by template (holdout.csv), the hard cases written apart from both
/// (fixtures/evaluation/hard-cases.csv) and, when the workplace's reference data is there, real marketplace
/// listings that are all negatives. Nothing here is read to choose rules or features; it only measures them.
/// </summary>
public sealed record EvaluationSets(List<LabeledListing> Corpus, List<LabeledListing> Holdout, List<LabeledListing> HardCases, List<LabeledListing>? RealListings)
{
    public static string CorpusPath(string fixturesDir) => Path.Combine(fixturesDir, "training", "train.csv");
    public static string HoldoutPath(string fixturesDir) => Path.Combine(fixturesDir, "training", "holdout.csv");
    public static string HardCasesPath(string fixturesDir) => Path.Combine(fixturesDir, "evaluation", "hard-cases.csv");

    public static EvaluationSets Load(string repositoryRoot, string? realListings)
    {
        var fixtures = Path.Combine(repositoryRoot, "fixtures");
        return new EvaluationSets(TrainingData.Read(CorpusPath(fixtures)), TrainingData.Read(HoldoutPath(fixtures)),
            TrainingData.Read(HardCasesPath(fixtures)), realListings is not null && File.Exists(realListings) ? ReadUnlabelled(realListings, "real") : null);
    }

    /// <summary>Listings known to be negatives, from a CSV with title, description and price_idr (prices may be written as decimals).</summary>
    public static List<LabeledListing> ReadUnlabelled(string path, string family)
    {
        using var reader = new StreamReader(path);
        var table = new CsvTable(reader, path);
        int title = table.Require("title");
        int? description = table.Optional("description"), price = table.Optional("price_idr");
        var rows = new List<LabeledListing>();
        while (table.Next() is { } row)
        {
            long? p = price is { } i && double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? (long)v : null;
            rows.Add(new LabeledListing(row[title], description is { } d ? row[d] : null, p, false, family));
        }
        return rows;
    }

    /// <summary>Texts for speed measurements: real listings (long descriptions are the realistic cost) mixed with the corpus.</summary>
    public List<ListingText> SpeedRows(int count)
    {
        var source = (RealListings ?? []).Concat(Corpus).Select(r => new ListingText(r.Title, r.Description, r.PriceIdr)).ToList();
        return Enumerable.Range(0, count).Select(i => source[i % source.Count]).ToList();
    }
}
