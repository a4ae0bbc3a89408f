using System.Globalization;

namespace MarketWatch.Exports;

/// <summary>The covering letter of a takedown PDF: the configured template with its placeholders filled.</summary>
public sealed record TakedownLetter(string Subject, IReadOnlyList<string> Paragraphs)
{
    public const string DefaultTemplate =
        "Kepada Yth. Tim Kepatuhan dan Keamanan {marketplace},\n\n" +
        "Bersama surat ini, {sender} menyampaikan {count} tautan penawaran di platform {marketplace} yang menjual " +
        "nomor IMEI terdaftar atau jasa buka blokir, registrasi dan injeksi IMEI. Penawaran tersebut melanggar ketentuan " +
        "pendaftaran IMEI perangkat seluler dan telah diperiksa serta dikonfirmasi oleh peninjau kami pada periode {period}.\n\n" +
        "Kami memohon agar tautan-tautan tersebut diturunkan (takedown) dan penjualnya ditindaklanjuti sesuai kebijakan " +
        "platform. Rincian setiap tautan, beserta tangkapan layar, waktu pengambilan dan nilai hash SHA-256 bukti, terlampir " +
        "pada halaman berikut.\n\n" +
        "Atas perhatian dan kerja samanya kami ucapkan terima kasih.\n\n" +
        "Jakarta, {date}\n{sender}\n{contact}";

    public static TakedownLetter Render(ExportOptions options, string marketplace, int count, string period, DateTime generatedUtc)
    {
        var culture = CultureInfo.GetCultureInfo(options.Culture);
        var local = TimeZoneInfo.ConvertTimeFromUtc(generatedUtc, options.Zone);
        var values = new Dictionary<string, string>
        {
            ["{marketplace}"] = marketplace, ["{count}"] = count.ToString(culture), ["{period}"] = period,
            ["{date}"] = local.ToString("d MMMM yyyy", culture), ["{sender}"] = options.SenderOrganisation, ["{contact}"] = options.SenderContact,
        };
        string Fill(string text) => values.Aggregate(text, (t, v) => t.Replace(v.Key, v.Value));
        var body = Fill(options.LetterTemplate.Replace("\r\n", "\n"));
        return new TakedownLetter(Fill(options.LetterSubject), body.Split("\n\n").Select(p => p.Trim('\n')).Where(p => p.Length > 0).ToList());
    }

    /// <summary>"1 Desember 2026 – 7 Desember 2026", open ends in words.</summary>
    public static string Period(ExportOptions options, DateOnly? since, DateOnly? until)
    {
        var culture = CultureInfo.GetCultureInfo(options.Culture);
        string Day(DateOnly d) => d.ToString("d MMMM yyyy", culture);
        return (since, until) switch
        {
            (null, null) => "seluruh waktu pemantauan",
            ({ } s, null) => $"sejak {Day(s)}",
            (null, { } u) => $"sampai dengan {Day(u)}",
            ({ } s, { } u) => $"{Day(s)} – {Day(u)}",
        };
    }
}
