using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MarketWatch.Detection;

/// <summary>
/// Brings seller text to one form before rules and features: compatibility forms folded (full-width,
/// mathematical bold letters), accents and emoji dropped, lower case, and leetspeak undone inside words
/// ("1M3I" -> "imei", "unbl0ck" -> "unblock", "i.m.e.i" -> "imei").
/// </summary>
public static partial class TextNormalizer
{
    [GeneratedRegex(@"\b(?:[a-z0-9](?:[.\-_*]|\s)){2,}[a-z0-9]\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpelledOut();   // "i.m.e.i", "i m e i", "u-n-b-l-o-c-k"

    [GeneratedRegex(@"[a-z0-9@$|!]*[a-z][a-z0-9@$|!]*", RegexOptions.CultureInvariant)]
    private static partial Regex MixedWord();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var folded = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(folded.Length);
        foreach (var rune in folded.EnumerateRunes())
        {
            var cat = Rune.GetUnicodeCategory(rune);
            if (cat == UnicodeCategory.NonSpacingMark) continue;                         // accents, combining decorations
            if (cat is UnicodeCategory.OtherSymbol or UnicodeCategory.Surrogate or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.Format or UnicodeCategory.PrivateUse) { sb.Append(' '); continue; } // emoji, ZWJ
            sb.Append(rune.IsAscii ? char.ToLowerInvariant((char)rune.Value) : Rune.ToLowerInvariant(rune).ToString());
        }
        var s = SpelledOut().Replace(sb.ToString(), m => JoinSpelled(m.Value));
        s = MixedWord().Replace(s, m => Unleet(m.Value));
        return Spaces().Replace(s, " ").Trim();
    }

    // Words sellers disguise to slip past keyword filters. Only a disguise that decodes to one of these is
    // undone, so model names ("a3x", "13pro") and sizes keep their digits.
    private static readonly string[] Disguised =
        ["imei", "unblock", "unlock", "blokir", "sinyal", "inject", "suntik", "aktivasi", "registrasi", "kloning", "clone"];

    private static string JoinSpelled(string v)
    {
        var joined = Unleet(new string(v.Where(c => !char.IsWhiteSpace(c) && c is not ('.' or '-' or '_' or '*')).ToArray()));
        return Disguised.Any(joined.Contains) ? joined : v;
    }

    private static string Unleet(string word)
    {
        if (!word.Any(c => c is >= '0' and <= '9' or '@' or '$' or '!' or '|') && !word.Contains('l')) return word;
        var chars = word.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            chars[i] = chars[i] switch
            {
                '0' => 'o', '1' or '!' or '|' => 'i', '3' => 'e', '4' or '@' => 'a', '5' or '$' => 's', '7' => 't',
                var c => c,
            };
        var decoded = new string(chars);
        if (Disguised.Any(decoded.Contains)) return decoded;
        // "lmei" / "1MEl": a lower-case L standing in for I.
        var withI = decoded.Replace('l', 'i');
        return withI.Contains("imei") ? decoded.Replace("lmel", "imei").Replace("lmei", "imei").Replace("imel", "imei") : word;
    }
}
