using MarketWatch.Exports;
using MarketWatch.Marketplaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;

namespace MarketWatch.Jobs;

/// <summary>
/// Quartz beside the web app, on its persistent ADO.NET store (schema created by Quartz): DATA/quartz.db on
/// SQLite, or the schema "quartz" of the shared PostgreSQL database, clustered. A schedule survives restarts
/// and a missed slot is fired once after downtime.
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
        var database = Services.DatabaseOptionsFrom(config);
        if (!database.IsPostgres) Data.PrivateFiles.Database(Path.Combine(paths.DataDir, "quartz.db"));
        // On PostgreSQL the nodes sharing the database form one Quartz cluster: each fire runs on one node, and
        // a node that stops checking in has its running jobs recovered by another (PatrolJob requests recovery).
        if (database.IsPostgres) services.AddHostedService(_ => new QuartzSchema(database.ConnectionString!));   // before Quartz starts
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "MarketWatch";
                // A stop interrupts the running jobs (their token) and then waits for them: a crawl ends at its next safe
                // point in about a second, instead of Quartz giving up on a job still writing (issue 19).
                o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            q.UsePersistentStore(store =>
            {
                if (database.IsPostgres)
                {
                    store.UsePostgres(QuartzSchema.ConnectionString(database.ConnectionString!));
                    // Every node gets its own generated instance id (AUTO); the check-in decides when a node is dead.
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(options.ClusterCheckinSeconds);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(options.ClusterCheckinMisfireSeconds);
                    });
                }
                else store.UseSqlite(QuartzConnectionString(paths.DataDir));
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

/// <summary>
/// Quartz's tables live in a PostgreSQL schema of their own, "quartz", beside the app's tables: the schema is
/// made here, and Quartz creates its tables in it from its shipped script (ProvisionSchema), found through the
/// connection's search path.
/// </summary>
public sealed class QuartzSchema(string connectionString) : IHostedService
{
    public const string Name = "quartz";

    public static string ConnectionString(string app) => new NpgsqlConnectionStringBuilder(app) { SearchPath = Name }.ToString();

    public async Task StartAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {Name}", connection);
        // Two nodes starting at once may both try; the loser finds the winner's schema.
        try { await create.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema) { }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
