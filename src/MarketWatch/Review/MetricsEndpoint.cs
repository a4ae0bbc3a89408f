using System.Net;
using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace MarketWatch.Review;

/// <summary>Section "Metrics": the Prometheus scrape endpoint of `serve`.</summary>
public sealed class MetricsOptions
{
    /// <summary>Off by default: the crawl's counters say which marketplaces are watched and how often.</summary>
    public bool Enabled { get; set; }
    public string Path { get; set; } = "/metrics";
}

/// <summary>
/// The crawl's OpenTelemetry metrics (<see cref="CrawlMetrics"/>) on a Prometheus scrape endpoint. When on, it
/// answers only a client on the loopback interface (a Prometheus agent on this machine) or a signed-in admin; the
/// review workspace's fallback policy would otherwise ask a scraper to sign in. Behind a reverse proxy every client
/// looks local: keep the path off the proxy.
/// </summary>
public static class MetricsEndpoint
{
    private const string Policy = "metrics-scrape";

    public static MetricsOptions AddMetrics(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        if (!options.Path.StartsWith('/')) throw new Marketplaces.ConfigurationException($"Metrics:Path: '{options.Path}' must start with '/'");
        if (!options.Enabled) return options;
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(CrawlMetrics.MeterName).AddPrometheusExporter());
        services.AddAuthorization(o => o.AddPolicy(Policy, p => p.RequireAssertion(c =>
            c.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) || c.User.IsInRole(Roles.Admin))));
        return options;
    }

    public static void MapMetrics(this WebApplication app, MetricsOptions options)
    {
        if (options.Enabled) app.MapPrometheusScrapingEndpoint(options.Path).RequireAuthorization(Policy);
    }
}
