using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using MarketWatch.Jobs;
using MarketWatch.Marketplaces;
using MarketWatch.Review.Auth;
using MarketWatch.Service;
using MarketWatch.Review.Localisation;

namespace MarketWatch.Review;

/// <summary>The web host: the review UI, plus the demo crawl when asked for.</summary>
public static class WebApp
{
    /// <param name="sandboxUrl">In demo mode, the in-process sandbox every patrol is pointed at.</param>
    /// <param name="overrides">Configuration values on top of the file (tests use it to keep the scheduler off).</param>
    public static WebApplication Build(AppPaths paths, string urls, string? sandboxUrl = null, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var config = paths.LoadConfiguration();
        if (overrides is not null) config = new ConfigurationBuilder().AddConfiguration(config).AddInMemoryCollection(overrides).Build();
        if (sandboxUrl is not null)
            // The local sandbox needs no politeness delay; real sites keep the configured one.
            config = new ConfigurationBuilder().AddConfiguration(config).AddInMemoryCollection([
                new("Schedules:SandboxUrl", sandboxUrl), new("Crawl:Politeness:DelaySeconds", "0"), new("Crawl:Politeness:AutoThrottle", "false")]).Build();
        var marketplaces = MarketplaceCatalog.FromConfiguration(config);
        var review = ReadReviewOptions(config);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Only our configuration file and MarketWatch__ variables: not the default appsettings lookup in the content root.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(config);
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddGracefulStop().AddProbes();   // SIGTERM/SIGINT: a bounded stop, a second signal ends at once; /healthz, /readyz (Service/)
        builder.Services.AddSingleton(paths).AddData(config, paths).AddMarketplaces(config).AddDetection(config, paths).AddCrawling(config, paths)
            .AddScheduling(config, paths, marketplaces);
        // The application part is named so the pages are found when another assembly (a test host) is the entry point.
        builder.Services.AddReviewAuth(review).AddReviewLocalisation(review, review.MarkUntranslated);
        var metrics = builder.Services.AddMetrics(config);
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "mw.antiforgery";
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddSingleton<WeekQualityCache>();
        builder.Services.AddRazorPages(o => o.RootDirectory = "/Review").AddApplicationPart(typeof(WebApp).Assembly).AddViewLocalization();
        // Emit Indonesian text and emoji as characters, not entities; markup characters are still encoded.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        if (sandboxUrl is not null) builder.Services.AddHostedService<DemoPatrol>();

        var app = builder.Build();
        app.UseForwardedHeadersFromProxies(review);
        app.MapProbes();   // anonymous /healthz and /readyz for systemd, load balancers and Kubernetes
        app.MapReview();
        app.MapMetrics(metrics);
        return app;
    }

    private static ReviewOptions ReadReviewOptions(IConfiguration config)
    {
        var options = new ReviewOptions();
        try { config.GetSection("Review").Bind(options); }
        catch (InvalidOperationException e) { throw new ConfigurationException($"Review: {e.Message}"); }
        return options.Validate();
    }

    /// <summary>The address actually bound (differs from the configured one when it asked for port 0).</summary>
    public static string BoundUrl(this WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
}
