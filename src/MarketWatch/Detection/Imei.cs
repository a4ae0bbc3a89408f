using System.Text;
using System.Text.RegularExpressions;

namespace MarketWatch.Detection;

public enum ImeiStatus { Valid, BadCheckDigit, Placeholder, TestTac }

public sealed record ImeiCandidate(string Imei, ImeiStatus Status, int Index, string Raw)
{
    public string Tac => Imei[..8];
    public string StatusName => MarketWatch.Detection.Imei.StatusName(Status);
}

/// <summary>
/// Finds 15-digit IMEIs (3GPP TS 23.003: TAC 8 + serial 6 + Luhn check digit) as sellers write them:
/// plain, or in groups joined by one space, dash, dot or slash, after labels like "IMEI 2 =".
/// </summary>
public static partial class Imei
{
    // Runs of digit groups joined by exactly one separator; a double space or any letter ends a run.
    [GeneratedRegex(@"(?<!\d)\d+(?:[ \-./]\d+)*(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();

    // Well-known dummy values: emulator, documentation examples, keyboard walks.
    private static readonly HashSet<string> Dummies =
    [
        "012345678912345", "123456789012345", "012345678901234", "004999010640000",
        "490154203237518", "356938035643809", "111111111111119",
    ];

    public static IReadOnlyList<ImeiCandidate> Extract(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        // Most listings hold fewer than 15 digits in all: no IMEI can be there, and the scan is skipped.
        var digits = 0;
        foreach (var c in text) if (char.IsDigit(c) && ++digits >= 15) break;
        if (digits < 15) return [];
        // Full-width and other compatibility digits become ASCII so "３５３３..." is still found.
        if (!text.IsNormalized(NormalizationForm.FormKC)) text = text.Normalize(NormalizationForm.FormKC);
        var found = new List<ImeiCandidate>();
        var seen = new HashSet<string>();
        foreach (Match run in DigitRun().Matches(text))
            ScanRun(run.Value, run.Index, found, seen);
        return found;
    }

    private static void ScanRun(string run, int offset, List<ImeiCandidate> found, HashSet<string> seen)
    {
        var groups = Groups(run);
        var spans = new (int Start, int End, ImeiStatus Status)?[groups.Count];
        for (var i = 0; i < groups.Count; i++) spans[i] = SpanFrom(run, groups, i);
        for (var i = 0; i < groups.Count; i++)
        {
            if (spans[i] is not { } span) continue;
            // "IMEI 1 86 769604 152398 3": the label's digit also makes 15 digits with the groups after it.
            // When the reading one group later is a valid IMEI and this one is not, the later reading wins.
            if (span.Status != ImeiStatus.Valid && i + 1 < groups.Count && spans[i + 1] is { Status: ImeiStatus.Valid }) continue;
            var raw = run[groups[i].Start..groups[span.End].End];
            var imei = string.Concat(raw.Where(char.IsAsciiDigit));
            if (seen.Add(imei)) found.Add(new ImeiCandidate(imei, span.Status, offset + groups[i].Start, raw));
            i = span.End;
        }
    }

    // The candidate made of group i and the groups after it, when they add up to exactly 15 digits.
    private static (int Start, int End, ImeiStatus Status)? SpanFrom(string run, List<Group> groups, int i)
    {
        // A contiguous run longer than 15 digits is an order id, tracking number or IMEISV, never an IMEI.
        if (groups[i].Length > 15) return null;
        var digits = groups[i].Length;
        var j = i;
        // One candidate uses one separator kind throughout: "35-332011-951443-3", not "0812 3456-789".
        var sep = j + 1 < groups.Count ? run[groups[j].End] : '\0';
        while (digits < 15 && j + 1 < groups.Count && run[groups[j].End] == sep && groups[j + 1].Length <= 15)
            digits += groups[++j].Length;
        if (digits != 15) return null;
        var imei = string.Concat(run[groups[i].Start..groups[j].End].Where(char.IsAsciiDigit));
        return (i, j, Classify(imei));
    }

    private readonly record struct Group(int Start, int Length) { public int End => Start + Length; }

    private static List<Group> Groups(string run)
    {
        var groups = new List<Group>();
        var start = 0;
        for (var k = 0; k <= run.Length; k++)
        {
            if (k < run.Length && char.IsAsciiDigit(run[k])) continue;
            groups.Add(new Group(start, k - start));
            start = k + 1;
        }
        return groups;
    }

    public static ImeiStatus Classify(string imei)
    {
        if (imei.Length != 15 || !imei.All(char.IsAsciiDigit)) throw new ArgumentException("an IMEI has 15 digits", nameof(imei));
        if (imei.All(c => c == imei[0]) || Dummies.Contains(imei)) return ImeiStatus.Placeholder;
        // Reporting body "00" is reserved for test equipment (DIRBS is_test_tac).
        if (imei.StartsWith("00", StringComparison.Ordinal)) return ImeiStatus.TestTac;
        return CheckDigit(imei.AsSpan(0, 14)) == imei[14] ? ImeiStatus.Valid : ImeiStatus.BadCheckDigit;
    }

    /// <summary>Luhn over the first 14 digits: every second digit from the left (0-based odd) doubled.</summary>
    public static char CheckDigit(ReadOnlySpan<char> first14)
    {
        var sum = 0;
        for (var k = 0; k < 14; k++)
        {
            var d = first14[k] - '0';
            if (k % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    public static string StatusName(ImeiStatus status) => status switch
    {
        ImeiStatus.Valid => "valid",
        ImeiStatus.BadCheckDigit => "bad-check-digit",
        ImeiStatus.Placeholder => "placeholder",
        _ => "test-tac",
    };
}
