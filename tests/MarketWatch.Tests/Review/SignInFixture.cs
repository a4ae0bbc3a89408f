using System.Net;
using MarketWatch.Tests.Support;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Review;

/// <summary>
/// The review UI as it runs behind a TLS-terminating proxy on this machine (Review:TrustedProxies = 127.0.0.1), so each
/// test can speak from its own client addresses through X-Forwarded-For, plus a Chromium that resolves two made-up
/// host names to 127.0.0.1 (a DNS rebinding page, and the name the UI is configured for).
/// </summary>
public sealed class SignInFixture : IAsyncLifetime
{
    public const int LockoutFailures = 3, AttemptsPerAddress = 5;
    private BrowserHost _host = null!;
    private int _address;
    public IBrowser Browser => _host.Browser;
    public string Url => _host.Url;
    public string DataDir => _host.DataDir;
    public int Port => new Uri(Url).Port;

    public async Task InitializeAsync() => _host = await BrowserHost.StartAsync(
        [
            new("Review:LockoutFailures", LockoutFailures.ToString()), new("Review:SignInAttemptsPerAddress", AttemptsPerAddress.ToString()),
            new("Review:SignInWindowSeconds", "3600"), new("Review:TrustedProxies:0", "127.0.0.1"), new("Review:AllowedHosts:0", "review.example.org"),
        ],
        "--host-resolver-rules=MAP rebind.example 127.0.0.1, MAP review.example.org 127.0.0.1");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>A client address no other test uses (TEST-NET-2), as the proxy would forward it.</summary>
    public string NewAddress() => $"198.51.100.{Interlocked.Increment(ref _address)}";

    public HttpClient Client(string address)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(Url) };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return http;
    }

    public sealed record Answer(HttpStatusCode Status, string? Error, string? RetryAfter, HttpResponseMessage Response);

    /// <summary>Posts the sign-in form (with its anti-forgery token) and reads the answer as the page shows it.</summary>
    public static async Task<Answer> SignInAsync(HttpClient http, string name, string password)
    {
        var response = await ReviewSession.PostFormAsync(http, "/signin", new() { ["name"] = name, ["password"] = password });
        var html = await response.Content.ReadAsStringAsync();
        var error = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("#signin-error")?.TextContent.Trim();
        return new Answer(response.StatusCode, error, response.Headers.RetryAfter?.ToString(), response);
    }

    public async Task<IBrowserContext> ContextAsync(string address, Dictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(headers ?? []) { ["X-Forwarded-For"] = address };
        return await Browser.NewContextAsync(new() { BaseURL = Url, ExtraHTTPHeaders = all });
    }

    /// <summary>Signs in through the page as a person would; returns the page after the form was sent.</summary>
    public static async Task<IPage> SignInPageAsync(IBrowserContext context, string name, string password)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(BrowserForms.Patience);
        await page.GotoAsync("/signin");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", password);
        await BrowserForms.SubmitAsync(page, () => page.ClickAsync("#signin"));
        return page;
    }
}

[CollectionDefinition("sign-in")]
public sealed class SignInCollection : ICollectionFixture<SignInFixture>;
