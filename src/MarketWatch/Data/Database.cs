using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MarketWatch.Data;

public static class Database
{
    public static string ConnectionString(string dataDir) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDir, "marketwatch.db"),
        Pooling = true,
        DefaultTimeout = 30,   // seconds a writer waits on a locked database before failing
    }.ToString();

    public static void Configure(DbContextOptionsBuilder options, string dataDir) =>
        options.UseSqlite(ConnectionString(dataDir));

    /// <summary>Applies pending migrations and switches the file to WAL, so the web UI reads while a crawl writes.</summary>
    public static async Task MigrateAsync(MarketWatchDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

/// <summary>Lets `dotnet ef migrations add` build the context without starting the app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MarketWatchDb>
{
    public MarketWatchDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MarketWatchDb>();
        Database.Configure(options, Path.GetTempPath());
        return new MarketWatchDb(options.Options);
    }
}
