using MarketWatch.Crawling;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace MarketWatch.Data;

public sealed record CopiedTable(string Table, long Rows);

/// <summary>
/// Moves a SQLite installation into PostgreSQL: every table of the model, row for row with its ids, in one
/// transaction (a failure leaves the target as it was), then the evidence files into EvidenceBlobs. Rows go
/// through PostgreSQL's binary COPY, so a million listings take minutes, not hours.
/// </summary>
public static class DatabaseCopy
{
    public static async Task<List<CopiedTable>> ToPostgresAsync(string dataDir, string connectionString, bool replace, Action<string> report, CancellationToken ct)
    {
        var file = Path.Combine(dataDir, "marketwatch.db");
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no SQLite database to copy (--data-dir)");
        await using var source = Database.Open(new DatabaseOptions(), dataDir);
        await Database.MigrateAsync(source, ct);   // an older file is brought to the current schema first
        await Services.BackfillContactsAsync(source, ct);
        await using var target = new PostgresMarketWatchDb(Database.PostgresOptions(connectionString));
        var migrator = target.GetService<IMigrator>();
        if (replace && (await target.Database.GetAppliedMigrationsAsync(ct)).Any()) await migrator.MigrateAsync(Migration.InitialDatabase, ct);
        await target.Database.MigrateAsync(ct);
        var tables = Ordered(source.Model);
        foreach (var t in tables)
            if (await CountAsync(target, t.GetTableName()!, ct) > 0)
                throw new Marketplaces.ConfigurationException($"the target database is not empty (table {t.GetTableName()} has rows); copy into an empty database, or pass --replace to delete what it holds");

        var copied = new List<CopiedTable>();
        var sqlite = (SqliteConnection)source.Database.GetDbConnection();
        await sqlite.OpenAsync(ct);
        await using var snapshot = await sqlite.BeginTransactionAsync(ct);   // one consistent view of the file
        await using var pg = (NpgsqlConnection)target.Database.GetDbConnection();
        await pg.OpenAsync(ct);
        await using var tx = await pg.BeginTransactionAsync(ct);
        foreach (var entity in tables)
        {
            var rows = await CopyTableAsync(sqlite, pg, entity, target.Model.FindEntityType(entity.ClrType)!, ct);
            copied.Add(new CopiedTable(entity.GetTableName()!, rows));
            report($"{entity.GetTableName(),-16} {rows,10:N0} rows");
        }
        copied.Add(await CopyEvidenceAsync(sqlite, pg, dataDir, report, ct));
        foreach (var entity in tables.Where(e => e.FindPrimaryKey()!.Properties is [{ ValueGenerated: ValueGenerated.OnAdd, ClrType: var k }] && k == typeof(long)))
        {
            // Ids were copied as they were: the identity sequences go on after the highest.
            var (table, id) = (entity.GetTableName()!, entity.FindPrimaryKey()!.Properties[0].GetColumnName());
            await using var reset = new NpgsqlCommand($"""SELECT setval(pg_get_serial_sequence('"{table}"', '{id}'), COALESCE(MAX("{id}"), 0) + 1, false) FROM "{table}" """, pg, tx);
            await reset.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return copied;
    }

    /// <summary>Tables in an order that satisfies their foreign keys: a referenced table before the one pointing at it.</summary>
    private static List<IEntityType> Ordered(IModel model)
    {
        var left = model.GetEntityTypes().Where(e => e.GetTableName() is not null).ToList();
        var ordered = new List<IEntityType>();
        while (left.Count > 0)
        {
            var ready = left.First(e => e.GetForeignKeys().All(fk => fk.PrincipalEntityType == e || ordered.Contains(fk.PrincipalEntityType)));
            ordered.Add(ready);
            left.Remove(ready);
        }
        return ordered;
    }

    private static async Task<long> CountAsync(MarketWatchDb db, string table, CancellationToken ct)
    {
        var sql = $"""SELECT COUNT(*) AS "Value" FROM "{table}" """;   // the model's own table names, not input
        return (await db.Database.SqlQueryRaw<long>(sql).ToListAsync(ct)).Single();
    }

    private static async Task<long> CopyTableAsync(SqliteConnection sqlite, NpgsqlConnection pg, IEntityType from, IEntityType to, CancellationToken ct)
    {
        var table = from.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table);
        var columns = from.GetProperties().Select(p => (Name: p.GetColumnName(store)!, Read: Reader(p),
            PgType: to.FindProperty(p.Name)!.GetRelationalTypeMapping().StoreType)).ToList();
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var read = sqlite.CreateCommand();
        read.CommandText = $"""SELECT {names} FROM "{table}" """;
        await using var reader = await read.ExecuteReaderAsync(ct);
        await using var copy = await pg.BeginBinaryImportAsync($"""COPY "{table}" ({names}) FROM STDIN (FORMAT BINARY)""", ct);
        long rows = 0;
        while (await reader.ReadAsync(ct))
        {
            await copy.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
                if (reader.IsDBNull(i)) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(columns[i].Read(reader, i), columns[i].PgType, ct);
            rows++;
        }
        await copy.CompleteAsync(ct);
        return rows;
    }

