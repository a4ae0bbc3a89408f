using MarketWatch.Exports;
using MarketWatch.Marketplaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MarketWatch.Jobs;

/// <summary>
/// Quartz beside the web app, on its persistent ADO.NET store in DATA/quartz.db (schema created by Quartz),
/// so a schedule survives restarts and a missed slot is fired once after downtime.
/// </summary>
public static class Scheduling
{
    public const string Group = "marketwatch";

    public static string QuartzConnectionString(string dataDir) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "quartz.db"), Pooling = true }.ToString();

    public static ScheduleOptions Options(IConfiguration config, MarketplaceCatalog marketplaces)
    {
        var options = new ScheduleOptions();
        try { config.GetSection("Schedules").Bind(options); }
        catch (InvalidOperationException e) { throw new ConfigurationException($"Schedules: {e.Message}"); }
        options.Validate(marketplaces);
        return options;
    }

    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration config, AppPaths paths, MarketplaceCatalog marketplaces)
    {
        var options = Options(config, marketplaces);
        services.AddSingleton(options).AddHttpClient().AddSingleton<AlertService>().AddSingleton<PatrolRunner>().AddSingleton<JobLog>();
        services.AddExports(config, paths);   // the weekly report job and the export page
        if (!options.Enabled) return services;
        Data.PrivateFiles.Database(Path.Combine(paths.DataDir, "quartz.db"));
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = "MarketWatch");
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(QuartzConnectionString(paths.DataDir));
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<ScheduleSync>();
        return services;
    }

    public static JobKey PatrolKey(string name) => new("patrol:" + name, Group);
    public static TriggerKey PatrolTrigger(string name) => new("patrol:" + name, Group);
}
