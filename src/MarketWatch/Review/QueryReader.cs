using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketWatch.Review;

/// <summary>
/// Reads a page's filters from its query string and notes every value it cannot use, with the key and the
/// value, so the page answers 400 with its form and the problem instead of a 500 from deep in a query.
/// </summary>
public sealed class QueryReader(IQueryCollection query)
{
    public static readonly DateOnly FirstDate = new(2000, 1, 1), LastDate = new(2099, 12, 31);
    private readonly List<string> _errors = [];
    private readonly HashSet<string> _bad = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Errors => _errors;
    public bool IsBad(string key) => _bad.Contains(key);

    /// <summary>The value as typed (for the form), or null when absent or empty.</summary>
    public string? Raw(string key)
    {
        var values = query[key];
        if (values.Count > 1) { Fail(key, $"{key}: given {values.Count} times; give it once"); return null; }
        return string.IsNullOrWhiteSpace(values.ToString()) ? null : values.ToString().Trim();
    }

    public string? Text(string key, int maxLength)
    {
        var raw = Raw(key);
        if (raw is null || raw.Length <= maxLength) return raw;
        Fail(key, $"{key}: {raw.Length} characters, at most {maxLength} allowed");
        return null;
    }

    public double? Number(string key, double min, double max)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        // NaN and the infinities parse as doubles; they are not scores.
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max) return value;
        return Fail<double?>(key, $"{key}: '{Clip(raw)}' is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    public DateOnly? Date(string key)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day >= FirstDate && day <= LastDate) return day;
        return Fail<DateOnly?>(key, $"{key}: '{Clip(raw)}' is not a date (yyyy-MM-dd) from {FirstDate:yyyy-MM-dd} to {LastDate:yyyy-MM-dd}");
    }

    public bool Flag(string key) => Raw(key)?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" or "on" => true,
        var other => Fail<bool>(key, $"{key}: '{Clip(other)}' is not true or false"),
    };

    public long? Id(string key)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : Fail<long?>(key, $"{key}: '{Clip(raw)}' is not a row id");
    }

    public Keyset? Cursor(string key)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        return Keyset.TryParse(raw, out var k) ? k : Fail<Keyset?>(key, $"{key}: '{Clip(raw)}' is not a position in the list (follow the page links)");
    }

    /// <summary>One of the given words (case-insensitive), the first being the default.</summary>
    public string OneOf(string key, params string[] words)
    {
        var raw = Raw(key);
        if (raw is null) return words[0];
        return words.FirstOrDefault(w => w.Equals(raw, StringComparison.OrdinalIgnoreCase))
            ?? Fail<string>(key, $"{key}: '{Clip(raw)}' is not one of {string.Join(", ", words)}") ?? words[0];
    }

    public void Fail(string key, string message)
    {
        _bad.Add(key);
        _errors.Add(message);
    }

    private T? Fail<T>(string key, string message)
    {
        Fail(key, message);
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
