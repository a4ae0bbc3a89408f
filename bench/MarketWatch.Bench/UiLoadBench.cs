using System.Diagnostics;
using System.Globalization;
using AngleSharp.Html.Parser;
using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Review.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Bench;

/// <summary>
/// The review UI at a million listings: builds the database through the app's model (or reuses one built before),
/// starts the real app on Kestrel at 127.0.0.1, signs in over HTTP like a browser, and times each page the issue
/// names (full response read), printing p50/p95 per page. The store is whatever the app is configured with:
/// `--provider Postgres --connection CONNSTR` passes Database:Provider / Database:ConnectionString to it.
/// </summary>
public static class UiLoadBench
{
    private sealed record Page(string Name, string Url);

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        string? Str(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Str(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var shape = new UiShape(Int("--listings", 1_000_000), Int("--sellers", 50_000),
            Str("--flagged") is { } f ? double.Parse(f, CultureInfo.InvariantCulture) : 0.032, Int("--decisions", 20_000), Int("--big-seller", 2_754));
        var (requests, provider, connection) = (Int("--requests", 40), Str("--provider") ?? "Sqlite", Str("--connection"));
        var keep = Str("--data");
        var data = keep ?? Directory.CreateTempSubdirectory("mw-uiload-").FullName;
        Directory.CreateDirectory(data);
        var overrides = new List<KeyValuePair<string, string?>>
        {
            new("Schedules:Enabled", "false"), new("Review:PageSize", "50"), new("Database:Provider", provider), new("Database:ConnectionString", connection),
        };
        var app = WebApp.Build(AppPaths.Resolve(null, data), "http://127.0.0.1:0", overrides: overrides);
        try
        {
            await Services.PrepareDatabaseAsync(app.Services);
            var factory = app.Services.GetRequiredService<IDbContextFactory<MarketWatchDb>>();
            await using (var db = await factory.CreateDbContextAsync())
            {
                var engine = db.Database.ProviderName ?? "?";
                if (!engine.Contains(provider, StringComparison.OrdinalIgnoreCase))
                {
                    Console.WriteLine($"uiload: asked for {provider} but the app runs on {engine}; this build has no Database:Provider = {provider} yet");
                    return 2;
                }
                var stored = await db.Listings.CountAsync();
                if (stored == 0) await UiSeed.BuildAsync(factory, shape, DateTime.UtcNow, default);
                else if (stored != shape.Listings) { Console.WriteLine($"uiload: the database holds {stored:N0} listings, not {shape.Listings:N0}: give an empty --data or the same --listings"); return 2; }
                else Console.WriteLine($"reusing the database in {data} ({stored:N0} listings)");
                Console.WriteLine($"{engine}: {await db.Listings.CountAsync():N0} listings, {await db.Listings.CountAsync(l => l.Flagged):N0} flagged, "
                    + $"{await db.Sellers.CountAsync():N0} sellers, {await db.ReviewDecisions.CountAsync():N0} decisions, {await db.Audit.CountAsync():N0} audit entries"
                    + (db.Database.IsSqlite() ? $"; {new FileInfo(Path.Combine(data, "marketwatch.db")).Length / 1048576.0:N0} MiB file" : ""));
            }
            await app.StartAsync();
            return await MeasureAsync(app, factory, shape, requests);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep is null) Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(WebApplication app, IDbContextFactory<MarketWatchDb> factory, UiShape shape, int requests)
    {
        string listing, auditActor;
        await using (var db = await factory.CreateDbContextAsync())
        {
            // A flagged listing with an IMEI shared by other sellers and a relisting link: the fullest listing page.
            listing = "/listing/" + await db.Listings.Where(l => l.Flagged && l.RelistOfListingId != null && l.Imeis.Any()).Select(l => l.Id).FirstAsync();
            auditActor = await db.Audit.Where(a => a.Action == "decide").Select(a => a.Actor).FirstAsync();
        }
        var user = await SignInAsync(app.BoundUrl(), factory);
        var pages = new List<Page>
        {
            new("queue, first page", "/"), new("queue, one marketplace", "/?marketplace=shopee"), new("queue, score range", "/?minScore=0.6&maxScore=0.8"),
            new("queue, page 100", await FollowAsync(user, "/", 99)), new("dashboard", "/dashboard"), new("a listing", listing),
            new($"seller with {shape.BigSeller:N0} listings", "/seller/1"), new("seller, page 20", await FollowAsync(user, "/seller/1", 19)),
            new($"IMEI in {UiShape.PopularCount} listings", "/imei/" + UiShape.PopularImei), new("audit log", "/audit"), new("audit log, one reviewer", "/audit?actor=" + auditActor),
        };
        Console.WriteLine($"load average before: {Load()}; {requests} requests per page after 3 warm-up requests, one at a time, full body read");
        Console.WriteLine($"| page | p50 ms | p95 ms | max ms | KB |\n|---|---:|---:|---:|---:|");
        var worst = 0.0;
        foreach (var page in pages)
        {
            for (var i = 0; i < 3; i++) await GetAsync(user, page.Url);
            var times = new List<double>();
            long bytes = 0;
            for (var i = 0; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                bytes = await GetAsync(user, page.Url);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var p95 = Percentile(times, 0.95);
            worst = Math.Max(worst, p95);
            Console.WriteLine($"| {page.Name} | {Percentile(times, 0.5):0.0} | {p95:0.0} | {times[^1]:0.0} | {bytes / 1024.0:0} |");
        }
        Console.WriteLine($"load average after: {Load()}");
        Console.WriteLine($"slowest p95: {worst:0.0} ms ({(worst < 100 ? "every page under" : "NOT every page under")} 100 ms)");
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<long> GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode || response.RequestMessage!.RequestUri!.AbsolutePath == "/signin")
            throw new InvalidOperationException($"{url}: {(int)response.StatusCode} at {response.RequestMessage!.RequestUri}");
        return body.Length;
    }

    /// <summary>The URL reached by following a page's "next" link n times, as a reviewer would.</summary>
    private static async Task<string> FollowAsync(HttpClient http, string url, int n)
    {
        for (var i = 0; i < n; i++)
            url = new HtmlParser().ParseDocument(await http.GetStringAsync(url)).QuerySelector("#next-page")?.GetAttribute("href")
                ?? throw new InvalidOperationException($"{url} has no next page after {i} pages");
        return url;
    }

    private static async Task<HttpClient> SignInAsync(string baseUrl, IDbContextFactory<MarketWatchDb> factory)
    {
        const string password = "uiload benchmark password";
        await using (var db = await factory.CreateDbContextAsync())
            if (await Accounts.FindAsync(db, "bench", default) is null) await new Accounts(new ReviewOptions()).AddAsync(db, "bench", Roles.Reviewer, password, "bench", default);
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(baseUrl) };
        var form = new HtmlParser().ParseDocument(await http.GetStringAsync("/signin"));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await http.PostAsync("/signin", new FormUrlEncodedContent([new("name", "bench"), new("password", password), new("__RequestVerificationToken", token)]));
        if (response.RequestMessage!.RequestUri!.AbsolutePath == "/signin") throw new InvalidOperationException("uiload: sign-in as bench failed");
        return http;
    }
}
