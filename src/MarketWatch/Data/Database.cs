using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace MarketWatch.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Section "Database": SQLite in the data directory (one node), or PostgreSQL shared by several nodes.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>Npgsql connection string; required with Postgres, unused with SQLite (the file is DATA/marketwatch.db).</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public void Validate()
    {
        if (!IsPostgres) return;
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new Marketplaces.ConfigurationException("Database:ConnectionString is required when Database:Provider is Postgres");
        try { _ = new NpgsqlConnectionStringBuilder(ConnectionString); }
        catch (ArgumentException e) { throw new Marketplaces.ConfigurationException($"Database:ConnectionString: {e.Message}"); }
    }
}

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

    public static DbContextOptions<PostgresMarketWatchDb> PostgresOptions(string connectionString) =>
        new DbContextOptionsBuilder<PostgresMarketWatchDb>().UseNpgsql(connectionString).Options;

    /// <summary>A context on the configured provider: the SQLite file in the data directory, or PostgreSQL.</summary>
    public static MarketWatchDb Open(DatabaseOptions options, string dataDir) => options.IsPostgres
        ? new PostgresMarketWatchDb(PostgresOptions(options.ConnectionString!))
        : new MarketWatchDb(new DbContextOptionsBuilder<MarketWatchDb>().UseSqlite(ConnectionString(dataDir)).Options);

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL, so the web UI reads while a crawl writes.</summary>
    public static async Task MigrateAsync(MarketWatchDb db, CancellationToken ct = default)
    {
        if (db.Database.IsNpgsql())
        {
            // Nodes starting together on a new database would apply the same migration twice ("column already
            // exists", seen in the cluster tests): one at a time, under a session lock held on this connection.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(hashtext('marketwatch:migrate'))", ct);
                try { await db.Database.MigrateAsync(ct); }
                finally { await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(hashtext('marketwatch:migrate'))", CancellationToken.None); }
            }
            finally { await db.Database.CloseConnectionAsync(); }
            return;
        }
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    /// <summary>
    /// Serialises writers of one marketplace's pages inside the current transaction. SQLite already runs one
    /// writer at a time; on PostgreSQL two pages stored at once could both insert the same new seller or
    /// listing and one would fail on the unique index, so they take a transaction-scoped advisory lock.
    /// </summary>
    public static async Task LockForWriteAsync(MarketWatchDb db, string marketplace, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"store:" + marketplace}))", ct);
    }

    /// <summary>The database's clock on PostgreSQL (shared by every node), the process's on SQLite (one machine).</summary>
    public static async Task<DateTime> NowAsync(MarketWatchDb db, CancellationToken ct) => db.Database.IsNpgsql()
        ? DateTime.SpecifyKind((await db.Database.SqlQueryRaw<DateTime>("SELECT now() AT TIME ZONE 'UTC' AS \"Value\"").ToListAsync(ct)).Single(), DateTimeKind.Utc)
        : DateTime.UtcNow;
}

/// <summary>Hands out contexts on the configured provider: what every feature asks for as IDbContextFactory&lt;MarketWatchDb&gt;.</summary>
public sealed class MarketWatchDbFactory(DatabaseOptions options, string dataDir) : IDbContextFactory<MarketWatchDb>
{
    private readonly DbContextOptions<MarketWatchDb>? _sqlite = options.IsPostgres ? null
        : new DbContextOptionsBuilder<MarketWatchDb>().UseSqlite(Database.ConnectionString(dataDir)).Options;
    private readonly DbContextOptions<PostgresMarketWatchDb>? _postgres = options.IsPostgres ? Database.PostgresOptions(options.ConnectionString!) : null;

    public DatabaseOptions Options => options;

    public MarketWatchDb CreateDbContext() => _postgres is not null ? new PostgresMarketWatchDb(_postgres) : new MarketWatchDb(_sqlite!);
}

/// <summary>Lets `dotnet ef migrations add` build the SQLite context without starting the app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MarketWatchDb>
{
    public MarketWatchDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MarketWatchDb>();
        Database.Configure(options, Path.GetTempPath());
        return new MarketWatchDb(options.Options);
    }
}

/// <summary>The same for the PostgreSQL context; adding a migration needs no server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMarketWatchDb>
{
    public PostgresMarketWatchDb CreateDbContext(string[] args) => new(Database.PostgresOptions("Host=localhost;Database=marketwatch"));
}
