using System.Globalization;

namespace MarketWatch.Exports;

/// <summary>
/// Cell text as a spreadsheet receives it. Seller-written text that starts with = + - @ tab or CR would be run as a
/// formula by Excel or LibreOffice (OWASP "CSV injection"): it gets a leading apostrophe, the conventional marker of
/// literal text, so the title stays readable and nothing executes.
/// </summary>
public static class FormulaGuard
{
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Invariant, unambiguous text of a cell: numbers with a dot, times in UTC ISO 8601.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        DateTime d => Utc(d),
        double x => x.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Utc(DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Only strings are seller-controlled; numbers (a negative one included) are written as numbers.</summary>
    public static string SafeText(object? value) => value is string s ? Neutralise(s) : Text(value);
}
