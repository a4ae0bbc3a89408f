using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Review.Localisation;

/// <summary>Issue 17: the workspace in Bahasa Indonesia on Jakarta time, English on request, every page wholly in one language.</summary>
[Collection("workspace")]
public class LanguageTests(WorkspaceFixture app)
{
    [Fact]
    public async Task A_new_user_sees_the_workspace_in_Bahasa_Indonesia_with_Jakarta_times_and_rupiah_as_Indonesians_write_them()
    {
        var page = await app.SignedInAsync("rina", culture: null);   // the browser asks for en-US: it must not matter
        Assert.Equal("id", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Antrean", await page.InnerTextAsync("h1"));
        Assert.Contains("Kesehatan crawl", await page.InnerTextAsync("header nav"));

        await page.GotoAsync($"/listing/{app.Listing.Id}");
        Assert.Contains("Konfirmasi: penawaran IMEI ilegal", await page.InnerTextAsync("#confirm"));
        Assert.Contains("Tolak: bukan penawaran", await page.InnerTextAsync("#dismiss"));
        Assert.Contains("Rp150.000", await page.InnerTextAsync(".meta"));
        Assert.Equal("1,2rb terjual", await page.InnerTextAsync("#sold"));
        // Seen at 11:00 UTC: 18:00 in Jakarta, the zone named.
        Assert.Contains("30/11/2026 18:00 WIB", await page.InnerTextAsync("#sightings"));
        Assert.Contains("frasa menawarkan jasa IMEI", await page.InnerTextAsync("#reasons"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Switching_to_English_changes_the_page_and_is_kept_with_the_account_on_another_browser()
    {
        var page = await app.SignedInAsync("dewi", culture: null);
        await page.GotoAsync($"/listing/{app.Listing.Id}");
        await WorkspaceFixture.SwitchAsync(page, "en");
        Assert.EndsWith($"/listing/{app.Listing.Id}", page.Url);   // back where the switch was made
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("confirm: illegal IMEI offer", await page.InnerTextAsync("#confirm"));
        Assert.Contains("Rp150,000", await page.InnerTextAsync(".meta"));
        Assert.Equal("1.2k sold", await page.InnerTextAsync("#sold"));
        await page.Context.CloseAsync();

        await using (var db = TestDb.OpenAt(app.DataDir))
            Assert.Equal("en", (await db.Users.AsNoTracking().SingleAsync(u => u.Name == "dewi")).Culture);
        var elsewhere = await app.SignedInAsync("dewi", culture: null);   // a fresh browser: no cookie, the account decides
        Assert.Equal("Queue", await elsewhere.InnerTextAsync("h1"));
        await WorkspaceFixture.SwitchAsync(elsewhere, "id-ID");
        Assert.Equal("Antrean", await elsewhere.InnerTextAsync("h1"));
        await elsewhere.Context.CloseAsync();
    }

    [Theory]
    [InlineData("id-ID")]
    [InlineData("en")]
    public async Task Every_page_speaks_one_language_with_no_untranslated_string(string culture)
    {
        Assert.True(PageText.Translations > 100, "the Indonesian resources are missing from the build");
        var page = await app.SignedInAsync(culture == "en" ? "agus" : "sari", culture: culture);
        var problems = new List<string>();
        foreach (var path in app.Pages())
        {
            await page.GotoAsync(path);
            problems.AddRange(PageText.Foreign(await PageText.ReadAsync(page), culture == "id-ID", app.Data()).Select(p => $"{path}: {p}"));
        }
        // Signed out: the sign-in page, and a denied page.
        var anonymous = await page.Context.Browser!.NewContextAsync(new() { BaseURL = app.Url });
        var signIn = await anonymous.NewPageAsync();
        await signIn.GotoAsync("/signin");
        if (culture == "en") await WorkspaceFixture.SwitchAsync(signIn, "en");
        problems.AddRange(PageText.Foreign(await PageText.ReadAsync(signIn), culture == "id-ID", app.Data()).Select(p => $"/signin: {p}"));
        await signIn.FillAsync("#name", "nobody");
        await signIn.FillAsync("#password", "wrong password here");
        await BrowserForms.SubmitAsync(signIn, () => signIn.ClickAsync("#signin"));
        problems.AddRange(PageText.Foreign(await PageText.ReadAsync(signIn), culture == "id-ID", app.Data()).Select(p => $"/signin (wrong): {p}"));
        await anonymous.CloseAsync();
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, $"{problems.Count} strings in the wrong language:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task The_queue_filters_by_days_typed_as_dd_mm_yyyy_and_shows_them_back_that_way()
    {
        var page = await app.SignedInAsync("budi", culture: null);
        await page.GotoAsync("/?status=all");
        await page.FillAsync("#filter-from", "30/11/2026");
        await page.FillAsync("#filter-to", "30/11/2026");
        await BrowserForms.SubmitAsync(page, () => page.ClickAsync("#filters button[type=submit]"));
        var ids = await page.Locator("#queue tbody tr").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.id))");
        Assert.Contains(app.Listing.Id, ids);                     // first seen 30/11
        Assert.Equal("30/11/2026", await page.InputValueAsync("#filter-from"));
        await page.FillAsync("#filter-from", "31/02/2026");
        await BrowserForms.SubmitAsync(page, () => page.ClickAsync("#filters button[type=submit]"));
        Assert.Contains("bukan tanggal (hh/bb/tttt)", await page.InnerTextAsync("#filter-errors"));
        await page.Context.CloseAsync();
    }
}
