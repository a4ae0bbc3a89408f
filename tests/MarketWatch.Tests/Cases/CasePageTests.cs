using MarketWatch.Cases;
using MarketWatch.Data;
using MarketWatch.Tests.Exports;
using MarketWatch.Tests.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Cases;

/// <summary>The cases queue and a case page in a real browser: a network confirmed at once, and its dossier downloaded.</summary>
[Collection("review")]
public class CasePageTests(ReviewFixture app)
{
    [Fact]
    public async Task A_reviewer_confirms_a_whole_case_from_its_page_and_downloads_its_dossier()
    {
        var tag = app.NewTag();
        var seller = await app.SellerAsync(tag, "Jaringan Sinyal " + tag);
        var listings = new[]
        {
            await app.ListingAsync(tag, "Jasa unblock IMEI iPhone inter (A)", 0.97, seller, evidenceHtml: "<html><body>A</body></html>"),
            await app.ListingAsync(tag, "Jasa unblock IMEI iPhone inter (B)", 0.93, seller),
            await app.ListingAsync(tag, "Jasa unblock IMEI iPhone inter (C)", 0.90, seller),
        };
        long caseId;
        await using (var db = app.Open())
        {
            await CaseUpkeep.BackfillAsync(db, default);
            var cases = await db.Listings.AsNoTracking().Where(l => l.Marketplace == tag).Select(l => l.CaseId).Distinct().ToListAsync();
            caseId = Assert.Single(cases)!.Value;
        }

        var page = await app.SignedInPageAsync("wulan", "reviewer");
        await page.GotoAsync("/cases");
        Assert.Equal(1, await page.Locator($"#case-{caseId}").CountAsync());
        await BrowserForms.SubmitAsync(page, () => page.ClickAsync($"#case-{caseId} a"));
        Assert.EndsWith($"/case/{caseId}", page.Url);
        Assert.Equal("3", await page.InnerTextAsync("#case-open"));
        Assert.Equal(3, await page.Locator("#case-listings tbody tr").CountAsync());
        await page.FillAsync("#case-note", "one operator");
        await BrowserForms.SubmitAsync(page, () => page.ClickAsync("#confirm-case"));
        Assert.Contains("3", await page.InnerTextAsync("#message"));
        Assert.Equal("3", await page.InnerTextAsync("#case-confirmed"));

        await using (var db = app.Open())
        {
            var ids = listings.Select(l => l.Id).ToList();
            Assert.All(await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(), l => Assert.Equal((ReviewStatus.Confirmed, "wulan"), (l.ReviewStatus, l.ReviewedBy!)));
            var audit = await db.Audit.AsNoTracking().Where(a => a.Actor == "wulan" && a.Action == "decide").ToListAsync();
            Assert.Equal(ids.Select(id => $"listing {id}").Order(), audit.Select(a => a.Subject!).Order());
            Assert.All(audit, a => Assert.Equal("one operator", a.Note!));
        }

        // The dossier from the page: a PDF with its manifest kept in DATA/reports, and the download audited.
        using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "wulan", "reviewer");
        var response = await ReviewSession.PostFormAsync(http, $"/case/{caseId}", new() { ["format"] = "pdf" }, $"/case/{caseId}?handler=Dossier");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(app.DataDir, $"dossier-{caseId}.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        Assert.Contains($"Case{caseId}:networkdossier", ExportFiles.NoSpace(ExportFiles.PdfPages(file)[0]));
        Assert.Equal(response.Headers.GetValues("X-MarketWatch-Sha256").Single(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file))));
        await using (var db = app.Open())
            Assert.True(await db.Audit.AnyAsync(a => a.Actor == "wulan" && a.Action == "export" && a.Subject == $"case {caseId}"));
    }
}
