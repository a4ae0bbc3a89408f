using System.Globalization;
using MarketWatch.Crawling;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MarketWatch.Exports;

/// <summary>
/// The takedown request as a PDF: the covering letter, a summary table, then one page per listing with its screenshot,
/// URL, capture time and hashes. Listing pages are written as rows stream past; the letter and the table, which need
/// the count, are inserted in front at the end. (PDFsharp keeps the document in memory: a weekly request, not a dump.)
/// </summary>
/// <remarks>A capture kept as a snapshot is drawn through <paramref name="pictures"/>; without one, only pictures already drawn are shown.</remarks>
public sealed class PdfTakedown(ExportOptions options, EvidenceStore evidence, CultureInfo? language = null, SnapshotRenderer? pictures = null)
{
    // The letter is the configured template (Exports:LetterTemplate, Indonesian: it goes to Indonesian platforms); the
    // PDF's own labels follow the asked language: English when asked, else Indonesian as before (issue 17).
    private readonly bool _english = language?.TwoLetterISOLanguageName == "en";
    private string L(string english, string indonesian) => _english ? english : indonesian;
    private CultureInfo Numbers => _english ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("id-ID");

    private const double Margin = 50, Width = 595 - 2 * Margin, Bottom = 842 - Margin;
    private readonly XFont _body = new(PdfFonts.Family, 9.5), _small = new(PdfFonts.Family, 7.5), _bold = new(PdfFonts.Family, 10, XFontStyleEx.Bold),
        _title = new(PdfFonts.Family, 13, XFontStyleEx.Bold);

    /// <summary>Titles longer than this are cut for the letter (a seller can write pages of keywords); CSV and XLSX keep them whole.</summary>
    public const int MaxTitle = 300;

    public static string DisplayTitle(string title)
    {
        if (title.Length <= MaxTitle) return title;
        var n = char.IsHighSurrogate(title[MaxTitle - 1]) ? MaxTitle - 1 : MaxTitle;   // never half an emoji
        return title[..n] + "…";
    }

    private sealed record Summary(int Number, string ProductId, string Title, string? Seller, long? Price, DateTime? DecidedAt);

    public async Task<int> WriteAsync(Stream output, string marketplace, string period, IAsyncEnumerable<TakedownRow> rows, DateTime generatedUtc, CancellationToken ct)
    {
        using var document = new PdfDocument();
        document.Info.Title = L("Takedown request", "Permintaan takedown") + $": {marketplace}";
        document.Info.Creator = "MarketWatch";
        var summary = new List<Summary>();
        var images = new Dictionary<string, XImage>();
        await foreach (var row in rows.WithCancellation(ct))
        {
            summary.Add(new Summary(summary.Count + 1, row.ProductId, DisplayTitle(row.Title), row.SellerName, row.PriceIdr, row.DecidedAt));
            await ListingPageAsync(document, summary.Count, row, images, ct);
        }
        var front = 0;
        var letter = TakedownLetter.Render(options, marketplace, summary.Count, period, generatedUtc);
        var page = new Writer(() => document.InsertPage(front++));
        page.Line(letter.Subject, _title, 20);
        foreach (var paragraph in letter.Paragraphs) page.Paragraph(paragraph, _body);
        page.NewPage();
        page.Line(L($"Summary: {summary.Count} link(s) on {marketplace} ({period})", $"Ringkasan: {summary.Count} tautan di {marketplace} ({period})"), _title, 18);
        page.Table(_english ? ["No", "Product id", "Title", "Seller", "Price (Rp)", "Decided (UTC)"] : ["No", "ID produk", "Judul", "Penjual", "Harga (Rp)", "Diputuskan (UTC)"], [28, 70, 200, 90, 55, 52],
            summary.Select(s => new[] { s.Number.ToString(CultureInfo.InvariantCulture), s.ProductId, s.Title, s.Seller ?? "", s.Price?.ToString("N0", Numbers) ?? "", s.DecidedAt is { } d ? FormulaGuard.Utc(d)[..16].Replace('T', ' ') : "" }),
            _small, _bold);
        if (summary.Count == 0) page.Paragraph(L("No link was confirmed in this period.", "Tidak ada tautan yang dikonfirmasi pada periode ini."), _body);
        page.Dispose();
        document.Save(output, closeStream: false);
        return summary.Count;
    }

