using MarketWatch.Data;
using MarketWatch.Detection;

namespace MarketWatch.Bench;

/// <summary>
/// Five-fold cross-validation on the training corpus, grouped by template (a template's rows are all in one
/// fold), so a recipe is chosen on wording it did not train on without ever reading the holdout.
/// </summary>
public static class CrossValidation
{
    public static (Evaluation Detector, Evaluation Classifier, double HardNegativeFlagRate) Run(string corpusPath, ModelRecipe recipe, int folds = 5)
    {
        var rows = TrainingData.Read(corpusPath);
        var templates = Templates(corpusPath);
        var fold = templates.Select(t => (int)((uint)StableHash(t) % (uint)folds)).ToList();
        var detected = new List<(double Score, bool Flagged, bool Label)>();
        var alone = new List<(double Score, bool Flagged, bool Label)>();
        int hard = 0, hardFlagged = 0;
        for (var k = 0; k < folds; k++)
        {
            var train = rows.Where((_, i) => fold[i] != k).ToList();
            var test = rows.Where((_, i) => fold[i] == k).ToList();
            var detector = new Detector(new DetectionOptions(), Classifier.Train(train, recipe));
            var card = Scorecard.Of($"fold {k}", detector, test);
            foreach (var r in test)
            {
                var d = detector.Detect(new ListingText(r.Title, r.Description, r.PriceIdr));
                detected.Add((d.Score, d.Flagged, r.Label));
                alone.Add((d.ClassifierProbability ?? 0, d.ClassifierProbability >= 0.5f, r.Label));
            }
            hard += card.HardNegatives;
            hardFlagged += card.HardNegativesFlaggedByClassifier;
        }
        return (Evaluation.Of(detected), Evaluation.Of(alone), hard == 0 ? 0 : (double)hardFlagged / hard);
    }

    private static List<string> Templates(string path)
    {
        using var reader = new StreamReader(path);
        var table = new CsvTable(reader, path);
        var column = table.Require("template");
        var list = new List<string>();
        while (table.Next() is { } row) list.Add(row[column]);
        return list;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }
}
