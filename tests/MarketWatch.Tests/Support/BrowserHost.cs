using MarketWatch.Crawling;
using MarketWatch.Review;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace MarketWatch.Tests.Support;

/// <summary>The review web app on Kestrel at 127.0.0.1 over a fresh SQLite file (scheduler off), with one real Chromium: what browser fixtures hold.</summary>
public sealed class BrowserHost : IAsyncDisposable
{
    private readonly TestDb _db;
    private readonly IPlaywright _playwright;
    public WebApplication Web { get; }
    public IBrowser Browser { get; }
    public string Url { get; }
    public string DataDir => _db.DataDir;

    private BrowserHost(TestDb db, WebApplication web, IPlaywright playwright, IBrowser browser) =>
        (_db, Web, _playwright, Browser, Url) = (db, web, playwright, browser, web.BoundUrl());

    public static async Task<BrowserHost> StartAsync(IEnumerable<KeyValuePair<string, string?>> overrides, params string[] chromiumArgs)
    {
        var db = await TestDb.CreateAsync();
        // Tests written before issue 17 read English pages; a host that wants another default language says so.
        var all = overrides.ToList();
        if (!all.Any(o => o.Key == EnglishUi.Setting.Key)) all.Add(EnglishUi.Setting);
        var web = WebApp.Build(AppPaths.Resolve(null, db.DataDir), "http://127.0.0.1:0", overrides: [new("Schedules:Enabled", "false"), .. all]);
        await Services.PrepareDatabaseAsync(web.Services);
        await web.StartAsync();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumLocator.Locate(null), Headless = true, Args = ["--no-sandbox", .. chromiumArgs] });
        return new BrowserHost(db, web, playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await Web.StopAsync();
        await Web.DisposeAsync();
        await _db.DisposeAsync();
    }
}
