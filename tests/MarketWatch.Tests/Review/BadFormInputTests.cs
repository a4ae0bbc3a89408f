using System.Net;
using MarketWatch.Tests.Support;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Review;

/// <summary>Form input a person can type or a script can send: answered with the form and the problem, never a 500.</summary>
[Collection("review")]
public class BadFormInputTests(ReviewFixture app)
{
    [Fact]
    public async Task A_takedown_period_ending_on_the_last_day_of_the_calendar_is_refused_on_the_form()
    {
        var page = await app.SignedInPageAsync("yusuf", "reviewer");
        await page.GotoAsync("/exports");
        var form = page.Locator("form[action*='handler=Takedown']");
        await form.Locator("input[name=until]").FillAsync("9999-12-31");
        var response = await page.RunAndWaitForResponseAsync(() => form.Locator("button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await page.WaitForSelectorAsync("#export-error");
        Assert.Equal("until 9999-12-31 is out of range (2000-01-01 to 2999-12-31)", (await page.Locator("#export-error").TextContentAsync())?.Trim());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("Add")]
    [InlineData("Reset")]
    [InlineData("Disable")]
    public async Task A_user_action_posted_without_a_name_shows_the_problem_on_the_users_page(string handler)
    {
        using var admin = await ReviewSession.SignedInAsync(app.Url, app.DataDir, "zaki", "admin");
        var response = await ReviewSession.PostFormAsync(admin, "/users", new(), $"/users?handler={handler}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);                    // redirected back to the page
        Assert.Equal("/users", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.StartsWith("error:", new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector("#message")?.TextContent.Trim());
    }
}
