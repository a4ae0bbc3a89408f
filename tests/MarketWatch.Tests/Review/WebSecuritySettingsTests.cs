using System.Net;
using MarketWatch.Marketplaces;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Review;

/// <summary>The web host's own settings: proxies, host names and sign-in limits, each checked at start and honoured as configured.</summary>
public class WebSecuritySettingsTests
{
    [Theory]
    [InlineData("Review:TrustedProxies:0", "proxy.internal", "Review:TrustedProxies:0")]
    [InlineData("Review:TrustedProxies:1", "10.0.0.0/99", "Review:TrustedProxies:1")]
    [InlineData("Review:AllowedHosts:0", "https://review.example.org/", "Review:AllowedHosts:0")]
    [InlineData("Review:AllowedHosts:0", "*", "Review:AllowedHosts:0")]
    [InlineData("Review:SignInAttemptsPerAddress", "0", "Review:SignInAttemptsPerAddress")]
    [InlineData("Review:SignInWindowSeconds", "0", "Review:SignInWindowSeconds")]
    [InlineData("Review:LockoutFailures", "0", "Review:LockoutFailures")]
    public void A_bad_security_setting_stops_the_start_naming_the_key(string key, string value, string expected)
    {
        using var dir = new TempDir();
        var overrides = new Dictionary<string, string?> { ["Schedules:Enabled"] = "false", ["Review:TrustedProxies:0"] = "127.0.0.1", [key] = value };
        var e = Assert.Throws<ConfigurationException>(() => WebApp.Build(AppPaths.Resolve(null, dir.Path), "http://127.0.0.1:0", overrides: overrides));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task Serve_refuses_a_bad_proxy_address_from_the_environment_with_one_line()
    {
        using var dir = new TempDir();
        var result = await AppProcess.RunAsync(new Dictionary<string, string> { ["MarketWatch__Review__TrustedProxies__0"] = "my-proxy" },
            "--data-dir", dir.Path, "serve", "--urls", $"http://127.0.0.1:{Ports.Unused()}");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: Review:TrustedProxies:0", result.Stderr.Trim());
    }

    private static async Task<T> WithAppAsync<T>(TestDb db, Func<string, Task<T>> act, params KeyValuePair<string, string?>[] overrides)
    {
        await using var web = WebApp.Build(AppPaths.Resolve(null, db.DataDir), "http://127.0.0.1:0", overrides: [new("Schedules:Enabled", "false"), Support.EnglishUi.Setting, .. overrides]);
        await Services.PrepareDatabaseAsync(web.Services);
        await web.StartAsync();
        try { return await act(web.BoundUrl()); }
        finally { await web.StopAsync(); }
    }

    [Theory]
    [InlineData(null)]           // no proxy configured: nobody's forwarded headers count
    [InlineData("10.1.2.3")]     // a proxy elsewhere: ours (127.0.0.1) is not it
    public async Task Forwarded_headers_from_an_address_that_is_not_a_configured_proxy_are_ignored(string? proxy)
    {
        await using var db = await TestDb.CreateAsync();
        await ReviewSession.EnsureUserAsync(db.DataDir, "xena", "reviewer");
        var cookies = await WithAppAsync(db, async url =>
        {
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.5");
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            var response = await ReviewSession.PostFormAsync(http, "/signin", new() { ["name"] = "xena", ["password"] = ReviewSession.Password });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.GetValues("Set-Cookie").ToList();
        }, proxy is null ? [] : [new("Review:TrustedProxies:0", proxy)]);
        Assert.Contains(cookies, c => c.StartsWith("mw.session="));
        Assert.All(cookies, c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
        await using var context = db.Open();
        var note = (await context.Audit.SingleAsync(a => a.Actor == "xena" && a.Action == "sign-in")).Note;
        Assert.Contains("127.0.0.1", note);
        Assert.DoesNotContain("203.0.113.5", note);
    }

    [Fact]
    public async Task A_foreign_Host_header_is_refused_and_the_loopback_names_work_on_any_port()
    {
        await using var db = await TestDb.CreateAsync();
        var statuses = await WithAppAsync(db, async url =>
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
            var result = new Dictionary<string, HttpStatusCode>();
            foreach (var host in new[] { "evil.example", "evil.example:80", "127.0.0.1.nip.io", "localhost:1234", "127.0.0.1:9", "[::1]:5080" })
                result[host] = (await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/signin") { Headers = { Host = host } })).StatusCode;
            return result;
        });
        Assert.Equal(HttpStatusCode.BadRequest, statuses["evil.example"]);
        Assert.Equal(HttpStatusCode.BadRequest, statuses["evil.example:80"]);
        Assert.Equal(HttpStatusCode.BadRequest, statuses["127.0.0.1.nip.io"]);
        Assert.Equal(HttpStatusCode.OK, statuses["localhost:1234"]);
        Assert.Equal(HttpStatusCode.OK, statuses["127.0.0.1:9"]);
        Assert.Equal(HttpStatusCode.OK, statuses["[::1]:5080"]);
    }
}
