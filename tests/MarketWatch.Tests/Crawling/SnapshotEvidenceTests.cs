using System.Buffers.Binary;
using System.Net;
using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Marketplaces;
using MarketWatch.Review;
using MarketWatch.Sandbox;
using MarketWatch.Tests.Exports;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// Evidence:Capture = snapshot (the default): a page with new offers is kept as Chromium's MHTML snapshot, and its
/// picture is drawn from that file only when someone looks, once, at the width the page was laid out in; the card
/// boxes recorded live fall on the same cards in the snapshot, and the takedown PDF shows pictures drawn from it.
/// </summary>
public class SnapshotEvidenceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDir _data = new();

    public void Dispose() => _data.Dispose();

    private MarketWatchDb Open() => TestDb.OpenAt(_data.Path);

    private async Task<(EvidenceCapture Capture, Sighting Sighting, Listing Listing)> CrawlAsync()
    {
        var crawl = await AppProcess.RunAsync("--data-dir", _data.Path, "crawl", "-m", "tokopedia", "-q", "unblock imei", "--pages", "1", "--sandbox", sandbox.Url);
        Assert.True(crawl.ExitCode == 0, crawl.ToString());
        await using var db = Open();
        var sighting = await db.Sightings.Where(s => s.EvidenceId != null && s.BoxX != null).OrderBy(s => s.Id).FirstAsync();
        var capture = await db.Evidence.SingleAsync(e => e.Id == sighting.EvidenceId);
        return (capture, sighting, await db.Listings.SingleAsync(l => l.Id == sighting.ListingId));
    }

    private static int PngWidth(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
    }

    [Fact]
    public async Task A_snapshot_holds_the_cards_where_they_were_and_is_drawn_once_when_first_looked_at()
    {
        var (capture, sighting, listing) = await CrawlAsync();
        Assert.NotNull(capture.SnapshotPath);
        Assert.Equal(64, capture.SnapshotSha256!.Length);
        Assert.Null(capture.ScreenshotPath);                    // nothing painted on the crawl's path
        Assert.True(capture.ViewportWidth > 0);

        await using var web = WebApp.Build(AppPaths.Resolve(null, _data.Path), "http://127.0.0.1:0", overrides: [new("Schedules:Enabled", "false")]);
        var mhtml = (await web.Services.GetRequiredService<EvidenceStore>().ReadSnapshotAsync(capture, default))!;
        var card = web.Services.GetRequiredService<MarketplaceCatalog>().All.Single(p => p.Name == "tokopedia").Card;

        // The box recorded live is a card's box in the snapshot, and that card is the listing's.
        var box = sighting.Box!;
        var file = Path.Combine(_data.Path, "snapshot.mhtml");
        await File.WriteAllTextAsync(file, mhtml);
        using (var playwright = await Playwright.CreateAsync())
        {
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumLocator.Locate(null), Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = capture.ViewportWidth!.Value, Height = 1600 }, Offline = true });
            await page.GotoAsync(new Uri(file).AbsoluteUri);
            var cards = page.Locator(card);
            Assert.True(await cards.CountAsync() >= 10, "the snapshot holds the page's cards");
            var matched = new List<string>();
            for (var i = 0; i < await cards.CountAsync(); i++)
                if (await cards.Nth(i).BoundingBoxAsync() is { } b && Math.Abs(b.X - box.X) <= 1 && Math.Abs(b.Y - box.Y) <= 1
                    && Math.Abs(b.Width - box.Width) <= 1 && Math.Abs(b.Height - box.Height) <= 1)
                    matched.Add(await cards.Nth(i).InnerTextAsync());
            Assert.Single(matched);
            Assert.Contains(listing.Title[..Math.Min(30, listing.Title.Length)], matched[0]);
        }

        var renderer = web.Services.GetRequiredService<SnapshotRenderer>();
        var picture = (await renderer.PictureAsync(capture.Id, default))!;
        Assert.Equal(capture.ViewportWidth, PngWidth(picture));
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(picture.AsSpan(20, 4)) >= box.Y + box.Height, "the picture reaches the card");
        EvidenceCapture drawn;
        await using (var db = Open()) drawn = await db.Evidence.SingleAsync(e => e.Id == capture.Id);
        Assert.NotNull(drawn.ScreenshotPath);
        Assert.NotNull(drawn.ScreenshotRenderedAt);
        Assert.Equal(EvidenceStore.Hex(System.Security.Cryptography.SHA256.HashData(picture)), drawn.ScreenshotSha256);
        Assert.Equal(picture, await renderer.PictureAsync(capture.Id, default));   // read back, not drawn again
        await using (var db = Open()) Assert.Equal(drawn.ScreenshotPath, (await db.Evidence.SingleAsync(e => e.Id == capture.Id)).ScreenshotPath);

        var verify = await AppProcess.RunAsync("--data-dir", _data.Path, "evidence", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());   // snapshot, HTML and the drawn picture all check out
        await web.DisposeAsync();
    }

    [Fact]
    public async Task The_takedown_pdf_shows_pictures_drawn_from_snapshots_and_a_tampered_snapshot_is_refused()
    {
        var (capture, _, listing) = await CrawlAsync();
        await using (var db = Open())
        {
            db.ReviewDecisions.Add(new ReviewDecision { ListingId = listing.Id, Before = ReviewStatus.Pending, After = ReviewStatus.Confirmed, Reviewer = "rina", DecidedAt = DateTime.UtcNow });
            await db.Listings.Where(l => l.Id == listing.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.ReviewStatus, ReviewStatus.Confirmed));
            await db.SaveChangesAsync();
        }
        var pdf = Path.Combine(_data.Path, "takedown.pdf");
        var export = await AppProcess.RunAsync("--data-dir", _data.Path, "export", "takedown", "-m", "tokopedia", "-f", "pdf", "-o", pdf);
        Assert.True(export.ExitCode == 0, export.ToString());
        var pages = ExportFiles.PdfPages(pdf);
        Assert.Equal(3, pages.Count);                                               // letter, summary, the listing
        Assert.Contains(capture.SnapshotSha256!, ExportFiles.NoSpace(pages[2]));
        Assert.Equal(1, ExportFiles.PdfImages(pdf, 3));                             // its card, drawn from the snapshot
        await using (var db = Open()) Assert.NotNull((await db.Evidence.SingleAsync(e => e.Id == capture.Id)).ScreenshotPath);

        await TestDb.TamperEvidenceAsync(_data.Path, capture.SnapshotPath!);
        var again = await AppProcess.RunAsync("--data-dir", _data.Path, "export", "takedown", "-m", "tokopedia", "-f", "pdf", "-o", pdf + ".2");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(0, ExportFiles.PdfImages(pdf + ".2", 3));                       // the picture is withdrawn with its snapshot
        Assert.Contains("tidak dapat dilampirkan", ExportFiles.PdfPages(pdf + ".2")[2]);

        await using var web = WebApp.Build(AppPaths.Resolve(null, _data.Path), "http://127.0.0.1:0", overrides: [new("Schedules:Enabled", "false")]);
        await web.StartAsync();
        using var http = await ReviewSession.SignedInAsync(web.BoundUrl(), _data.Path, "lina", "reviewer");
        Assert.Equal(HttpStatusCode.Conflict, (await http.GetAsync($"/evidence/{capture.Id}/screenshot")).StatusCode);
        await web.StopAsync();
    }
}
