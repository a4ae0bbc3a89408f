using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MarketWatch.Detection;

/// <summary>
/// Brings seller text to one form before rules and features: compatibility forms folded (full-width,
/// mathematical bold letters), accents and emoji dropped, lower case, whitespace collapsed, and disguised
/// keywords undone ("1M3I" -> "imei", "unbl0ck" -> "unblock", "i.m.e.i" -> "imei").
/// </summary>
public static partial class TextNormalizer
{
    /// <summary>Part of every model's version: a model is only valid with the normaliser it was trained with.</summary>
    public const string Version = "norm-2";

    // Words sellers disguise to slip past keyword filters. Only a disguise that decodes to one of these is
    // undone, so model names ("a3x", "13pro") and sizes keep their digits.
    private static readonly string[] Disguised =
        ["imei", "unblock", "unlock", "blokir", "sinyal", "inject", "suntik", "aktivasi", "registrasi", "kloning", "clone"];

    [GeneratedRegex("(imei|unblock|unlock|blokir|sinyal|inject|suntik)", RegexOptions.CultureInvariant)]
    private static partial Regex KeywordSplit();

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var folded = Fold(text);
        return Undisguise(folded) ?? folded;
    }

    // Word by word over the folded text (words are separated by single spaces now). Returns null when
    // nothing was disguised, which is nearly always: then no new string is built.
    private static string? Undisguise(string s)
    {
        StringBuilder? sb = null;
        var copied = 0;   // s[..copied] is already in sb
        var i = 0;
        while (i < s.Length)
        {
            var end = s.IndexOf(' ', i);
            if (end < 0) end = s.Length;
            var word = s.AsSpan(i, end - i);
            string? replacement = null;
            var consumedTo = end;
            if (word.Length == 1 && char.IsAsciiLetterOrDigit(word[0]))
            {
                // "i m e i": a run of single characters separated by spaces.
                var runEnd = end;
                var count = 1;
                while (runEnd + 2 <= s.Length && char.IsAsciiLetterOrDigit(s[runEnd + 1]) && (runEnd + 2 == s.Length || s[runEnd + 2] == ' '))
                {
                    runEnd += 2;
                    count++;
                }
                if (count >= 3 && Decode(s.AsSpan(i, runEnd - i)) is { } joined) { replacement = joined; consumedTo = runEnd; }
            }
            else if (word.Length > 2 && word.IndexOfAny(Disguise) >= 0 && word.IndexOfAnyInRange('a', 'z') >= 0)
                replacement = Decode(word);

            if (replacement is not null)
            {
                sb ??= new StringBuilder(s.Length + 8);
                sb.Append(s, copied, i - copied).Append(replacement);
                copied = consumedTo;
            }
            i = consumedTo + 1;
        }
        if (sb is null) return null;
        sb.Append(s, copied, s.Length - copied);
        return sb.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Disguise = System.Buffers.SearchValues.Create("0123456789@$|!.-_*");

    // Strips joiners ("i.m.e.i", "u-n-b-l-o-c-k", "i m e i"), undoes leetspeak, and keeps the result only
    // when it holds a keyword: "a3x", "13pro", "4/64" and "1.299.000" come back as they were.
    private static string? Decode(ReadOnlySpan<char> word)
    {
        Span<char> buffer = stackalloc char[word.Length];
        var n = 0;
        foreach (var c in word)
        {
            if (c is ' ' or '.' or '-' or '_' or '*') continue;
            buffer[n++] = c switch
            {
                '0' => 'o', '1' or '!' or '|' => 'i', '3' => 'e', '4' or '@' => 'a', '5' or '$' => 's', '7' => 't',
                var other => other,
            };
        }
        var decoded = buffer[..n];
        foreach (var keyword in Disguised)
            if (decoded.IndexOf(keyword, StringComparison.Ordinal) >= 0)
                return KeywordSplit().Replace(new string(decoded), " $1 ").Trim().Replace("  ", " ");
        return decoded.SequenceEqual("lmei") || decoded.SequenceEqual("lmel") ? "imei" : null;
    }

    // One pass: ASCII is lower-cased in place (the common case costs no allocation per character);
    // anything else is decomposed (NFKD) so full-width and styled letters become plain ones, accents go,
    // and symbols (emoji, pictographs, format characters) become spaces. Whitespace runs collapse to one space.
    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128)
            {
                // Runs of plain ASCII word characters are copied in one go.
                var run = i;
                while (run < text.Length && text[run] is > ' ' and < (char)128 and not (>= 'A' and <= 'Z')) run++;
                if (run > i)
                {
                    sb.Append(text, i, run - i);
                    space = false;
                    i = run - 1;
                    continue;
                }
                if (c <= ' ') { if (!space) { sb.Append(' '); space = true; } continue; }
                sb.Append((char)(c + 32));   // an upper-case ASCII letter
                space = false;
                continue;
            }
            if (!Rune.TryGetRuneAt(text, i, out var rune)) continue;   // a lone surrogate carries no text
            if (rune.Utf16SequenceLength == 2) i++;
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber)
            {
                foreach (var part in rune.ToString().Normalize(NormalizationForm.FormKD).EnumerateRunes())
                {
                    if (Rune.GetUnicodeCategory(part) == UnicodeCategory.NonSpacingMark) continue;
                    var lower = Rune.ToLowerInvariant(part);
                    if (lower.IsBmp) sb.Append((char)lower.Value); else sb.Append(lower.ToString());
                }
                space = false;
            }
            else if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark) { }
            else if (!space) { sb.Append(' '); space = true; }
        }
        if (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        return sb.ToString();
    }
}
