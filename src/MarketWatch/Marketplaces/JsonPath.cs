using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MarketWatch.Marketplaces;

/// <summary>
/// The small JSONPath-like language of capture field maps: <c>$.data.items[*]</c>, <c>shop.name</c>, <c>images[0]</c>,
/// <c>labelGroups[position=integrity].title</c>. A leading <c>$</c> is the document (item paths); without it a path
/// starts at the item. Steps: <c>.name</c>, <c>[*]</c> (every element), <c>[N]</c> (an index), <c>[key=value]</c>
/// (the elements whose property equals value). No recursion and no expressions: a path is read, not run.
/// </summary>
public sealed class JsonPath
{
    private abstract record Step;
    private sealed record Property(string Name) : Step;
    private sealed record Every : Step;
    private sealed record Index(int At) : Step;
    private sealed record Where(string Key, string Value) : Step;

    private readonly IReadOnlyList<Step> _steps;
    public string Text { get; }

    private JsonPath(string text, IReadOnlyList<Step> steps) => (Text, _steps) = (text, steps);

    /// <summary>The path, or an exception whose message says where it is wrong.</summary>
    public static JsonPath Parse(string text)
    {
        var s = text.Trim();
        var steps = new List<Step>();
        var i = 0;
        if (s.StartsWith('$')) i = 1;
        else if (s.Length > 0 && s[0] != '[') s = "." + s;   // "shop.name" reads as ".shop.name"
        while (i < s.Length)
        {
            if (s[i] == '.')
            {
                var start = ++i;
                while (i < s.Length && s[i] != '.' && s[i] != '[') i++;
                if (i == start) throw new FormatException($"'{text}': empty property name at {start}");
                steps.Add(new Property(s[start..i]));
            }
            else if (s[i] == '[')
            {
                var end = s.IndexOf(']', i);
                if (end < 0) throw new FormatException($"'{text}': '[' at {i} is not closed");
                var inner = s[(i + 1)..end].Trim();
                if (inner == "*") steps.Add(new Every());
                else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) steps.Add(new Index(n));
                else if (inner.IndexOf('=') is var eq and > 0) steps.Add(new Where(inner[..eq].Trim(), inner[(eq + 1)..].Trim().Trim('\'', '"')));
                else throw new FormatException($"'{text}': '[{inner}]' is not [*], [N] or [key=value]");
                i = end + 1;
            }
            else throw new FormatException($"'{text}': unexpected '{s[i]}' at {i}");
        }
        return new JsonPath(text.Trim(), steps);
    }

    /// <summary>Every value the path reaches from the element, in document order.</summary>
    public IEnumerable<JsonElement> Select(JsonElement from)
    {
        IEnumerable<JsonElement> current = [from];
        foreach (var step in _steps) current = current.SelectMany(e => Apply(step, e));
        return current;
    }

    private static IEnumerable<JsonElement> Apply(Step step, JsonElement e)
    {
        switch (step)
        {
            case Property p when e.ValueKind == JsonValueKind.Object && e.TryGetProperty(p.Name, out var v):
                yield return v;
                break;
            case Every when e.ValueKind == JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) yield return item;
                break;
            case Index x when e.ValueKind == JsonValueKind.Array:
                var at = x.At < 0 ? e.GetArrayLength() + x.At : x.At;
                if (at >= 0 && at < e.GetArrayLength()) yield return e[at];
                break;
            case Where w when e.ValueKind == JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(w.Key, out var k) && Scalar(k) == w.Value) yield return item;
                break;
        }
    }

    /// <summary>A scalar as listing text: strings cleaned, whole numbers without a decimal point (so "99000.0" is not read as 990,000).</summary>
    public static string? Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => ListingExtractor.Clean(v.GetString()),
        JsonValueKind.Number => Number(v.GetDecimal()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    internal static string Number(decimal d) => d == decimal.Truncate(d)
        ? decimal.Truncate(d).ToString(CultureInfo.InvariantCulture)
        : d.ToString("0.##########", CultureInfo.InvariantCulture);

    public override string ToString() => Text;
}

/// <summary>
/// One field of a capture field map: alternatives separated by <c>??</c>, the first that gives a value wins. Each is a
/// path (<c>shop.name</c>), a path scaled down (<c>price / 100000</c>: Shopee counts rupiah in hundred-thousandths), or a
/// template whose <c>{path}</c> placeholders are filled from the item and <c>{base}</c> from the marketplace's base URL
/// (<c>{base}/product/{shopid}/{itemid}</c>); a template with a placeholder that has no value gives nothing.
/// </summary>
public sealed class FieldExpression
{
    private sealed record Alternative(JsonPath? Path, IReadOnlyList<object>? Template, decimal Divisor);

    private readonly IReadOnlyList<Alternative> _alternatives;
    public string Text { get; }

    private FieldExpression(string text, IReadOnlyList<Alternative> alternatives) => (Text, _alternatives) = (text, alternatives);

    public static FieldExpression Parse(string text) =>
        new(text, text.Split("??").Select(a => ParseAlternative(a.Trim(), text)).ToList());

    private static Alternative ParseAlternative(string a, string whole)
    {
        if (a.Length == 0) throw new FormatException($"'{whole}': empty alternative");
        var divisor = 1m;
        if (!a.Contains('{') && a.LastIndexOf(" / ", StringComparison.Ordinal) is var slash and > 0)
        {
            if (!decimal.TryParse(a[(slash + 3)..].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out divisor) || divisor == 0)
                throw new FormatException($"'{whole}': '{a[(slash + 3)..].Trim()}' is not a divisor");
            a = a[..slash].Trim();
        }
        if (!a.Contains('{')) return new Alternative(JsonPath.Parse(a), null, divisor);
        var parts = new List<object>();
        var i = 0;
        while (i < a.Length)
        {
            var open = a.IndexOf('{', i);
            if (open < 0) { parts.Add(a[i..]); break; }
            if (open > i) parts.Add(a[i..open]);
            var close = a.IndexOf('}', open);
            if (close < 0) throw new FormatException($"'{whole}': '{{' at {open} is not closed");
            var name = a[(open + 1)..close].Trim();
            parts.Add(name == "base" ? BasePlaceholder : JsonPath.Parse(name));
            i = close + 1;
        }
        return new Alternative(null, parts, 1m);
    }

    private static readonly object BasePlaceholder = new();

    /// <summary>The field's text for one item, or null.</summary>
    public string? Read(JsonElement item, string baseUrl)
    {
        foreach (var alt in _alternatives)
        {
            if (alt.Path is { } path)
            {
                var value = path.Select(item).Select(JsonPath.Scalar).FirstOrDefault(v => v is not null);
                if (value is null) continue;
                if (alt.Divisor != 1m)
                {
                    if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)) continue;
                    value = JsonPath.Number(decimal.Round(n / alt.Divisor, 2));
                }
                return value;
            }
            var text = new StringBuilder();
            var complete = true;
            foreach (var part in alt.Template!)
            {
                var piece = part switch
                {
                    string literal => literal,
                    JsonPath p => p.Select(item).Select(JsonPath.Scalar).FirstOrDefault(v => v is not null),
                    _ => baseUrl.TrimEnd('/'),
                };
                if (piece is null) { complete = false; break; }
                text.Append(piece);
            }
            if (complete) return text.ToString();
        }
        return null;
    }

    public override string ToString() => Text;
}
