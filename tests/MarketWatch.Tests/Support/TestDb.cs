using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Support;

/// <summary>A real SQLite file in a temporary data directory, migrated as the app does at start.</summary>
public sealed class TestDb : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    public string DataDir => _dir.Path;

    public MarketWatchDb Open() => OpenAt(DataDir);

    /// <summary>The database a `marketwatch --data-dir DIR` process writes, opened from the test.</summary>
    public static MarketWatchDb OpenAt(string dataDir) =>
        new(new DbContextOptionsBuilder<MarketWatchDb>().UseSqlite(Database.ConnectionString(dataDir)).Options);

    public static async Task<TestDb> CreateAsync()
    {
        var db = new TestDb();
        await using var context = db.Open();
        await Database.MigrateAsync(context);
        return db;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
