using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace MarketWatch.Detection;

/// <summary>
/// A trained boosted-tree model's own arithmetic, read out of the ML.NET model and run without ML.NET's row
/// machinery: the same tokens (punctuation dropped, split on spaces), the same term counts scaled to unit L2
/// norm, the same trees (<c>value &lt;= threshold</c> goes left) and the same Platt calibration.
/// A <see cref="PredictionEngine{TSrc,TDst}"/> spends most of a listing's 16 µs moving one row through seven
/// transforms; the trees themselves touch a few hundred features. ML.NET stays the model's definition: the
/// <see cref="Classifier"/> uses this only after it gave ML.NET's exact probabilities on a probe set, and
/// anything this does not reproduce (character or word n-grams longer than one, categorical splits, a linear
/// trainer) keeps ML.NET's engine.
/// </summary>
internal sealed class CompiledTrees
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabulary;
    private readonly int[] _wordSlot;        // vocabulary id -> index in the compact feature array, or -1 (no tree reads it)
    private readonly int[] _signalSlot;      // signal -> index in the compact feature array, or -1
    private readonly Tree[] _trees;
    private readonly double _slope, _offset;
    private readonly ThreadLocal<Scratch> _scratch;

    /// <summary>The model's vocabulary, in slot order.</summary>
    public IReadOnlyList<string> Words { get; }

    private sealed record Tree(int[] Feature, float[] Threshold, int[] Lte, int[] Gt, double[] Leaf);

    private sealed class Scratch(int vocabulary, int slots)
    {
        public readonly int[] Counts = new int[vocabulary];
        public readonly List<int> Touched = new(64);
        public readonly float[] Values = new float[slots];
        public char[] Token = new char[64];
    }

    private CompiledTrees(Dictionary<string, int> vocabulary, int[] wordSlot, int[] signalSlot, int slots, Tree[] trees, double slope, double offset)
    {
        _vocabulary = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        Words = vocabulary.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
        (_wordSlot, _signalSlot, _trees, _slope, _offset) = (wordSlot, signalSlot, trees, slope, offset);
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(wordSlot.Length, slots));
    }

    /// <summary>Reads the model, or says why it cannot be compiled (the classifier then keeps ML.NET's engine).</summary>
    public static CompiledTrees? TryCompile(ITransformer model, DataViewSchema input, ModelRecipeShape shape, out string why)
    {
        if (shape.CharNgrams != 0 || shape.WordNgrams != 1 || !shape.Signals) { why = "the recipe has character or multi-word n-grams, or no signals"; return null; }
        if (model is not TransformerChain<ITransformer> chain || chain.LastTransformer is not IPredictionTransformer<object> last) { why = "not a transformer chain ending in a predictor"; return null; }
        if (last.Model is not CalibratedModelParametersBase calibrated || calibrated.Calibrator is not PlattCalibrator platt) { why = "not Platt-calibrated"; return null; }
        if (calibrated.SubModel is not TreeEnsembleModelParametersBasedOnRegressionTree ensemble) { why = "not a boosted-tree model"; return null; }
        if (ensemble.TrainedTreeEnsemble.Bias != 0) { why = "the ensemble has a bias"; return null; }

        var output = model.GetOutputSchema(input);
        var text = output["TextFeatures"];
        var textLength = ((VectorDataViewType)text.Type).Size;
        if (((VectorDataViewType)output["Features"].Type).Size != textLength + ListingSignals.Count) { why = "Features is not TextFeatures followed by the signals"; return null; }
        VBuffer<ReadOnlyMemory<char>> names = default;
        text.GetSlotNames(ref names);
        var vocabulary = new Dictionary<string, int>(textLength, StringComparer.Ordinal);
        var slotNames = names.DenseValues().ToArray();
        for (var i = 0; i < slotNames.Length; i++)
        {
            var name = slotNames[i].ToString();
            if (name.Length == 0 || name.Contains(' ') || !vocabulary.TryAdd(name, i)) { why = $"slot {i} ('{name}') is not a single distinct word"; return null; }
        }
        if (vocabulary.Count != textLength) { why = "the vocabulary does not match the text features"; return null; }

        var wordSlot = Enumerable.Repeat(-1, textLength).ToArray();
        var signalSlot = Enumerable.Repeat(-1, ListingSignals.Count).ToArray();
        var slots = 0;
        int Slot(int feature)
        {
            ref var slot = ref feature < textLength ? ref wordSlot[feature] : ref signalSlot[feature - textLength];
            if (slot < 0) slot = slots++;
            return slot;
        }
        var trees = new List<Tree>();
        foreach (var tree in ensemble.TrainedTreeEnsemble.Trees)
        {
            if (tree.CategoricalSplitFlags.Any(c => c)) { why = "a tree has a categorical split"; return null; }
            if (tree.NumberOfLeaves < 2) { why = "a tree has a single leaf"; return null; }
            var features = tree.NumericalSplitFeatureIndexes.ToArray();
            if (features.Any(f => f < 0 || f >= textLength + ListingSignals.Count)) { why = "a split reads a feature outside the vector"; return null; }
            trees.Add(new Tree(features.Select(Slot).ToArray(), tree.NumericalSplitThresholds.ToArray(), tree.LeftChild.ToArray(), tree.RightChild.ToArray(), tree.LeafValues.ToArray()));
        }
        why = "";
        return new CompiledTrees(vocabulary, wordSlot, signalSlot, slots, trees.ToArray(), platt.Slope, platt.Offset);
    }

    /// <summary>The recipe settings the compiled path depends on.</summary>
    public sealed record ModelRecipeShape(int WordNgrams, int CharNgrams, bool Signals);

    /// <summary>The probability ML.NET gives the same text (<see cref="Classifier"/> composes it) and signals.</summary>
    public float Predict(ReadOnlySpan<string> segments, float[] signals)
    {
        var s = _scratch.Value!;
        foreach (var segment in segments) Count(segment, s);

        float sumSquares = 0;
        foreach (var id in s.Touched) sumSquares += (float)s.Counts[id] * s.Counts[id];
        // As ML.NET's LpNormNormalizingTransformer: multiply by the float reciprocal of the float norm.
        var scale = 1f;
        if (sumSquares > 0) scale /= (float)Math.Sqrt(sumSquares);
        if (scale < 1e-8f) scale = 1;

        var values = s.Values;
        Array.Clear(values);
        foreach (var id in s.Touched)
        {
            if (_wordSlot[id] >= 0) values[_wordSlot[id]] = s.Counts[id] * scale;
            s.Counts[id] = 0;
        }
        s.Touched.Clear();
        for (var k = 0; k < _signalSlot.Length; k++)
            if (_signalSlot[k] >= 0) values[_signalSlot[k]] = signals[k];

        double sum = 0;
        foreach (var tree in _trees)
        {
            var node = 0;
            while (node >= 0) node = values[tree.Feature[node]] <= tree.Threshold[node] ? tree.Lte[node] : tree.Gt[node];
            sum += tree.Leaf[~node];
        }
        var score = (float)sum;
        return (float)(1 / (1 + Math.Exp(_slope * score + _offset)));
    }

    // ML.NET's text normaliser drops punctuation characters (it does not replace them), then its tokeniser splits
    // on spaces and skips empty tokens; each token found in the vocabulary is counted.
    private void Count(string text, Scratch s)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ') { i++; continue; }
            var start = i;
            var clean = true;
            while (i < text.Length && text[i] != ' ')
            {
                if (char.IsPunctuation(text[i])) clean = false;
                i++;
            }
            var token = text.AsSpan(start, i - start);
            if (!clean)
            {
                if (s.Token.Length < token.Length) s.Token = new char[token.Length];
                var n = 0;
                foreach (var c in token) if (!char.IsPunctuation(c)) s.Token[n++] = c;
                token = s.Token.AsSpan(0, n);
                if (n == 0) continue;
            }
            if (_vocabulary.TryGetValue(token, out var id) && s.Counts[id]++ == 0) s.Touched.Add(id);
        }
    }
}
