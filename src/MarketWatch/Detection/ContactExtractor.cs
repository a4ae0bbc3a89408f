using System.Text.RegularExpressions;

namespace MarketWatch.Detection;

/// <summary>
/// Ways to reach a seller written into a listing (sellers move buyers off-platform to WhatsApp or Telegram),
/// normalised so that one number or handle written many ways is one value: accounts that share one are
/// likely run by one operator, on one marketplace or across several.
/// </summary>
public static partial class ContactExtractor
{
    // Indonesian mobile numbers: 08xx, +62 8xx or 62 8xx, with spaces, dots or dashes anywhere.
    [GeneratedRegex(@"(?<![\d])(?:\+?62[\s.\-]?|0)8(?:[\s.\-]?\d){7,11}(?![\d])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex Email();

    // @handle (Instagram, Telegram) or t.me/handle; not the middle of an e-mail address.
    [GeneratedRegex(@"(?:(?<![\w.@])@|\bt\.me/)([a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_]))", RegexOptions.IgnoreCase)]
    private static partial Regex Handle();

    public static IReadOnlyList<(string Kind, string Value)> Extract(params string?[] texts)
    {
        var found = new List<(string, string)>();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            foreach (Match m in Phone().Matches(text)) found.Add(("phone", NormalizePhone(m.Value)));
            var withoutEmails = Email().Replace(text, e => { found.Add(("email", e.Value.ToLowerInvariant())); return " "; });
            foreach (Match m in Handle().Matches(withoutEmails)) found.Add(("handle", m.Groups[1].Value.ToLowerInvariant()));
        }
        return found.Distinct().ToList();
    }

    /// <summary>0812-3456-7890, +62 812 3456 7890 and 6281234567890 all become 6281234567890.</summary>
    public static string NormalizePhone(string raw)
    {
        var digits = new string(raw.Where(char.IsAsciiDigit).ToArray());
        return digits.StartsWith('0') ? "62" + digits[1..] : digits;
    }
}