    // SQLite hands back TEXT, INTEGER or REAL; PostgreSQL's COPY wants the column's own type.
    private static Func<SqliteDataReader, int, object> Reader(IProperty p)
    {
        var type = p.GetTypeMapping().Converter?.ProviderClrType ?? p.ClrType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(DateTime) => (r, i) => DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc),   // stored as UTC, read back unlabelled
            _ when type == typeof(bool) => (r, i) => r.GetBoolean(i),
            _ when type == typeof(int) => (r, i) => r.GetInt32(i),
            _ when type == typeof(long) => (r, i) => r.GetInt64(i),
            _ when type == typeof(double) => (r, i) => r.GetDouble(i),
            _ when type == typeof(string) => (r, i) => r.GetString(i),
            _ when type == typeof(byte[]) => (r, i) => r.GetFieldValue<byte[]>(i),
            _ => throw new NotSupportedException($"db copy: column {p.DeclaringType.DisplayName()}.{p.Name} of type {type.Name} has no reader"),
        };
    }

    /// <summary>The evidence files the records point at, into EvidenceBlobs under the same paths. A missing file is reported.</summary>
    private static async Task<CopiedTable> CopyEvidenceAsync(SqliteConnection sqlite, NpgsqlConnection pg, string dataDir, Action<string> report, CancellationToken ct)
    {
        await using var read = sqlite.CreateCommand();
        read.CommandText = """SELECT "HtmlPath" FROM "Evidence" UNION SELECT "ScreenshotPath" FROM "Evidence" WHERE "ScreenshotPath" IS NOT NULL UNION SELECT "SnapshotPath" FROM "Evidence" WHERE "SnapshotPath" IS NOT NULL""";
        var paths = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) paths.Add(reader.GetString(0));
        var files = new FileEvidence(dataDir);
        long copied = 0, bytes = 0, missing = 0;
        await using (var copy = await pg.BeginBinaryImportAsync("""COPY "EvidenceBlobs" ("Path", "Content", "StoredAt") FROM STDIN (FORMAT BINARY)""", ct))
        {
            foreach (var path in paths)
            {
                if (await files.GetAsync(path, ct) is not { } content)
                {
                    missing++;
                    report($"missing evidence file: {path} (its record is copied; `evidence verify` will report it)");
                    continue;
                }
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(path, "text", ct);
                await copy.WriteAsync(content, "bytea", ct);
                await copy.WriteAsync(DateTime.UtcNow, "timestamp with time zone", ct);
                (copied, bytes) = (copied + 1, bytes + content.Length);
            }
            await copy.CompleteAsync(ct);
        }
        report($"{"EvidenceBlobs",-16} {copied,10:N0} files ({bytes / 1048576.0:0.0} MiB){(missing > 0 ? $", {missing} missing" : "")}");
        return new CopiedTable("EvidenceBlobs", copied);
    }
}
