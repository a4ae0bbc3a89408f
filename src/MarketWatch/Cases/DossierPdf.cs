using System.Globalization;
using MarketWatch.Crawling;
using MarketWatch.Exports;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MarketWatch.Cases;

/// <summary>
/// The dossier as a PDF for investigators: the network's summary, accounts per marketplace, contacts, IMEIs with TAC
/// brand/model, the links with their evidence, the timeline with reviewers, then one page per listing with its
/// screenshot and hashes, drawn exactly as a takedown request's annex (PdfTakedown), so both documents show evidence
/// one way. In English, like the command line: it goes to investigators, not to a platform.
/// </summary>
public sealed class DossierPdf(ExportOptions options, EvidenceStore evidence, SnapshotRenderer? pictures = null)
{
    public async Task<int> WriteAsync(Stream output, Dossier d, DateTime generatedUtc, CancellationToken ct)
    {
        PdfFonts.Install(options);
        XFont body = new(PdfFonts.Family, 9.5), small = new(PdfFonts.Family, 7.5), bold = new(PdfFonts.Family, 8, XFontStyleEx.Bold),
            title = new(PdfFonts.Family, 13, XFontStyleEx.Bold), heading = new(PdfFonts.Family, 11, XFontStyleEx.Bold);
        using var document = new PdfDocument();
        document.Info.Title = $"Case {d.CaseId}: network dossier";
        document.Info.Creator = "MarketWatch";
        var s = d.Summary;
        using (var page = new PdfTakedown.Writer(document.AddPage))
        {
            page.Line($"Case {d.CaseId}: network dossier", title, 10);
            page.Paragraph($"Generated {FormulaGuard.Utc(generatedUtc)} by MarketWatch {Manifest.AppVersion}. {s.Listings} listing(s) by {s.Sellers} seller account(s) on "
                + $"{s.Marketplaces} marketplace(s): {s.Open} open, {s.Confirmed} confirmed, {s.Dismissed} dismissed; {s.SharedImeis} IMEI(s) offered by two or more of them. "
                + $"Seen {FormulaGuard.Utc(s.FirstSeenAt)} to {FormulaGuard.Utc(s.LastSeenAt)}. Risk {s.Risk}.", body);
            void Section(string name, string[] headers, double[] widths, IEnumerable<string[]> rows, string none)
            {
                page.Line(name, heading, 6);
                var list = rows.ToList();
                if (list.Count == 0) page.Paragraph(none, body);
                else page.Table(headers, widths, list, small, bold);
            }
            Section("Accounts", ["Marketplace", "Seller", "Shop URL", "Location", "Listings"], [70, 120, 170, 90, 45],
                d.Accounts.Select(a => new[] { a.Marketplace, a.Name, a.Url ?? "", a.Location ?? "", N(a.Listings) }), "No seller account recorded.");
            Section("Contacts", ["Kind", "Value", "Listings"], [70, 300, 60], d.Contacts.Select(c => new[] { c.Kind, c.Value, N(c.Listings) }), "No contact found in the texts.");
            Section("IMEIs", ["IMEI", "TAC", "Brand", "Model", "Listings"], [100, 70, 90, 180, 55],
                d.Imeis.Select(i => new[] { i.Imei, i.Tac, i.Brand ?? "unknown TAC", i.Model ?? "", N(i.Listings) }), "No valid IMEI in these listings.");
            Section("Links", ["Listing", "Linked to", "Kind", "Evidence"], [50, 55, 45, 345],
                d.Links.Select(l => new[] { N(l.ListingId), l.OtherListingId is { } o ? N(o) : "", l.Kind, l.Evidence }), "The case is one listing.");
            Section("Timeline (UTC)", ["When", "Event", "Listing", "Marketplace", "By", "Detail"], [80, 55, 45, 60, 70, 185],
                d.Timeline.Select(e => new[] { FormulaGuard.Utc(e.At)[..16].Replace('T', ' '), e.Kind, N(e.ListingId), e.Marketplace, e.By ?? "", e.Text }), "Nothing happened yet.");
            Section("Listings", ["No", "Listing", "Marketplace", "Title", "Status", "Score"], [28, 45, 65, 262, 60, 35],
                d.Listings.Select((l, i) => new[] { N(i + 1), N(l.Id), l.Marketplace, PdfTakedown.DisplayTitle(l.Title), l.ReviewStatus, l.Score.ToString("0.00", CultureInfo.InvariantCulture) }), "No listing.");
        }
        var annex = new PdfTakedown(options, evidence, CultureInfo.GetCultureInfo("en"), pictures);
        var images = new Dictionary<string, XImage>();
        var rows = d.Rows.ToDictionary(r => r.ListingId);
        var number = 0;
        foreach (var listing in d.Listings) await annex.ListingPageAsync(document, ++number, rows[listing.Id], images, ct);
        document.Save(output, closeStream: false);
        return d.Listings.Count;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