    /// <summary>One listing's annex page; the case dossier (Cases/DossierPdf.cs) draws its listings with it too.</summary>
    internal async Task ListingPageAsync(PdfDocument document, int number, TakedownRow row, Dictionary<string, XImage> images, CancellationToken ct)
    {
        using var page = new Writer(document.AddPage);
        page.Line(L("Annex", "Lampiran") + $" {number}: {row.Marketplace} {row.ProductId}", _title, 18);
        page.Paragraph(DisplayTitle(row.Title), _bold);
        if (row.Title.Length > MaxTitle) page.Paragraph(L($"Title shortened: {row.Title.Length.ToString("N0", Numbers)} characters; the full text is in the CSV/XLSX export.", $"Judul dipersingkat: {row.Title.Length.ToString("N0", Numbers)} karakter; teks lengkapnya ada di ekspor CSV/XLSX."), _small);
        void Field(string label, string? value) { if (!string.IsNullOrEmpty(value)) page.Paragraph($"{label}: {value}", _body, after: 2); }
        Field(L("Link", "Tautan"), row.Url);
        Field(L("Seller", "Penjual"), row.SellerName is null ? null : $"{row.SellerName} {row.SellerUrl}".Trim());
        Field(L("Price", "Harga"), row.PriceIdr?.ToString("N0", Numbers) is { } p ? "Rp " + p : null);
        Field(L("First / last seen (UTC)", "Pertama / terakhir terlihat (UTC)"), $"{FormulaGuard.Utc(row.FirstSeenAt)} / {FormulaGuard.Utc(row.LastSeenAt)}");
        Field(L("Reason", "Alasan"), row.Reason);
        Field(L("Reviewer", "Peninjau"), row.Reviewer is null ? null : $"{row.Reviewer}, {(row.DecidedAt is { } d ? FormulaGuard.Utc(d) : "")}");
        Field(L("Evidence: page", "Bukti: halaman"), row.EvidenceUrl);
        Field(L("Evidence: captured (UTC)", "Bukti: waktu pengambilan (UTC)"), row.CapturedAt is { } c ? FormulaGuard.Utc(c) : L("no evidence stored", "tidak ada bukti tersimpan"));
        Field(L("HTML SHA-256", "SHA-256 HTML"), row.HtmlSha256);
        Field(L("Page snapshot SHA-256 (MHTML)", "SHA-256 snapshot halaman (MHTML)"), row.SnapshotSha256);
        if (row.SnapshotSha256 is not null) page.Paragraph(L("The picture below is drawn from that snapshot, whose hash was checked.", "Gambar di bawah digambar dari snapshot tersebut, yang hash-nya telah diperiksa."), _small);
        else Field(L("Screenshot SHA-256", "SHA-256 tangkapan layar"), row.ScreenshotSha256);
        if (row.ScreenshotPath is null && (row.SnapshotSha256 is null || pictures is null)) return;
        try
        {
            var bytes = pictures is not null && row.EvidenceId is { } id ? await pictures.PictureAsync(id, ct)
                : await evidence.ReadScreenshotAsync(new Data.EvidenceCapture
                {
                    Url = row.EvidenceUrl ?? "", UserAgent = "", HtmlPath = "", HtmlSha256 = "", ScreenshotPath = row.ScreenshotPath, ScreenshotSha256 = row.ScreenshotSha256,
                    CapturedAt = row.CapturedAt ?? default,
                }, ct);
            if (bytes is null) return;
            // A page's picture is shared by the listings flagged on it: embedded once per document, each page
            // drawing only its listing's card (the file, and its hash, stay whole).
            var key = EvidenceStore.Hex(System.Security.Cryptography.SHA256.HashData(bytes));
            if (!images.TryGetValue(key, out var image))
                images[key] = image = XImage.FromStream(new MemoryStream(bytes));
            page.Image(image, row.Box);
        }
        catch (Exception e) when (e is EvidenceTamperedException or SnapshotDrawException or InvalidOperationException or ArgumentException)
        {
            // A report still goes out, saying plainly that this screenshot cannot be vouched for.
            page.Paragraph(L("The screenshot cannot be attached: ", "Tangkapan layar tidak dapat dilampirkan: ") + e.Message, _body);
        }
    }

    /// <summary>Top-to-bottom text layout on A4, starting a new page (from <paramref name="newPage"/>) when one is full.</summary>
    internal sealed class Writer(Func<PdfPage> newPage) : IDisposable
    {
        private XGraphics? _gfx;
        private double _y;

        private XGraphics Gfx
        {
            get
            {
                if (_gfx is not null) return _gfx;
                var page = newPage();
                page.Size = PdfSharp.PageSize.A4;
                _y = Margin;
                return _gfx = XGraphics.FromPdfPage(page);
            }
        }

        public void NewPage() { _gfx?.Dispose(); _gfx = null; }

