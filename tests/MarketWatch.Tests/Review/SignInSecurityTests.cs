using System.Net;
using System.Text.RegularExpressions;
using MarketWatch.Data;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static MarketWatch.Tests.Review.SignInFixture;

namespace MarketWatch.Tests.Review;

/// <summary>
/// The sign-in page against strangers: what they can write to the audit log, how fast they can guess, whether they
/// learn which accounts exist or can lock a user out, and what a copied cookie is worth after sign-out.
/// </summary>
[Collection("sign-in")]
public class SignInSecurityTests(SignInFixture app)
{
    private async Task<List<AuditEntry>> AuditSinceAsync(long id)
    {
        await using var db = TestDb.OpenAt(app.DataDir);
        return await db.Audit.AsNoTracking().Where(a => a.Id > id).ToListAsync();
    }

    private async Task<long> LastAuditIdAsync()
    {
        await using var db = TestDb.OpenAt(app.DataDir);
        return await db.Audit.MaxAsync(a => (long?)a.Id) ?? 0;
    }

    [Fact]
    public async Task Anonymous_sign_ins_add_little_to_the_audit_log_and_never_an_unknown_name()
    {
        var since = await LastAuditIdAsync();
        using var http = app.Client(app.NewAddress());
        // Refused either with a 4xx or, when the server answers before the upload is done, by closing the connection
        // under the rest of it: both are refusals; what matters is below, that nothing of it reached the audit log.
        try
        {
            var huge = await SignInAsync(http, new string('x', 3_000_000) + "TypedMyPassword", "whatever it is");
            Assert.True((int)huge.Status is >= 400 and < 500, $"a 3 MB name: {huge.Status}");
        }
        catch (HttpRequestException e) when (e.InnerException is IOException) { }
        using var again = app.Client(app.NewAddress());
        var password = await SignInAsync(again, "Sup3r-Secret-Passw0rd", "oops, the name field had it");   // a password typed into the name field
        Assert.Equal(HttpStatusCode.Unauthorized, password.Status);
        Assert.Equal("Wrong user name or password.", password.Error);

        var added = await AuditSinceAsync(since);
        Assert.NotEmpty(added);                                                   // the failure is recorded...
        Assert.All(added, a => Assert.DoesNotContain("Sup3r-Secret", $"{a.Actor} {a.Subject} {a.Note}", StringComparison.OrdinalIgnoreCase));
        Assert.All(added, a => Assert.DoesNotContain("xxxxxxxx", $"{a.Actor} {a.Subject} {a.Note}"));
        Assert.True(added.Sum(a => a.Actor.Length + (a.Subject?.Length ?? 0) + (a.Note?.Length ?? 0)) < 1000, "audit rows grew by more than 1 KB");
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_address_and_the_page_says_when_to_try_again()
    {
        await ReviewSession.EnsureUserAsync(app.DataDir, "wulan", "reviewer");
        var address = app.NewAddress();
        using var http = app.Client(address);
        for (var i = 0; i < AttemptsPerAddress; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(http, $"guess{i}", "wrong password " + i)).Status);   // other names each time

        var context = await app.ContextAsync(address);
        var page = await SignInPageAsync(context, "wulan", ReviewSession.Password);   // the right password, but from the same address
        Assert.Contains("/signin", page.Url);
        Assert.Matches("Too many sign-in attempts from your address. Try again in [0-9]+ seconds?.", await page.Locator("#signin-error").TextContentAsync());
        var refused = await SignInAsync(http, "wulan", ReviewSession.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.NotNull(refused.RetryAfter);
        await context.CloseAsync();

        var elsewhere = await app.ContextAsync(app.NewAddress());
        var signedIn = await SignInPageAsync(elsewhere, "wulan", ReviewSession.Password);
        Assert.DoesNotContain("/signin", signedIn.Url);
        await elsewhere.CloseAsync();
    }

    [Fact]
    public async Task The_answers_are_the_same_for_an_account_that_exists_and_one_that_does_not()
    {
        await ReviewSession.EnsureUserAsync(app.DataDir, "sari", "reviewer");
        static string Shape(Answer a) => $"{(int)a.Status} {Regex.Replace(a.Error ?? "", "[0-9]+", "N")}";
        var real = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < LockoutFailures + 2; i++)   // through the threshold and beyond
        {
            using (var a = app.Client(app.NewAddress())) real.Add(Shape(await SignInAsync(a, "sari", "not her password " + i)));
            using (var b = app.Client(app.NewAddress())) unknown.Add(Shape(await SignInAsync(b, "sari-not-here", "not her password " + i)));
        }
        Assert.Equal(real, unknown);
        Assert.Equal("401 Wrong user name or password.", real[0]);
        Assert.StartsWith("429 Too many failed sign-ins with this user name", real[^1]);
    }

