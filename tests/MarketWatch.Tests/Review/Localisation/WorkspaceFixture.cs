using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Review.Localisation;

/// <summary>
/// The workspace as a new deployment has it (Bahasa Indonesia by default, Jakarta time) with untranslated strings
/// marked ⟦…⟧, seeded so every page has something on it: a flagged listing with IMEIs, contacts, evidence, a relisting
/// and a decision, a seller, a crawl event and an open alert. Real Kestrel on 127.0.0.1, real Chromium.
/// </summary>
public sealed class WorkspaceFixture : IAsyncLifetime
{
    private BrowserHost _host = null!;
    public IBrowser Browser => _host.Browser;
    public string Url => _host.Url;
    public string DataDir => _host.DataDir;
    public Listing Listing { get; private set; } = null!;
    public Seller Seller { get; private set; } = null!;
    public long EvidenceId { get; private set; }
    public string ValidImei { get; } = "35209900176148" + Imei.CheckDigit("35209900176148");
    /// <summary>When the listing was first seen: 11:00 UTC, which is 18:00 WIB.</summary>
    public static readonly DateTime SeenAt = new(2026, 11, 30, 11, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        _host = await BrowserHost.StartAsync([new("Review:DefaultCulture", "id-ID"), new("Review:MarkUntranslated", "true"), new("Review:SignInAttemptsPerAddress", "1000")]);
        await SeedAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task SeedAsync()
    {
        await using var db = TestDb.OpenAt(DataDir);
        Seller = new Seller { Marketplace = "tokopedia", ShopKey = "/sinyal-jaya", Name = "Sinyal Jaya", Url = "https://www.tokopedia.example/sinyal-jaya",
            Location = "Jakarta Barat", FirstSeenAt = SeenAt, LastSeenAt = SeenAt };
        db.Sellers.Add(Seller);
        await db.SaveChangesAsync();
        Listing = new Listing
        {
            Marketplace = "tokopedia", ProductId = "p1", Title = "Jasa unblock IMEI iPhone inter 3 bulan", SellerId = Seller.Id,
            Description = "Buka sinyal semua operator, WA 0812-3456-7890. IMEI " + ValidImei, PriceIdr = 150_000, SoldText = "1,2rb terjual",
            Url = "https://www.tokopedia.example/sinyal-jaya/p1", FirstSeenAt = SeenAt, LastSeenAt = SeenAt, SightingCount = 1, Flagged = true, Score = 0.97,
        };
        Listing.Imeis.Add(new ImeiMention { Imei = ValidImei, Status = "valid", Tac = ValidImei[..8], RawText = ValidImei, FirstSeenAt = SeenAt });
        db.Listings.Add(Listing);
        var relist = new Listing
        {
            Marketplace = "tokopedia", ProductId = "p2", Title = "Jasa unblock IMEI iPhone inter 3 bulan murah", SellerId = Seller.Id, PriceIdr = 140_000,
            Url = "https://www.tokopedia.example/sinyal-jaya/p2", FirstSeenAt = SeenAt.AddDays(1), LastSeenAt = SeenAt.AddDays(1), SightingCount = 1, Flagged = true, Score = 0.9,
            RelistReason = "same seller, near-identical title",
        };
        db.Listings.Add(relist);
        var run = new CrawlRun { Marketplace = "tokopedia", Query = "unblock imei", Status = CrawlStatus.Succeeded, StartedAt = SeenAt, FinishedAt = SeenAt.AddMinutes(2) };
        db.CrawlRuns.Add(run);
        await db.SaveChangesAsync();
        relist.RelistOfListingId = Listing.Id;

        var capture = await new EvidenceStore(DataDir).CaptureAsync(run.Id, Listing.Url, "<html><body><h1>Jasa unblock IMEI</h1></body></html>", ReviewFixture.Png, "MarketWatch test", SeenAt, default);
        db.Evidence.Add(capture);
        await db.SaveChangesAsync();
        EvidenceId = capture.Id;
        db.Sightings.Add(new Sighting { ListingId = Listing.Id, CrawlRunId = run.Id, PageNumber = 1, Position = 1, Title = Listing.Title, PriceIdr = 150_000, SeenAt = SeenAt, EvidenceId = capture.Id });
        foreach (var l in new[] { Listing, relist })
        {
            var detection = new Data.Detection
            {
                ListingId = l.Id, CrawlRunId = run.Id, Score = l.Score, Flagged = true, DetectedAt = SeenAt, ModelVersion = "imei-offer-test",
                Reasons = $"classifier 0.97\nphrase offering an IMEI service: 'unblock imei' (imei-service +3.0)\nvalid IMEI {ValidImei}",
            };
            db.Detections.Add(detection);
            await db.SaveChangesAsync();
            l.LatestDetectionId = detection.Id;
        }
        foreach (var (kind, value) in ContactExtractor.Extract(Listing.Title, Listing.Description))
            db.Contacts.Add(new ContactMention { ListingId = Listing.Id, Kind = kind, Value = value });
        db.CrawlEvents.Add(new CrawlEvent { CrawlRunId = run.Id, At = SeenAt, Kind = "retry", PageNumber = 1, Message = "timeout", Url = Listing.Url });
        db.Alerts.Add(new Alert { Kind = "extractor-broken", Subject = "bukalapak", Message = "3 runs in a row", RaisedAt = SeenAt });
        await db.SaveChangesAsync();
        // The listing and its relisting are one network (issue 18): the cases pages have a case to show.
        await MarketWatch.Cases.CaseUpkeep.BackfillAsync(db, default);
        CaseId = (await db.Listings.FindAsync(Listing.Id))!.CaseId!.Value;
    }

    public long CaseId { get; private set; }

    /// <summary>The seeded names and titles, and the scheduler's job names: data on the pages, in no language.</summary>
    public IReadOnlyList<string> Data() => [Seller.Name, Listing.Title, Listing.Title + " murah", "evidence-sweep", "takedown-report", "retrain", "maintenance"];

    /// <summary>The pages of the workspace, as an admin sees them (every page an admin can open).</summary>
    public IReadOnlyList<string> Pages() =>
    [
        "/", "/?status=all&sort=uncertainty", $"/listing/{Listing.Id}", $"/seller/{Seller.Id}", $"/imei/{ValidImei}", "/dashboard", "/health", "/exports",
        "/audit", "/users", "/models", "/cases", $"/case/{CaseId}", $"/evidence/{EvidenceId}/source", $"/evidence/{EvidenceId}/page", "/?minScore=abc",
    ];

    /// <summary>A new browser, signed in through the sign-in form as a new account (no language chosen yet).</summary>
    public async Task<IPage> SignedInAsync(string name, string role = Roles.Admin, string? culture = null)
    {
        await ReviewSession.EnsureUserAsync(DataDir, name, role);
        var context = await Browser.NewContextAsync(new() { BaseURL = Url, Locale = "en-US" });   // the browser's own language must not matter
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(BrowserForms.Patience);
        await page.GotoAsync("/signin");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", ReviewSession.Password);
        await BrowserForms.SubmitAsync(page, () => page.ClickAsync("#signin"));
        if (culture is not null) await SwitchAsync(page, culture);
        return page;
    }

    /// <summary>The header's language switch, as a user works it.</summary>
    public static async Task SwitchAsync(IPage page, string culture)
    {
        await page.SelectOptionAsync("#culture", culture);
        await BrowserForms.SubmitAsync(page, () => page.ClickAsync("#switch-language"));
    }
}

[CollectionDefinition("workspace")]
public sealed class WorkspaceCollection : ICollectionFixture<WorkspaceFixture>;
