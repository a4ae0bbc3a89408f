using System.Net;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Review;

/// <summary>The review workspace driven the way reviewers use it: Chromium through Playwright against the app on 127.0.0.1.</summary>
[Collection("review")]
public class ReviewWorkspaceTests(ReviewFixture app)
{
    private static Task SubmitAsync(IPage page, Func<Task> act) => BrowserForms.SubmitAsync(page, act);

    private static string ValidImei(string first14) => first14 + Imei.CheckDigit(first14);

    private async Task<(ReviewStatus Status, string? By, int Decisions)> StateAsync(long id)
    {
        await using var db = app.Open();
        var l = await db.Listings.AsNoTracking().FirstAsync(x => x.Id == id);
        return (l.ReviewStatus, l.ReviewedBy, await db.ReviewDecisions.CountAsync(d => d.ListingId == id));
    }

    [Fact]
    public async Task A_reviewer_works_the_queue_by_keyboard_highest_risk_first_and_the_audit_log_shows_each_decision()
    {
        var tag = app.NewTag();
        var low = await app.ListingAsync(tag, "Jasa unblock IMEI iPhone (rendah)", 0.71);
        var top = await app.ListingAsync(tag, "Jual IMEI terdaftar by brand (tertinggi)", 0.99);
        var mid = await app.ListingAsync(tag, "Registrasi IMEI Bea Cukai resmi (tengah)", 0.85);
        var page = await app.SignedInPageAsync("ani", "reviewer");

        await page.GotoAsync($"/?marketplace={tag}");
        var ids = await page.Locator("#queue tbody tr").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.id))");
        Assert.Equal([top.Id, mid.Id, low.Id], ids);                                    // highest risk first
        Assert.Equal("3", await page.Locator("#tab-pending .count").TextContentAsync());

        await page.Keyboard.PressAsync("j");                                             // cursor to the second row
        Assert.Equal(mid.Id.ToString(), await page.Locator("#queue tr.current").GetAttributeAsync("data-id"));
        await SubmitAsync(page, () => page.Keyboard.PressAsync("c"));    // confirm it: the form posts, the queue comes back
        Assert.Contains("confirmed", await page.Locator("#message").TextContentAsync());
        Assert.Equal((ReviewStatus.Confirmed, "ani", 1), await StateAsync(mid.Id));

        // The cursor stays in place, now on the row that moved up; d dismisses it.
        Assert.Equal(low.Id.ToString(), await page.Locator("#queue tr.current").GetAttributeAsync("data-id"));
        await SubmitAsync(page, () => page.Keyboard.PressAsync("d"));
        Assert.Equal((ReviewStatus.Dismissed, "ani", 1), await StateAsync(low.Id));

        // o opens the current listing; n marks it "needs info" from the listing page.
        await page.Keyboard.PressAsync("k");
        Assert.Equal(top.Id.ToString(), await page.Locator("#queue tr.current").GetAttributeAsync("data-id"));
        await SubmitAsync(page, () => page.Keyboard.PressAsync("o"));
        Assert.EndsWith($"/listing/{top.Id}", page.Url);
        await SubmitAsync(page, () => page.Keyboard.PressAsync("n"));
        Assert.Equal((ReviewStatus.NeedsInfo, "ani", 1), await StateAsync(top.Id));
        Assert.Contains("needs info", await page.Locator("#message").TextContentAsync());   // and the page moved on to the next pending listing

        await page.GotoAsync("/audit?actor=ani&action=decide");
        var audit = await page.Locator("#audit tbody tr").AllInnerTextsAsync();
        Assert.Contains(audit, r => r.Contains($"listing {mid.Id}") && r.Contains("pending → confirmed"));
        Assert.Contains(audit, r => r.Contains($"listing {low.Id}") && r.Contains("pending → dismissed"));
        Assert.Contains(audit, r => r.Contains($"listing {top.Id}") && r.Contains("pending → needs info"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Bulk_dismiss_applies_to_the_ticked_rows_of_a_filtered_page_only()
    {
        var tag = app.NewTag();
        var other = app.NewTag();
        var ours = new List<Listing>();
        for (var i = 0; i < 4; i++) ours.Add(await app.ListingAsync(tag, $"Kaos polos IMEI motif {i}", 0.6 + i / 100.0));
        var untouched = await app.ListingAsync(other, "Jasa inject IMEI", 0.9);
        var page = await app.SignedInPageAsync("budi", "reviewer");

        await page.GotoAsync($"/?marketplace={tag}");
        await page.CheckAsync("#tick-all");
        await page.SelectOptionAsync("#bulk-verb", "dismiss");
        await page.FillAsync("#bulk-note", "kaos, bukan jasa IMEI");
        await SubmitAsync(page, () => page.ClickAsync("#bulk-apply"));
        Assert.Contains("4 listing(s) dismissed", await page.Locator("#message").TextContentAsync());
        Assert.Equal(0, await page.Locator("#queue tbody tr").CountAsync());

        foreach (var l in ours) Assert.Equal((ReviewStatus.Dismissed, "budi", 1), await StateAsync(l.Id));
        Assert.Equal(ReviewStatus.Pending, (await StateAsync(untouched.Id)).Status);
        await using var db = app.Open();
        var ids = ours.Select(l => l.Id).ToList();
        Assert.All(await db.ReviewDecisions.Where(d => ids.Contains(d.ListingId)).ToListAsync(), d => Assert.Equal("kaos, bukan jasa IMEI", d.Note));
        Assert.Equal(4, await db.Audit.CountAsync(a => a.Actor == "budi" && a.Action == "decide" && a.After == "dismissed"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_reviewers_deciding_the_same_listing_the_second_gets_a_conflict_and_nothing_is_overwritten()
    {
        var listing = await app.ListingAsync(app.NewTag(), "Unblock IMEI permanen", 0.93);
        var first = await app.SignedInPageAsync("citra", "reviewer");
        var second = await app.SignedInPageAsync("dodi", "reviewer");
        await first.GotoAsync($"/listing/{listing.Id}");
        await second.GotoAsync($"/listing/{listing.Id}");   // both see it pending

        await SubmitAsync(first, () => first.ClickAsync("#confirm"));
        await second.FillAsync("#note", "menurut saya bukan");
        await SubmitAsync(second, () => second.ClickAsync("#dismiss"));
        var message = await second.Locator("#message").TextContentAsync();
        Assert.Contains("was decided by citra", message);
        Assert.Contains("not saved", message);
        Assert.Equal("confirmed", await second.Locator("#status").TextContentAsync());   // the reloaded page shows the real state
        Assert.Equal((ReviewStatus.Confirmed, "citra", 1), await StateAsync(listing.Id));
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    public static IEnumerable<object[]> Payloads()
    {
        // Our own payloads always run; the shared hostile list adds more when it is present.
        string[] own =
        [
            "<script>window.__pwned = 1</script>Unblock IMEI",
            "<img src=x onerror=\"window.__pwned = 2\">Jual IMEI",
            "<svg onload=\"window.__pwned = 3\">",
            "\"><script>window.__pwned = 4</script>",
        ];
        foreach (var p in own) yield return [p];
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Hostile_listing_text_is_shown_as_text_and_nothing_executes(string payload) => await ShowsInertAsync([payload]);

    [SkippableFact]
    public async Task Every_payload_of_the_shared_hostile_list_is_shown_as_text_and_nothing_executes()
    {
        var file = Path.Combine(SharedData.Root, "hostile", "xss.txt");
        Skip.IfNot(File.Exists(file), $"{file} is absent: the shared hostile payload list is not on this machine");
        var payloads = File.ReadAllLines(file).Where(l => l.Trim().Length > 0).ToList();
        Assert.True(payloads.Count >= 10);
        await ShowsInertAsync(payloads);
    }

    private async Task ShowsInertAsync(IReadOnlyList<string> payloads)
    {
        var tag = app.NewTag();
        var seller = await app.SellerAsync(tag, payloads[0].Length > 60 ? payloads[0][..60] : payloads[0]);
        var listings = new List<Listing>();
        foreach (var p in payloads)
            listings.Add(await app.ListingAsync(tag, p, 0.95, seller, description: "Deskripsi: " + p, url: p.Contains("javascript") ? "javascript:alert(1)" : null,
                evidenceHtml: $"<html><body><h1>{p}</h1><script>window.parent.__pwned = 9; alert(9)</script><a href=\"https://evil.example/\" id=\"away\">klik</a></body></html>"));
        var page = await app.SignedInPageAsync("eka", "reviewer");
        var dialogs = new List<string>();
        page.Dialog += (_, d) => { dialogs.Add(d.Message); _ = d.DismissAsync(); };
        var requests = new List<string>();
        page.Context.Request += (_, r) => requests.Add(r.Url);

        async Task AssertInertAsync(string where)
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), $"script ran on {where}");
            Assert.True(dialogs.Count == 0, $"dialog on {where}: {string.Join(", ", dialogs)}");
        }

        await page.GotoAsync($"/?marketplace={tag}");
        await AssertInertAsync("the queue");
        var shown = await page.Locator("#queue td.title a.open").AllTextContentsAsync();
        Assert.Equal(payloads.Order(), shown.Select(s => s.Trim()).Order());                 // the exact text, not markup

        foreach (var l in listings)
        {
            await page.GotoAsync($"/listing/{l.Id}");
            await AssertInertAsync($"listing {l.Id}");
            Assert.Equal(l.Title, (await page.Locator("#title").TextContentAsync())?.Trim());
            Assert.Contains(l.Title, await page.Locator("#description").TextContentAsync());
            var link = page.Locator("#marketplace-link");
            Assert.False((await link.GetAttributeAsync("href") ?? "").StartsWith("javascript", StringComparison.OrdinalIgnoreCase), "a javascript: link was rendered");
        }

        await page.GotoAsync($"/seller/{seller.Id}");
        await AssertInertAsync("the seller page");

        // The captured page: as text, and rendered in a frame that runs no script and cannot navigate away.
        await using var db = app.Open();
        var evidenceId = await db.Sightings.Where(s => s.ListingId == listings[0].Id).Select(s => s.EvidenceId).FirstAsync();
        await page.GotoAsync($"/evidence/{evidenceId}/source");
        await AssertInertAsync("the evidence source");
        Assert.Contains("<script>window.parent.__pwned = 9", await page.Locator("#source").TextContentAsync());
        await page.GotoAsync($"/evidence/{evidenceId}/page");
        await AssertInertAsync("the inert evidence frame");
        var frame = page.FrameLocator("iframe.capture");
        await frame.Locator("#away").ClickAsync(new() { Timeout = BrowserForms.Patience });
        await page.WaitForTimeoutAsync(500);
        await AssertInertAsync("after clicking a link inside the evidence frame");
        Assert.DoesNotContain(requests, u => u.Contains("evil.example"));
        Assert.DoesNotContain(page.Frames, f => f.Url.Contains("evil.example"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Anonymous_requests_to_any_page_or_evidence_file_are_refused()
    {
        var listing = await app.ListingAsync(app.NewTag(), "Jual IMEI", 0.9, evidenceHtml: "<p>halaman</p>");
        await using var db = app.Open();
        var evidenceId = await db.Sightings.Where(s => s.ListingId == listing.Id).Select(s => s.EvidenceId).FirstAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Url) };
        string[] paths =
        [
            "/", "/?status=confirmed", $"/listing/{listing.Id}", "/seller/1", "/imei/353259107744109", "/dashboard", "/audit", "/users", "/health",
            $"/evidence/{evidenceId}/screenshot", $"/evidence/{evidenceId}/raw", $"/evidence/{evidenceId}/source", $"/evidence/{evidenceId}/page", "/no-such-page",
        ];
        foreach (var path in paths)
        {
            var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/signin"),
                $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
        }
        var post = await http.PostAsync($"/listing/{listing.Id}?handler=Decide", new FormUrlEncodedContent([new("verb", "dismiss"), new("version", "0")]));
        Assert.True(post.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"anonymous decision: {post.StatusCode}");
        Assert.Equal(ReviewStatus.Pending, (await StateAsync(listing.Id)).Status);

        var signin = await http.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, signin.StatusCode);
        var csp = string.Join(";", signin.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp.Split(';').First(d => d.Trim().StartsWith("script-src")));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", signin.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_reviewer_cannot_reach_admin_actions_and_an_admin_can()
    {
        using var reviewer = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "fajar", "reviewer");
        var users = await reviewer.GetAsync("/users");
        Assert.Equal("/denied", users.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        var health = await reviewer.GetStringAsync("/health");
        Assert.DoesNotContain("handler=Run", health);                                   // no buttons for what the role cannot do
        var run = await ReviewSession.PostFormAsync(reviewer, "/health", new() { ["name"] = "maintenance" }, "/health?handler=Run&name=maintenance");
        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        var add = await ReviewSession.PostFormAsync(reviewer, "/", new() { ["name"] = "mallory", ["role"] = "admin" }, "/users?handler=Add");
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        await using (var db = app.Open()) Assert.Null(await db.Users.FirstOrDefaultAsync(u => u.Name == "mallory"));

        using var admin = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "gita", "admin");
        var added = await ReviewSession.PostFormAsync(admin, "/users", new() { ["name"] = "hadi", ["role"] = "reviewer" }, "/users?handler=Add");
        var html = await added.Content.ReadAsStringAsync();
        Assert.True(added.IsSuccessStatusCode, html);
        var password = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("#new-password")!.TextContent;
        Assert.True(password.Length >= 20);
        using var hadi = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.Url) };
        var signin = await ReviewSession.PostFormAsync(hadi, "/signin", new() { ["name"] = "hadi", ["password"] = password });
        Assert.Equal("/", signin.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Repeated_failed_sign_ins_slow_the_name_down_even_against_the_right_password_from_a_new_browser()
    {
        await ReviewSession.EnsureUserAsync(app.DataDir, "indah", "reviewer");
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.Url) };
        for (var i = 0; i < 3; i++)   // Review:LockoutFailures is 3 in this fixture
        {
            var wrong = await ReviewSession.PostFormAsync(http, "/signin", new() { ["name"] = "indah", ["password"] = "salah sekali " + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        var right = await ReviewSession.PostFormAsync(http, "/signin", new() { ["name"] = "indah", ["password"] = ReviewSession.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("Too many failed sign-ins with this user name", await right.Content.ReadAsStringAsync());
        var unknown = await ReviewSession.PostFormAsync(http, "/signin", new() { ["name"] = "nobody", ["password"] = "whatever it is" });
        Assert.Contains("Wrong user name or password", await unknown.Content.ReadAsStringAsync());   // no hint which accounts exist
        await using var db = app.Open();
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Actor == "indah" && a.Action == "locked-out"));
        Assert.Equal(3, (await db.Users.FirstAsync(u => u.Name == "indah")).FailedSignIns);
    }

    [Fact]
    public async Task A_disabled_account_loses_its_session_at_the_next_request()
    {
        using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "joko", "reviewer");
        Assert.Equal("/", (await http.GetAsync("/")).RequestMessage!.RequestUri!.AbsolutePath);
        await using (var db = app.Open()) await new MarketWatch.Review.Auth.Accounts(new MarketWatch.Review.ReviewOptions()).DisableAsync(db, "joko", "test", default);
        Assert.Equal("/signin", (await http.GetAsync("/")).RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_audit_log_and_decisions_cannot_be_edited_or_deleted_even_in_the_database()
    {
        var listing = await app.ListingAsync(app.NewTag(), "Jasa IMEI", 0.9);
        await using var db = app.Open();
        var result = await MarketWatch.Review.Decisions.DecideAsync(db, listing.Id, 0, ReviewStatus.Confirmed, "yakin", "kiki", default);
        Assert.Equal(MarketWatch.Review.DecisionOutcome.Done, result.Outcome);
        foreach (var sql in new[] { "UPDATE ReviewDecisions SET Reviewer = 'x'", "DELETE FROM ReviewDecisions", "UPDATE AuditEntries SET Actor = 'x'", "DELETE FROM AuditEntries" })
        {
            var e = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Contains("append-only", e.Message);
        }
        Assert.Equal("kiki", (await db.ReviewDecisions.SingleAsync(d => d.ListingId == listing.Id)).Reviewer);
    }

    [Fact]
    public async Task The_listing_page_shows_the_evidence_verified_the_imei_with_its_other_sellers_and_flags_a_tampered_file()
    {
        var tag = app.NewTag();
        var imei = ValidImei("35325910774410");
        var a = await app.SellerAsync(tag, "Toko Satu");
        var b = await app.SellerAsync("other-" + tag, "Toko Dua");
        var listing = await app.ListingAsync(tag, "IMEI terdaftar iPhone 13", 0.97, a, "WA 0813-7222-4519, IMEI " + imei, imeis: [imei], evidenceHtml: "<p>bukti</p>");
        var twin = await app.ListingAsync("other-" + tag, "IMEI by brand", 0.96, b, "hubungi +62 813 7222 4519", imeis: [imei]);
        var page = await app.SignedInPageAsync("lina", "reviewer");

        await page.GotoAsync($"/listing/{listing.Id}");
        Assert.Equal(1, await page.Locator(".verified").CountAsync());
        Assert.Contains(imei, await page.Locator("#imeis").TextContentAsync());
        Assert.Contains("valid", await page.Locator("#imeis").TextContentAsync());
        Assert.Equal(1, await page.Locator($"#imeis a[href='/listing/{twin.Id}']").CountAsync());   // the same IMEI under another seller
        var shot = await page.Locator("img.shot").EvaluateAsync<int>("img => img.naturalWidth");
        Assert.Equal(1, shot);                                                                   // the screenshot loads (hash checked)

        await page.GotoAsync($"/imei/{imei}");
        Assert.Equal("2", await page.Locator("#seller-count").TextContentAsync());

        await page.GotoAsync($"/seller/{a.Id}");
        Assert.Contains("Toko Dua", await page.Locator("#linked").TextContentAsync());           // same WhatsApp number, another marketplace
        Assert.Contains("phone 6281372224519", await page.Locator("#linked").TextContentAsync());

        await using (var db = app.Open())
        {
            var capture = await db.Evidence.FirstAsync(e => e.Id == db.Sightings.Where(s => s.ListingId == listing.Id).Select(s => s.EvidenceId).First());
            var file = Path.Combine(app.DataDir, capture.ScreenshotPath!);
            File.SetAttributes(file, FileAttributes.Normal);
            await File.WriteAllBytesAsync(file, [.. ReviewFixture.Png, 0]);
            using var http = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "lina", "reviewer");
            Assert.Equal(HttpStatusCode.Conflict, (await http.GetAsync($"/evidence/{capture.Id}/screenshot")).StatusCode);
        }
        await page.GotoAsync($"/listing/{listing.Id}");
        Assert.Equal(1, await page.Locator(".tampered").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_charts_flagged_and_confirmed_per_marketplace_and_lists_top_sellers()
    {
        var tag = app.NewTag();
        var seller = await app.SellerAsync(tag, "Toko Rajin");
        var l1 = await app.ListingAsync(tag, "IMEI 1", 0.9, seller);
        await app.ListingAsync(tag, "IMEI 2", 0.9, seller);
        await using (var db = app.Open()) await MarketWatch.Review.Decisions.DecideAsync(db, l1.Id, 0, ReviewStatus.Confirmed, null, "mira", default);
        var page = await app.SignedInPageAsync("mira", "reviewer");
        await page.GotoAsync("/dashboard");
        var today = MarketWatch.Review.Localisation.Display.Day(DateOnly.FromDateTime(DateTime.UtcNow));   // dd/mm/yyyy in either language
        var row = page.Locator("#per-day tbody tr", new() { HasText = tag });
        Assert.Equal($"{tag}\t{today}\t2\t1", (await row.InnerTextAsync()).Trim());
        Assert.Equal(1, await page.Locator($"#chart rect.confirmed title:text-is('{tag} {today}: 1 confirmed')").CountAsync());
        Assert.Contains("Toko Rajin", await page.Locator("#top-sellers").TextContentAsync());
        await page.Context.CloseAsync();
    }
}