        private void Room(double height) { _ = Gfx; if (_y + height > Bottom && _y > Margin) { NewPage(); _ = Gfx; } }

        public void Line(string text, XFont font, double after = 4)
        {
            Room(font.Height);
            Gfx.DrawString(text, font, XBrushes.Black, new XRect(Margin, _y, Width, font.Height), XStringFormats.TopLeft);
            _y += font.Height + after;
        }

        public void Paragraph(string text, XFont font, double after = 8)
        {
            foreach (var line in text.Split('\n').SelectMany(l => Wrap(l, font, Width))) Line(line, font, 0);
            _y += after;
        }

        public void Table(string[] headers, double[] widths, IEnumerable<string[]> rows, XFont font, XFont headFont)
        {
            void Row(string[] cells, XFont f)
            {
                Room(f.Height + 3);
                var x = Margin;
                for (var i = 0; i < cells.Length; i++)
                {
                    Gfx.DrawString(Clip(cells[i], f, widths[i] - 4), f, XBrushes.Black, new XRect(x, _y, widths[i] - 4, f.Height), XStringFormats.TopLeft);
                    x += widths[i];
                }
                _y += f.Height + 3;
            }
            Row(headers, headFont);
            foreach (var r in rows) Row(r, font);
            _y += 8;
        }

        /// <summary>The image, or only its <paramref name="box"/> (in the image's pixels) when one is given, scaled to fit.</summary>
        public void Image(XImage image, Data.EvidenceBox? box = null)
        {
            var perPixel = image.PointWidth / image.PixelWidth;
            var source = box is { } b ? new XRect(b.X * perPixel, b.Y * perPixel, b.Width * perPixel, b.Height * perPixel) : new XRect(0, 0, image.PointWidth, image.PointHeight);
            // A card is small: drawn up to twice its size, so its text reads on paper.
            var most = box is null ? 1 : 2;
            var scale = Math.Min(most, Math.Min(Width / source.Width, (Bottom - _y) / source.Height));
            if (scale < 0.25) { NewPage(); scale = Math.Min(most, Math.Min(Width / source.Width, (Bottom - Margin) / source.Height)); }
            var target = new XRect(Margin, _y, source.Width * scale, source.Height * scale);
            if (box is null) Gfx.DrawImage(image, target);
            else Gfx.DrawImage(image, target, source, XGraphicsUnit.Point);
            _y += target.Height + 8;
        }

        // Greedy wrapping on summed character widths: each character is measured once (cached), so a line costs
        // its length and a 9,000-character title no longer costs a measurement of every prefix of every line.
        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            var line = new System.Text.StringBuilder();
            var lineWidth = 0.0;
            var space = Measure(" ", font);
            foreach (var word in text.Split(' '))
            {
                var wordWidth = Measure(word, font);
                var joined = line.Length == 0 ? wordWidth : lineWidth + space + wordWidth;
                if (joined <= width) { (line.Length > 0 ? line.Append(' ') : line).Append(word); lineWidth = joined; continue; }
                if (line.Length > 0) { yield return line.ToString(); line.Clear(); lineWidth = 0; }
                if (wordWidth <= width) { line.Append(word); lineWidth = wordWidth; continue; }
                // A URL or hash longer than the line is broken by characters.
                foreach (var unit in Units(word))
                {
                    var w = Measure(unit, font);
                    if (line.Length > 0 && lineWidth + w > width) { yield return line.ToString(); line.Clear(); lineWidth = 0; }
                    line.Append(unit);
                    lineWidth += w;
                }
            }
            yield return line.ToString();
        }

        private string Clip(string text, XFont font, double width)
        {
            text = text.ReplaceLineEndings(" ");
            if (Measure(text, font) <= width) return text;
            var room = width - Measure("…", font);
            var clipped = new System.Text.StringBuilder();
            foreach (var unit in Units(text))
            {
                if ((room -= Measure(unit, font)) < 0) break;
                clipped.Append(unit);
            }
            return clipped.Append('…').ToString();
        }

        private readonly Dictionary<(XFont, string), double> _widths = [];

        private double Measure(string text, XFont font)
        {
            var total = 0.0;
            foreach (var unit in Units(text))
            {
                if (!_widths.TryGetValue((font, unit), out var w)) _widths[(font, unit)] = w = Gfx.MeasureString(unit, font).Width;
                total += w;
            }
            return total;
        }

        // Characters, keeping a surrogate pair (an emoji) together.
        private static IEnumerable<string> Units(string text)
        {
            for (var i = 0; i < text.Length; i++)
                yield return char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? text.Substring(i++, 2) : text[i].ToString();
        }

        public void Dispose() => NewPage();
    }
}
