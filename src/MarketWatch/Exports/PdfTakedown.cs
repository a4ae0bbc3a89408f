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
public sealed class PdfTakedown(ExportOptions options, EvidenceStore evidence)
{
    private const double Margin = 50, Width = 595 - 2 * Margin, Bottom = 842 - Margin;
    private readonly XFont _body = new(PdfFonts.Family, 9.5), _small = new(PdfFonts.Family, 7.5), _bold = new(PdfFonts.Family, 10, XFontStyleEx.Bold),
        _title = new(PdfFonts.Family, 13, XFontStyleEx.Bold);

    private sealed record Summary(int Number, string ProductId, string Title, string? Seller, long? Price, DateTime? DecidedAt);

    public async Task<int> WriteAsync(Stream output, string marketplace, string period, IAsyncEnumerable<TakedownRow> rows, DateTime generatedUtc, CancellationToken ct)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"Takedown request: {marketplace}";
        document.Info.Creator = "MarketWatch";
        var summary = new List<Summary>();
        var images = new Dictionary<string, XImage>();
        await foreach (var row in rows.WithCancellation(ct))
        {
            summary.Add(new Summary(summary.Count + 1, row.ProductId, row.Title, row.SellerName, row.PriceIdr, row.DecidedAt));
            await ListingPageAsync(document, summary.Count, row, images, ct);
        }
        var front = 0;
        var letter = TakedownLetter.Render(options, marketplace, summary.Count, period, generatedUtc);
        var page = new Writer(() => document.InsertPage(front++));
        page.Line(letter.Subject, _title, 20);
        foreach (var paragraph in letter.Paragraphs) page.Paragraph(paragraph, _body);
        page.NewPage();
        page.Line($"Ringkasan: {summary.Count} tautan di {marketplace} ({period})", _title, 18);
        page.Table(["No", "ID produk", "Judul", "Penjual", "Harga (Rp)", "Diputuskan (UTC)"], [28, 70, 200, 90, 55, 52],
            summary.Select(s => new[] { s.Number.ToString(CultureInfo.InvariantCulture), s.ProductId, s.Title, s.Seller ?? "", s.Price?.ToString("N0", CultureInfo.GetCultureInfo("id-ID")) ?? "", s.DecidedAt is { } d ? FormulaGuard.Utc(d)[..16].Replace('T', ' ') : "" }),
            _small, _bold);
        if (summary.Count == 0) page.Paragraph("Tidak ada tautan yang dikonfirmasi pada periode ini.", _body);
        page.Dispose();
        document.Save(output, closeStream: false);
        return summary.Count;
    }

    private async Task ListingPageAsync(PdfDocument document, int number, TakedownRow row, Dictionary<string, XImage> images, CancellationToken ct)
    {
        using var page = new Writer(document.AddPage);
        page.Line($"Lampiran {number}: {row.Marketplace} {row.ProductId}", _title, 18);
        page.Paragraph(row.Title, _bold);
        void Field(string label, string? value) { if (!string.IsNullOrEmpty(value)) page.Paragraph($"{label}: {value}", _body, after: 2); }
        Field("Tautan", row.Url);
        Field("Penjual", row.SellerName is null ? null : $"{row.SellerName} {row.SellerUrl}".Trim());
        Field("Harga", row.PriceIdr?.ToString("N0", CultureInfo.GetCultureInfo("id-ID")) is { } p ? "Rp " + p : null);
        Field("Pertama / terakhir terlihat (UTC)", $"{FormulaGuard.Utc(row.FirstSeenAt)} / {FormulaGuard.Utc(row.LastSeenAt)}");
        Field("Alasan", row.Reason);
        Field("Peninjau", row.Reviewer is null ? null : $"{row.Reviewer}, {(row.DecidedAt is { } d ? FormulaGuard.Utc(d) : "")}");
        Field("Bukti: halaman", row.EvidenceUrl);
        Field("Bukti: waktu pengambilan (UTC)", row.CapturedAt is { } c ? FormulaGuard.Utc(c) : "tidak ada bukti tersimpan");
        Field("SHA-256 HTML", row.HtmlSha256);
        Field("SHA-256 tangkapan layar", row.ScreenshotSha256);
        if (row.ScreenshotPath is null) return;
        try
        {
            var bytes = await evidence.ReadScreenshotAsync(new Data.EvidenceCapture
            {
                Url = row.EvidenceUrl ?? "", UserAgent = "", HtmlPath = "", HtmlSha256 = "", ScreenshotPath = row.ScreenshotPath, ScreenshotSha256 = row.ScreenshotSha256,
                CapturedAt = row.CapturedAt ?? default,
            }, ct);
            // A page screenshot is shared by the listings flagged on it: embedded once per document, each page
            // drawing only its listing's card (the file, and its hash, stay whole).
            if (!images.TryGetValue(row.ScreenshotSha256!, out var image))
                images[row.ScreenshotSha256!] = image = XImage.FromStream(new MemoryStream(bytes!));
            page.Image(image, row.Box);
        }
        catch (Exception e) when (e is EvidenceTamperedException or InvalidOperationException or ArgumentException)
        {
            // A report still goes out, saying plainly that this screenshot cannot be vouched for.
            page.Paragraph("Tangkapan layar tidak dapat dilampirkan: " + e.Message, _body);
        }
    }

    /// <summary>Top-to-bottom text layout on A4, starting a new page (from <paramref name="newPage"/>) when one is full.</summary>
    private sealed class Writer(Func<PdfPage> newPage) : IDisposable
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

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            var line = "";
            foreach (var word in text.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Gfx.MeasureString(candidate, font).Width <= width) { line = candidate; continue; }
                if (line.Length > 0) yield return line;
                line = word;
                // A URL or hash longer than the line is broken by characters.
                while (Gfx.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var n = line.Length - 1;
                    while (n > 1 && Gfx.MeasureString(line[..n], font).Width > width) n--;
                    yield return line[..n];
                    line = line[n..];
                }
            }
            yield return line;
        }

        private string Clip(string text, XFont font, double width)
        {
            text = text.ReplaceLineEndings(" ");
            if (Gfx.MeasureString(text, font).Width <= width) return text;
            var n = text.Length;
            while (n > 0 && Gfx.MeasureString(text[..n] + "…", font).Width > width) n--;
            return text[..n] + "…";
        }

        public void Dispose() => NewPage();
    }
}
