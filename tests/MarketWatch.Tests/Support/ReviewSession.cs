using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Review.Auth;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Support;

/// <summary>Accounts for tests, and an HttpClient signed in through the real sign-in form (cookie + anti-forgery token).</summary>
public static class ReviewSession
{
    public const string Password = "correct horse battery staple";

    /// <summary>Creates the user in the app's database (if missing) with <see cref="Password"/>.</summary>
    public static async Task EnsureUserAsync(string dataDir, string name, string role)
    {
        await using var db = TestDb.OpenAt(dataDir);
        if (await Accounts.FindAsync(db, name, default) is null)
            await new Accounts(new ReviewOptions()).AddAsync(db, name, role, Password, "test", default);
    }

    public static async Task<HttpClient> SignedInAsync(string baseUrl, string dataDir, string name = "admin", string role = Roles.Admin)
    {
        await EnsureUserAsync(dataDir, name, role);
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = new Uri(baseUrl) };
        var response = await PostFormAsync(http, "/signin", new() { ["name"] = name, ["password"] = Password });
        if (!response.IsSuccessStatusCode || response.RequestMessage!.RequestUri!.AbsolutePath == "/signin")
            throw new InvalidOperationException($"sign-in as {name} failed: {response.StatusCode}");
        return http;
    }

    /// <summary>GETs the page, takes the anti-forgery token from its first form, and posts the fields to the form's action (or to postPath).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string pagePath, Dictionary<string, string> fields, string? postPath = null)
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await http.GetStringAsync(pagePath));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"{pagePath} has no anti-forgery token");
        fields["__RequestVerificationToken"] = token;
        return await http.PostAsync(postPath ?? pagePath, new FormUrlEncodedContent(fields));
    }
}
