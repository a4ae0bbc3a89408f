using System.Security.Cryptography;
using System.Text;
using MarketWatch.Data;

namespace MarketWatch.Detection;

/// <summary>
/// Optional slang -> formal word map ("gk" -> "enggak", "bs" -> "bisa"), CSV with `slang,formal` as its first
/// two columns (the colloquial-indonesian-lexicon format). Applied word by word after normalisation.
/// </summary>
public sealed class SlangLexicon
{
    private readonly Dictionary<string, string> _map;
    public string Version { get; }

    private SlangLexicon(Dictionary<string, string> map, string version) => (_map, Version) = (map, version);

    public static SlangLexicon Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"slang lexicon '{path}' does not exist (Detection:SlangLexicon)");
        using var reader = new StreamReader(path);
        var table = new CsvTable(reader, path);
        int slang = table.Require("slang"), formal = table.Require("formal");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (table.Next() is { } row)
        {
            var key = row[slang].Trim().ToLowerInvariant();
            var value = row[formal].Trim().ToLowerInvariant();
            // Words we detect on are never rewritten: a lexicon written for chat must not blur "imei" or "unlock".
            if (key.Length > 0 && value.Length > 0 && key != value && !Protected.Contains(key)) map.TryAdd(key, value);
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..8];
        return new SlangLexicon(map, "slang-" + hash);
    }

    private static readonly HashSet<string> Protected =
        ["imei", "unblock", "unlock", "blokir", "sinyal", "inject", "suntik", "inter", "bm", "hp", "resmi", "terdaftar", "garansi"];

    public int Count => _map.Count;

    public string Apply(string normalized)
    {
        if (_map.Count == 0 || normalized.Length == 0) return normalized;
        var sb = new StringBuilder(normalized.Length + 16);
        foreach (var word in normalized.Split(' '))
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(_map.TryGetValue(word, out var formal) ? formal : word);
        }
        return sb.ToString();
    }
}
