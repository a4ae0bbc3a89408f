using Microsoft.EntityFrameworkCore.Migrations;

namespace MarketWatch.Data;

/// <summary>
/// The decisions and the audit log refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) for every client of the
/// database, the app included. Hand-written SQL the migrations call, because EF Core does not generate triggers.
/// </summary>
public static class AppendOnly
{
    public static readonly string[] Tables = ["ReviewDecisions", "AuditEntries"];

    public static void CreatePostgres(MigrationBuilder m)
    {
        m.Sql("""
            CREATE FUNCTION marketwatch_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
            END $$;
            """);
        foreach (var table in Tables)
        {
            m.Sql($"""CREATE TRIGGER "{table}_no_change" BEFORE UPDATE OR DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION marketwatch_append_only();""");
            m.Sql($"""CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION marketwatch_append_only();""");
        }
    }

    public static void DropPostgres(MigrationBuilder m)
    {
        foreach (var table in Tables)
        {
            m.Sql($"""DROP TRIGGER IF EXISTS "{table}_no_change" ON "{table}";""");
            m.Sql($"""DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}";""");
        }
        m.Sql("DROP FUNCTION IF EXISTS marketwatch_append_only();");
    }
}
