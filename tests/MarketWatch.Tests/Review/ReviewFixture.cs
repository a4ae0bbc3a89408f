using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Review;

/// <summary>
/// The review workspace for browser tests: a real SQLite file seeded with flagged listings (some with
/// hostile text), evidence files written by the app's own EvidenceStore, the web app on Kestrel at
/// 127.0.0.1, and one real Chromium through Playwright. Each test makes its own listings and users.
/// </summary>
public sealed class ReviewFixture : IAsyncLifetime
{
    private BrowserHost _host = null!;
    public WebApplication Web => _host.Web;
    public IBrowser Browser => _host.Browser;
    public string Url => _host.Url;
    public string DataDir => _host.DataDir;
    private long _next = 1000;

    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public async Task InitializeAsync() => _host = await BrowserHost.StartAsync(
        [new("Review:LockoutFailures", "3"), new("Review:PageSize", "50"),
         new("Review:SignInAttemptsPerAddress", "1000")]);   // every test here signs in from 127.0.0.1; the limit is tested in SignInSecurityTests

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public MarketWatchDb Open() => TestDb.OpenAt(DataDir);

    /// <summary>A unique marketplace-like tag, so each test's listings can be filtered apart from the others'.</summary>
    public string NewTag() => "t" + Interlocked.Increment(ref _next);

    public async Task<Seller> SellerAsync(string marketplace, string name)
    {
        await using var db = Open();
        var seller = new Seller { Marketplace = marketplace, ShopKey = "/" + name.ToLowerInvariant().Replace(' ', '-') + "-" + NewTag(), Name = name,
            Url = $"https://www.{marketplace}.example/{name}", FirstSeenAt = DateTime.UtcNow.AddDays(-3), LastSeenAt = DateTime.UtcNow };
        db.Sellers.Add(seller);
        await db.SaveChangesAsync();
        return seller;
    }

    /// <summary>A flagged listing with its detection, IMEIs, contacts and (optionally) evidence with a screenshot.</summary>
    public async Task<Listing> ListingAsync(string marketplace, string title, double score, Seller? seller = null, string? description = null,
        string? url = null, string[]? imeis = null, string? evidenceHtml = null)
    {
        await using var db = Open();
        var now = DateTime.UtcNow;
        var listing = new Listing
        {
            Marketplace = marketplace, ProductId = NewTag(), Title = title, Description = description, PriceIdr = 25_000, SellerId = seller?.Id,
            Url = url ?? $"https://www.{marketplace}.example/p/{_next}", FirstSeenAt = now.AddHours(-2), LastSeenAt = now, SightingCount = 1,
            Flagged = true, Score = score,
        };
        foreach (var imei in imeis ?? [])
            listing.Imeis.Add(new ImeiMention { Imei = imei, Status = Imei.StatusName(Imei.Classify(imei)), Tac = imei[..8], RawText = imei, FirstSeenAt = now });
        db.Listings.Add(listing);
        var run = new CrawlRun { Marketplace = marketplace, Query = "imei", Status = CrawlStatus.Succeeded, StartedAt = now };
        db.CrawlRuns.Add(run);
        await db.SaveChangesAsync();

        long? evidenceId = null;
        if (evidenceHtml is not null)
        {
            var capture = await new EvidenceStore(DataDir).CaptureAsync(run.Id, listing.Url, evidenceHtml, Png, "MarketWatch test", now, default);
            db.Evidence.Add(capture);
            await db.SaveChangesAsync();
            evidenceId = capture.Id;
        }
        db.Sightings.Add(new Sighting { ListingId = listing.Id, CrawlRunId = run.Id, PageNumber = 1, Position = 1, Title = title, PriceIdr = 25_000, SeenAt = now, EvidenceId = evidenceId });
        var detection = new Data.Detection
        {
            ListingId = listing.Id, CrawlRunId = run.Id, Score = score, Flagged = true, Reasons = "sells IMEI registration as a service\nclassifier 0.97",
            ModelVersion = "imei-offer-test", DetectedAt = now,
        };
        db.Detections.Add(detection);
        foreach (var (kind, value) in ContactExtractor.Extract(title, description))
            db.Contacts.Add(new ContactMention { ListingId = listing.Id, Kind = kind, Value = value });
        await db.SaveChangesAsync();
        listing.LatestDetectionId = detection.Id;
        await db.SaveChangesAsync();
        return listing;
    }

    /// <summary>A browser context signed in through the sign-in page, as a person would.</summary>
    public async Task<IPage> SignedInPageAsync(string name, string role)
    {
        await ReviewSession.EnsureUserAsync(DataDir, name, role);
        var context = await Browser.NewContextAsync(new() { BaseURL = Url });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(BrowserForms.Patience);
        await page.GotoAsync("/signin");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", ReviewSession.Password);
        // As the other fixtures do: WaitForURL's wait for the load event once timed out on a loaded machine
        // although the dashboard had loaded (Playwright logged only "NetworkIdle").
        await BrowserForms.SubmitAsync(page, () => page.ClickAsync("#signin"));
        Assert.DoesNotContain("/signin", page.Url);
        return page;
    }
}

[CollectionDefinition("review")]
public sealed class ReviewCollection : ICollectionFixture<ReviewFixture>;
