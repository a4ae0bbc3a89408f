using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Cli;

/// <summary>The services a command-line verb needs, with the database migrated.</summary>
public static class CliServices
{
    public static async Task<ServiceProvider> StartAsync(AppPaths paths, CancellationToken ct)
    {
        var config = paths.LoadConfiguration();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None))   // a failed command surfaces as its exception, told once by CommandLine.Guard
            .AddData(config, paths)
            .AddMarketplaces(config)
            .AddDetection(config, paths)
            .AddCrawling(config, paths)
            .BuildServiceProvider();
        await Services.PrepareDatabaseAsync(services, ct);
        return services;
    }

    /// <summary>The detector as the crawl builds it (TAC directory included), for `classify` and `evaluate`.</summary>
    public static async Task<Detector> DetectorAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
        return await services.GetRequiredService<DetectorFactory>().CreateAsync(db, ct);
    }
}
