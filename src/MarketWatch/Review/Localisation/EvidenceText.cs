using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace MarketWatch.Review.Localisation;

/// <summary>An evidence problem (EvidenceStore's messages: "PATH: what is wrong") in the reader's language; the path stays as is.</summary>
public static partial class EvidenceText
{
    [GeneratedRegex(@"^(?<path>[^:]+): (?<what>evidence file is missing|not the gzip file that was written|SHA-256 differs from the one recorded at capture) ?(?:\((?<at>[^)]*)\))?$")]
    private static partial Regex Problem();

    public static string Translate(IStringLocalizer t, string problem) =>
        Problem().Match(problem) is { Success: true } m ? m.Groups["path"].Value + ": " + t[m.Groups["what"].Value] : problem;
}
