using System.Text;

namespace MarketWatch.Crawling;

/// <summary>
/// Paths and patterns of robots.txt, brought to one form before they are compared (RFC 9309 §2.2.2,
/// RFC 3986 §6.2.2): non-ASCII characters become UTF-8 percent-escapes, escapes get upper-case hex, and
/// an escape of an unreserved character ("%62" for "b") is decoded. Both sides go through the same
/// function, so "/foo/bar/ツ", "/foo/bar/%e3%83%84" and a URL that System.Uri wrote either way agree.
/// Reserved characters ("/", "?", ":", "=") are compared as written: their escaped and plain forms mean
/// different things in a URI. In a URL, a literal "*" or "$" is escaped (§2.2.3), so only a pattern's own
/// "%2A" or "%24" matches it and never its wildcard "$".
/// </summary>
public static class RobotsPath
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>A pattern keeps its "*" wildcards and a final "$" anchor; a "$" anywhere else is a plain character.</summary>
    public static string Pattern(string value) =>
        value.EndsWith('$') ? Normalize(value[..^1], keepStars: true) + "$" : Normalize(value, keepStars: true);

    public static string Url(string pathAndQuery) => Normalize(pathAndQuery, keepStars: false);

    private static string Normalize(string value, bool keepStars)
    {
        if (IsAlreadyNormal(value, keepStars)) return value;
        var sb = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                var b = (char)Convert.ToByte(value.Substring(i + 1, 2), 16);
                if (IsUnreserved(b)) sb.Append(b);
                else sb.Append('%').Append(char.ToUpperInvariant(value[i + 1])).Append(char.ToUpperInvariant(value[i + 2]));
                i += 2;
            }
            else if (c > 0x7F)
            {
                // A surrogate pair is one character of four UTF-8 bytes; a lone surrogate becomes U+FFFD.
                var len = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                    ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : c.ToString(), utf8);
                foreach (var b in utf8[..len]) Escape(sb, b);
            }
            else if (MustEscape(c, keepStars)) Escape(sb, (byte)c);
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Whether a normalised path matches a normalised pattern: anchored at the start, "*" any run of
    /// characters, "$" the end of the path when it ends the pattern. The set of reachable path positions is
    /// carried along the pattern (as in the reference implementation), so a hostile pattern full of "*"
    /// costs pattern x path steps, never exponential backtracking.
    /// </summary>
    public static bool Matches(string path, string pattern)
    {
        Span<int> positions = path.Length < 512 ? stackalloc int[path.Length + 1] : new int[path.Length + 1];
        positions[0] = 0;
        var count = 1;
        for (var p = 0; p < pattern.Length; p++)
        {
            var c = pattern[p];
            if (c == '$' && p == pattern.Length - 1) return positions[count - 1] == path.Length;
            if (c == '*')
            {
                var from = positions[0];
                count = path.Length - from + 1;
                for (var i = 0; i < count; i++) positions[i] = from + i;
                continue;
            }
            var next = 0;
            for (var i = 0; i < count; i++)
                if (positions[i] < path.Length && path[positions[i]] == c) positions[next++] = positions[i] + 1;
            count = next;
            if (count == 0) return false;
        }
        return true;
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static void Escape(StringBuilder sb, byte b) => sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);

    // A literal "*" or "$" is written escaped on both sides, so only a pattern's "%2A" / "%24" matches it.
    private static bool MustEscape(char c, bool keepStars) =>
        c == '%' || c <= 0x20 || c == 0x7F || c == '$' || (c == '*' && !keepStars) || "\"<>\\^`{|}".Contains(c);

    // Most paths are plain ASCII without escapes: skip the copy.
    private static bool IsAlreadyNormal(string value, bool keepStars)
    {
        foreach (var c in value)
            if (c > 0x7F || MustEscape(c, keepStars)) return false;
        return true;
    }
}
