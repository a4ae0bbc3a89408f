using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MarketWatch.Data;

/// <summary>
/// The PostgreSQL context: the same model, plus what only PostgreSQL needs. Its migrations live in
/// Data/Migrations/Postgres (scripts/add-migration.sh adds one to both sets).
/// </summary>
public sealed class PostgresMarketWatchDb(DbContextOptions<PostgresMarketWatchDb> options) : MarketWatchDb(options)
{
    public DbSet<EvidenceBlob> EvidenceBlobs => Set<EvidenceBlob>();

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        // Every time in MarketWatch is UTC. Npgsql maps DateTime to timestamptz and refuses a DateTime whose Kind
        // is not Utc, which SQLite never cared about (a date filter from a query string has Kind Unspecified).
        b.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<EvidenceBlob>().HasKey(e => e.Path);
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>
/// An evidence file kept in PostgreSQL, so every node reads what any node captured. The path is the one the
/// file store would use (evidence/yyyy/MM/dd/SHA.html.gz), so records and exports are the same on both stores.
/// </summary>
public sealed class EvidenceBlob
{
    public required string Path { get; set; }
    public required byte[] Content { get; set; }
    public DateTime StoredAt { get; set; }
}
