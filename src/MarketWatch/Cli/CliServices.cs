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
                .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddData(config, paths)
            .AddMarketplaces(config)
            .AddDetection(config, paths)
            .AddCrawling(config, paths)
            .BuildServiceProvider();
        await Services.PrepareDatabaseAsync(services, ct);
        return services;
    }
}
