using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using MarketWatch.Review.Localisation;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Review.Localisation;

/// <summary>
/// What a page says to its reader, and which words give away the other language. The word lists come from the
/// resources themselves: an English word is one used in the English texts (the keys) and in no Indonesian
/// translation; an Indonesian word the other way round. So a string hard-coded in English, or one that bypasses
/// the localiser, is caught without a list to keep up to date.
/// </summary>
public static partial class PageText
{
    // Every text node and every attribute read out to a user, outside the reader's data (marked translate="no":
    // titles, descriptions, names, notes) and code (cron, commands, hashes, paths).
    private const string Collect = """
        () => {
          const skip = el => !el || el.closest('[translate=no],code,kbd,pre,script,style,[lang]:not(html)');
          const out = [document.title];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const n = walker.currentNode;
            if (skip(n.parentElement)) continue;
            const t = n.textContent.replace(/\s+/g, ' ').trim();
            if (t) out.push(t);
          }
          for (const el of document.querySelectorAll('[placeholder],[aria-label],[alt],[title],[data-row]'))
            if (!skip(el)) for (const a of ['placeholder', 'aria-label', 'alt', 'title', 'data-row']) { const v = el.getAttribute(a); if (v) out.push(v); }
          return out;
        }
        """;

    public static Task<string[]> ReadAsync(IPage page) => page.EvaluateAsync<string[]>(Collect);

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex Word();

    private static IEnumerable<string> Words(string s) => Word().Matches(s).Select(m => m.Value.ToLowerInvariant());

    // Technical words and names that both languages use as they are.
    private static readonly string[] Shared = ["imei", "tac", "sha", "html", "whatsapp", "marketwatch", "cron", "csv", "xlsx", "pdf", "json", "url", "crawl",
        "listing", "marketplace", "admin", "model", "status", "filter", "champion", "manifest", "gzip", "email", "run"];

    private static readonly Lazy<(HashSet<string> English, HashSet<string> Indonesian)> Lists = new(() =>
    {
        var set = new ResourceManager(typeof(Text)).GetResourceSet(CultureInfo.GetCultureInfo("id"), true, false)
            ?? throw new InvalidOperationException("no Indonesian resources (Text.id.resx) in the build");
        var pairs = set.Cast<DictionaryEntry>().Select(e => ((string)e.Key, (string)e.Value!)).ToList();
        var keyWords = pairs.SelectMany(p => Words(p.Item1)).ToHashSet();
        var valueWords = pairs.SelectMany(p => Words(p.Item2)).ToHashSet();
        var english = keyWords.Except(valueWords).Except(Shared).ToHashSet();
        var indonesian = valueWords.Except(keyWords).Except(Shared).ToHashSet();
        return (english, indonesian);
    });

    public static int Translations => new ResourceManager(typeof(Text)).GetResourceSet(CultureInfo.GetCultureInfo("id"), true, false)!.Cast<object>().Count();

    /// <summary>Each piece of text that is in the wrong language for the page, or marked as having no translation.</summary>
    /// <param name="data">Names and titles that are the reader's data, not the page's words, where no markup can mark them (the
    /// window title, an aria-label): taken out before the check. Web addresses are taken out too.</param>
    public static IEnumerable<string> Foreign(IEnumerable<string> texts, bool indonesianPage, IEnumerable<string> data)
    {
        var wrong = indonesianPage ? Lists.Value.English : Lists.Value.Indonesian;
        var known = data.OrderByDescending(d => d.Length).ToList();
        foreach (var text in texts)
        {
            var t = Url().Replace(known.Aggregate(text, (s, d) => s.Replace(d, " ")), " ");
            if (t.Contains(MarkingLocalizerFactory.Open)) { yield return "untranslated: " + t; continue; }
            var bad = Words(t).Where(wrong.Contains).Distinct().ToList();
            if (bad.Count > 0) yield return $"'{t}' ({string.Join(", ", bad)})";
        }
    }
}
