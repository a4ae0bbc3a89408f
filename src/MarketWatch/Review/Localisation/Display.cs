using System.Globalization;

namespace MarketWatch.Review.Localisation;

/// <summary>
/// Times, days, rupiah and counts as the reader of the current culture writes them. Stored times are UTC; pages show
/// them in Review:TimeZone with the zone named (WIB), because a reviewer in Jakarta reads "18:00 WIB", not "11:00 UTC".
/// </summary>
public sealed class Display(ReviewOptions options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    /// <summary>WIB, WITA or WIT for Indonesia's zones, UTC, else the offset.</summary>
    public string ZoneName => Zone.Id switch
    {
        "Asia/Jakarta" or "Asia/Pontianak" or "SE Asia Standard Time" => "WIB",
        "Asia/Makassar" => "WITA",
        "Asia/Jayapura" => "WIT",
        "UTC" or "Etc/UTC" or "Coordinated Universal Time" => "UTC",
        _ => "UTC" + Zone.BaseUtcOffset.ToString(@"\+hh\:mm"),
    };

    private static CultureInfo C => CultureInfo.CurrentCulture;
    // Literal separators: id-ID's own time separator is a dot (18.00), but the team and the issue write 18:00.
    private const string DayFormat = "dd'/'MM'/'yyyy", Stamp = DayFormat + " HH':'mm";

    /// <summary>The UTC instant a day of the zone begins: how a day typed by a person selects stored (UTC) times.</summary>
    public static DateTime DayStartUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), zone);

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>dd/MM/yyyy HH:mm WIB (with seconds when asked).</summary>
    public string Time(DateTime utc, bool seconds = false) => Local(utc).ToString(seconds ? Stamp + "':'ss" : Stamp, C) + " " + ZoneName;
    public string Time(DateTime? utc, bool seconds = false) => utc is { } t ? Time(t, seconds) : "–";
    public string Time(DateTimeOffset? at, bool seconds = false) => at is { } t ? Time(t.UtcDateTime, seconds) : "–";

    /// <summary>The local day of a UTC time, dd/MM/yyyy.</summary>
    public string Day(DateTime utc) => Local(utc).ToString(DayFormat, C);
    public static string Day(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    /// <summary>Rp150.000 in Indonesian, Rp150,000 in English: no space, the culture's group separator.</summary>
    public static string Rupiah(long idr) => "Rp" + idr.ToString("N0", C);
    public static string Rupiah(long? idr) => idr is { } v ? Rupiah(v) : "–";

    public static string Number(long n) => n.ToString("N0", C);

    /// <summary>A score, with the culture's decimal separator (0,97 / 0.97).</summary>
    public static string Score(double s, int digits = 2) => s.ToString("F" + digits, C);

    /// <summary>Large counts the way marketplaces print them: 1,2rb and 3,4jt in Indonesian, 1.2k and 3.4M in English.</summary>
    public static string Short(long n)
    {
        var id = C.TwoLetterISOLanguageName == "id";
        if (n < 1000) return n.ToString(C);
        var (value, unit) = n < 1_000_000 ? (n / 1000.0, id ? "rb" : "k") : (n / 1_000_000.0, id ? "jt" : "M");
        return (Math.Floor(value * 10) / 10).ToString("0.#", C) + unit;   // floored: "1,2rb" never means fewer than 1.200
    }
}
