using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Html;
using System.Text.RegularExpressions;
using MarketWatch.Detection;
using Microsoft.Extensions.Localization;

namespace MarketWatch.Review.Localisation;

/// <summary>
/// Detection reasons are stored in English (they are evidence, and the CLI and exports print them as recorded); pages
/// show them in the reader's language. Each shape the detector writes (Detector.cs, Rescoring.cs) is one pattern
/// here; a rule's reason is looked up by its text. A reason in no known shape (a configured rule's own wording) is
/// shown as stored.
/// </summary>
public static partial class ReasonText
{
    private static readonly (Regex Shape, string Format)[] Shapes =
    [
        (new(@"^classifier (?<a>[\d.]+)$"), "classifier {0}"),
        (new(@"^IMEI-like number (?<a>\d+): (?<b>[a-z-]+)$"), "IMEI-like number {0}: {1}"),
        (new(@"^valid IMEI (?<a>\d+) at Rp (?<b>[\d,]+), the price of an IMEI number \((?<c>[^)]*)\)$"), "valid IMEI {0} at {1}, the price of an IMEI number ({2})"),
        (new(@"^valid IMEI (?<a>\d+) \((?<b>.*)\)$"), "valid IMEI {0} ({1})"),
        (new(@"^valid IMEI (?<a>\d+)$"), "valid IMEI {0}"),
        (new(@"^IMEI (?<a>\d+) is a (?<b>.+) TAC but the listing names (?<c>.+) \((?<d>brand-mismatch [^)]*)\)$"), "IMEI {0} is a {1} TAC but the listing names {2} ({3})"),
        (new(@"^IMEI (?<a>\d+) is also offered in (?<b>\d+) other listing\(s\), (?<c>\d+) of them by other sellers: cloning evidence \((?<d>[^)]*)\)$"),
            "IMEI {0} is also offered in {1} other listing(s), {2} of them by other sellers: cloning evidence ({3})"),
        (new(@"^now flagged: (?<a>.*); score (?<b>[\d.]+) before, (?<c>[\d.]+) now$"), "now flagged: {0}; score {1} before, {2} now"),
        (new(@"^no longer flagged: (?<a>.*); score (?<b>[\d.]+) before, (?<c>[\d.]+) now$"), "no longer flagged: {0}; score {1} before, {2} now"),
    ];

    [GeneratedRegex(@"^(?<reason>.+?)(?<phrase>: '.*')? \((?<rule>[a-z0-9-]+ [+-]\d+\.\d)\)$")]
    private static partial Regex RuleShape();

    private static readonly HashSet<string> RuleReasons = DetectionOptions.DefaultRules().Select(r => r.Reason).ToHashSet();

    public static string Translate(IStringLocalizer t, string? reason)
    {
        if (string.IsNullOrEmpty(reason)) return "";
        foreach (var (shape, format) in Shapes)
            if (shape.Match(reason) is { Success: true } m)
                return t[format, Values(t, m)];
        if (RuleShape().Match(reason) is { Success: true } r && RuleReasons.Contains(r.Groups["reason"].Value))
            return t[r.Groups["reason"].Value] + r.Groups["phrase"].Value + " (" + r.Groups["rule"].Value + ")";
        return reason;
    }

    /// <summary>The same as markup: the seller's own words quoted and kept untranslated, the rule's name as code.</summary>
    public static IHtmlContent Html(IStringLocalizer t, string? reason)
    {
        var text = Translate(t, reason);
        if (RuleShape().Match(text) is not { Success: true } r) return new HtmlString(WebUtility.HtmlEncode(text));
        var phrase = r.Groups["phrase"].Value;
        return new HtmlString(WebUtility.HtmlEncode(r.Groups["reason"].Value)
            + (phrase.Length > 0 ? ": <q translate=\"no\">" + WebUtility.HtmlEncode(phrase[3..^1]) + "</q>" : "")
            + " (<code>" + WebUtility.HtmlEncode(r.Groups["rule"].Value) + "</code>)");
    }

    private static object[] Values(IStringLocalizer t, Match m) =>
        new[] { "a", "b", "c", "d" }.Where(g => m.Groups[g].Success).Select(g => (object)Value(t, g, m.Groups[g].Value)).ToArray();

    // Numbers in the reader's notation; an IMEI status name and a price as words and rupiah.
    private static string Value(IStringLocalizer t, string group, string v)
    {
        if (v is "valid" or "bad-check-digit" or "placeholder" or "test-tac") return t[v];
        if (group == "b" && v.Contains(',') && long.TryParse(v.Replace(",", ""), out var price)) return Display.Rupiah(price);
        if (v.Length <= 5 && v.Contains('.') && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d.ToString("0.00", CultureInfo.CurrentCulture);
        return v;
    }
}