    [Fact]
    public async Task A_stranger_cannot_lock_a_user_out_of_a_browser_they_signed_in_from_and_the_user_is_told()
    {
        await ReviewSession.EnsureUserAsync(app.DataDir, "tari", "admin");
        var browser = await app.ContextAsync(app.NewAddress());
        var first = await SignInPageAsync(browser, "tari", ReviewSession.Password);
        Assert.DoesNotContain("/signin", first.Url);
        await BrowserForms.SubmitAsync(first, () => first.ClickAsync("#signout"));

        var stranger = app.NewAddress();
        using (var http = app.Client(stranger))
        {
            for (var i = 0; i < LockoutFailures; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(http, "tari", "guess " + i)).Status);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(http, "tari", "guess again")).Status);
            // The guesser is stopped: even the right password is not checked from a browser that never signed in as tari.
            Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(http, "tari", ReviewSession.Password)).Status);
        }

        var again = await SignInPageAsync(browser, "tari", ReviewSession.Password);   // her own browser is not held back
        Assert.DoesNotContain("/signin", again.Url);
        var notice = await again.Locator("#signin-notice").TextContentAsync();
        Assert.Contains($"{LockoutFailures} failed sign-ins", notice);
        Assert.Contains(stranger, notice);
        await browser.CloseAsync();
        await using var db = TestDb.OpenAt(app.DataDir);
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Actor == "tari" && a.Action == "locked-out"));
    }

    [Fact]
    public async Task Sign_out_ends_the_session_on_the_server_so_a_copied_cookie_is_worthless()
    {
        await ReviewSession.EnsureUserAsync(app.DataDir, "umar", "reviewer");
        var context = await app.ContextAsync(app.NewAddress());
        var page = await SignInPageAsync(context, "umar", ReviewSession.Password);
        var session = (await context.CookiesAsync()).Single(c => c.Name == "mw.session");
        using var copy = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Url) };
        HttpRequestMessage Get() => new(HttpMethod.Get, "/dashboard") { Headers = { { "Cookie", $"mw.session={session.Value}" } } };
        Assert.Equal(HttpStatusCode.OK, (await copy.SendAsync(Get())).StatusCode);   // the copy works while the session lasts

        await BrowserForms.SubmitAsync(page, () => page.ClickAsync("#signout"));
        Assert.Contains("/signin", page.Url);
        var after = await copy.SendAsync(Get());
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/signin", after.Headers.Location!.OriginalString);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Behind_the_configured_proxy_cookies_are_Secure_and_the_audit_log_names_the_forwarded_address()
    {
        await ReviewSession.EnsureUserAsync(app.DataDir, "vina", "reviewer");
        var address = app.NewAddress();
        var context = await app.ContextAsync(address, new() { ["X-Forwarded-Proto"] = "https" });
        var setCookies = new List<string>();
        context.Response += async (_, r) => { foreach (var h in await r.HeadersArrayAsync()) if (h.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase)) setCookies.Add(h.Value); };
        var page = await SignInPageAsync(context, "vina", ReviewSession.Password);
        Assert.DoesNotContain("/signin", page.Url);
        foreach (var name in new[] { "mw.session", "mw.antiforgery" })
            Assert.Contains(setCookies, c => c.StartsWith(name + "=") && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(setCookies, c => !c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        await context.CloseAsync();
        await using var db = TestDb.OpenAt(app.DataDir);
        Assert.Contains(address, (await db.Audit.Where(a => a.Actor == "vina" && a.Action == "sign-in").SingleAsync()).Note);
    }

    [Fact]
    public async Task The_TempData_cookie_that_carries_a_new_password_is_SameSite_Strict()
    {
        await ReviewSession.EnsureUserAsync(app.DataDir, "wati", "admin");
        var context = await app.ContextAsync(app.NewAddress());
        var page = await SignInPageAsync(context, "wati", ReviewSession.Password);
        await page.GotoAsync("/users");
        await page.FillAsync("form.filters input[name=name]", "yanti");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.filters button[type=submit]"), r => r.Request.Method == "POST");
        var tempData = (await response.HeadersArrayAsync()).Where(h => h.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)
            .Single(c => c.Contains("tempdata", StringComparison.OrdinalIgnoreCase) || c.Contains("TempDataProvider", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("samesite=strict", tempData, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", tempData, StringComparison.OrdinalIgnoreCase);
        await page.WaitForSelectorAsync("#new-password");
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_UI_answers_only_to_its_own_host_names_not_to_a_rebound_one()
    {
        var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        Assert.Equal(400, (await page.GotoAsync($"http://rebind.example:{app.Port}/signin"))!.Status);   // DNS rebinding: a foreign name on our address
        Assert.Equal(0, await page.Locator("#signin").CountAsync());
        foreach (var host in new[] { "review.example.org", "localhost", "127.0.0.1" })
            Assert.Equal(200, (await page.GotoAsync($"http://{host}:{app.Port}/signin"))!.Status);
        await context.CloseAsync();
    }
}
