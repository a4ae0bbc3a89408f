using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketWatch.Review;

/// <summary>
/// Reads a page's filters from its query string and notes every value it cannot use, with the key and the
/// value, so the page answers 400 with its form and the problem instead of a 500 from deep in a query.
/// </summary>
public sealed class QueryReader(IQueryCollection query, Microsoft.Extensions.Localization.IStringLocalizer? t = null)
{
    /// <summary>Typed dates: dd/mm/yyyy as the team writes them, and yyyy-mm-dd (links, the CLI, old bookmarks).</summary>
    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];
    public static readonly DateOnly FirstDate = new(2000, 1, 1), LastDate = new(2099, 12, 31);
    private readonly List<string> _errors = [];
    private readonly HashSet<string> _bad = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Errors => _errors;
    public bool IsBad(string key) => _bad.Contains(key);

    /// <summary>The value as typed (for the form), or null when absent or empty.</summary>
    public string? Raw(string key)
    {
        var values = query[key];
        if (values.Count > 1) { Fail(key, "{0}: given {1} times; give it once", key, values.Count); return null; }
        return string.IsNullOrWhiteSpace(values.ToString()) ? null : values.ToString().Trim();
    }

    public string? Text(string key, int maxLength)
    {
        var raw = Raw(key);
        if (raw is null || raw.Length <= maxLength) return raw;
        Fail(key, "{0}: {1} characters, at most {2} allowed", key, raw.Length, maxLength);
        return null;
    }

    public double? Number(string key, double min, double max)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        // NaN and the infinities parse as doubles; they are not scores.
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max) return value;
        return Fail<double?>(key, "{0}: '{1}' is not a number from {2} to {3}", key, Clip(raw), min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture));
    }

    public DateOnly? Date(string key)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        if (DateOnly.TryParseExact(raw, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day >= FirstDate && day <= LastDate) return day;
        return Fail<DateOnly?>(key, "{0}: '{1}' is not a date (dd/mm/yyyy) from {2} to {3}", key, Clip(raw), FirstDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), LastDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
    }

    public bool Flag(string key) => Raw(key)?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" or "on" => true,
        var other => Fail<bool>(key, "{0}: '{1}' is not true or false", key, Clip(other)),
    };

    public long? Id(string key)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : Fail<long?>(key, "{0}: '{1}' is not a row id", key, Clip(raw));
    }

    public Keyset? Cursor(string key)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        return Keyset.TryParse(raw, out var k) ? k : Fail<Keyset?>(key, "{0}: '{1}' is not a position in the list (follow the page links)", key, Clip(raw));
    }

    /// <summary>One of the given words (case-insensitive), the first being the default.</summary>
    public string OneOf(string key, params string[] words)
    {
        var raw = Raw(key);
        if (raw is null) return words[0];
        return words.FirstOrDefault(w => w.Equals(raw, StringComparison.OrdinalIgnoreCase))
            ?? Fail<string>(key, "{0}: '{1}' is not one of {2}", key, Clip(raw), string.Join(", ", words)) ?? words[0];
    }

    /// <summary>Notes a problem with a key's value; the message (an English format, also the resource key) in the reader's language.</summary>
    public void Fail(string key, string format, params object[] args)
    {
        _bad.Add(key);
        _errors.Add(t is null ? string.Format(CultureInfo.InvariantCulture, format, args) : t[format, args]);
    }

    private T? Fail<T>(string key, string format, params object[] args)
    {
        Fail(key, format, args);
        return default;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>A position in a list ordered by a score (descending) then id: the seek key of keyset paging.</summary>
public readonly record struct Keyset(double Score, long Id)
{
    public override string ToString() => Score.ToString("R", CultureInfo.InvariantCulture) + "_" + Id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string s, out Keyset keyset)
    {
        keyset = default;
        var cut = s.LastIndexOf('_');
        if (cut <= 0 || !double.TryParse(s[..cut], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score)
            || !long.TryParse(s[(cut + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        keyset = new Keyset(score, id);
        return true;
    }
}

public static class PageResults
{
    /// <summary>The page itself (its form showing what was wrong), answered with 400.</summary>
    public static PageResult AsBadRequest(this PageResult page)
    {
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
