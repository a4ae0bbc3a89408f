using System.Collections.Concurrent;
using System.Diagnostics;
using MarketWatch.Crawling;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Support;

/// <summary>
/// A real database in a temporary data directory, migrated as the app does at start: the SQLite file in the
/// directory, or a fresh database of its own on the test PostgreSQL server (<see cref="Postgres"/>). Which one a
/// data directory uses is remembered here, so <see cref="OpenAt"/>, <see cref="AppProcess"/> and the web host
/// reach the same database for it.
/// </summary>
public sealed class TestDb : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, DatabaseOptions> ByDataDir = new();
    private readonly TempDir _dir = new();
    public string DataDir => _dir.Path;
    public DatabaseProvider Provider { get; private init; }

    public MarketWatchDb Open() => OpenAt(DataDir);

    /// <summary>The database a `marketwatch --data-dir DIR` process writes, opened from the test.</summary>
    public static MarketWatchDb OpenAt(string dataDir) => Database.Open(OptionsFor(dataDir), dataDir);

    public static DatabaseOptions OptionsFor(string dataDir) => ByDataDir.GetValueOrDefault(Path.GetFullPath(dataDir)) ?? new DatabaseOptions();

    /// <summary>The evidence store the app uses for this data directory (files, or the PostgreSQL database).</summary>
    public static EvidenceStore EvidenceAt(string dataDir) =>
        EvidenceStore.For(OptionsFor(dataDir), dataDir, new MarketWatchDbFactory(OptionsFor(dataDir), dataDir));

    /// <summary>The stored bytes of an evidence path (a file, or a row of EvidenceBlobs), null when absent.</summary>
    public static Task<byte[]?> EvidenceBytesAsync(string dataDir, string path) => Backend(dataDir).GetAsync(path, default);

    /// <summary>Alters stored evidence behind the app's back, the way an intruder with access to the store would.</summary>
    public static async Task TamperEvidenceAsync(string dataDir, string path)
    {
        var bytes = (await EvidenceBytesAsync(dataDir, path))!;
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            // A careful intruder edits the content and compresses it again, so only the recorded hash can tell.
            using var plain = new MemoryStream();
            await using (var gz = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress)) await gz.CopyToAsync(plain);
            var content = plain.ToArray();
            content[content.Length / 2] ^= 0x01;
            using var packed = new MemoryStream();
            await using (var gz = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) await gz.WriteAsync(content);
            bytes = packed.ToArray();
        }
        else bytes[^10] ^= 0xFF;
        if (OptionsFor(dataDir).IsPostgres)
        {
            await using var db = OpenAt(dataDir);
            await db.Database.ExecuteSqlAsync($"""UPDATE "EvidenceBlobs" SET "Content" = {bytes} WHERE "Path" = {path}""");
            return;
        }
        var file = System.IO.Path.Combine(dataDir, path);
        File.SetAttributes(file, FileAttributes.Normal);
        await File.WriteAllBytesAsync(file, bytes);
    }

    private static IEvidenceBackend Backend(string dataDir) => OptionsFor(dataDir).IsPostgres
        ? new DatabaseEvidence(new MarketWatchDbFactory(OptionsFor(dataDir), dataDir)) : new FileEvidence(dataDir);

    /// <summary>Configuration that points the app at this data directory's database: environment variables for a child process.</summary>
    public static Dictionary<string, string> Environment(string dataDir) => OptionsFor(dataDir) is { IsPostgres: true } o
        ? new() { ["MarketWatch__Database__Provider"] = "Postgres", ["MarketWatch__Database__ConnectionString"] = o.ConnectionString! }
        : [];

    /// <summary>The same as configuration overrides, for a web host built in the test process.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Overrides(string dataDir) =>
        Environment(dataDir).Select(kv => new KeyValuePair<string, string?>(kv.Key["MarketWatch__".Length..].Replace("__", ":"), kv.Value));

    public static void Apply(ProcessStartInfo psi, string dataDir)
    {
        foreach (var (k, v) in Environment(dataDir)) psi.Environment[k] = v;
    }

    /// <summary>Gives a data directory its own PostgreSQL database (with Postgres), or leaves it on its SQLite file.</summary>
    public static async Task UseAsync(string dataDir, DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.Postgres) return;
        ByDataDir[Path.GetFullPath(dataDir)] = new DatabaseOptions { Provider = provider, ConnectionString = await Postgres.CreateDatabaseAsync() };
    }

    /// <summary>Points a second data directory (another node) at the same database as the first.</summary>
    public static void Share(string dataDir, string otherDataDir) => ByDataDir[Path.GetFullPath(otherDataDir)] = OptionsFor(dataDir);

    /// <summary>Drops the data directory's PostgreSQL database, if it has one.</summary>
    public static void Forget(string dataDir)
    {
        if (ByDataDir.TryRemove(Path.GetFullPath(dataDir), out var o) && o.IsPostgres && !ByDataDir.Values.Contains(o)) Postgres.DropDatabase(o.ConnectionString!);
    }

    public static async Task<TestDb> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var db = new TestDb { Provider = provider };
        await UseAsync(db.DataDir, provider);
        await using var context = db.Open();
        await Database.MigrateAsync(context);
        return db;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();   // forgets (drops) its PostgreSQL database too
        return ValueTask.CompletedTask;
    }
}

/// <summary>Both providers, for the tests that must behave the same on each.</summary>
public static class Providers
{
    public static TheoryData<DatabaseProvider> Both => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];
}
