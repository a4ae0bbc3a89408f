using System.CommandLine;
using MarketWatch.Data;

namespace MarketWatch.Cli;

public static class DbCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to-postgres") { Description = "Npgsql connection string of the target database (created tables, then rows)", Required = true };
        var replace = new Option<bool>("--replace") { Description = "Delete what the target's MarketWatch tables hold first (they are rolled back and created again)" };
        var copy = new Command("copy", "Move this data directory's SQLite database and evidence files into PostgreSQL, ids and all; stop the nodes first") { to, replace };
        copy.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            var target = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = result.GetValue(to) };
            try { target.Validate(); }
            catch (Marketplaces.ConfigurationException e) { throw new Marketplaces.ConfigurationException(e.Message.Replace("Database:ConnectionString", "--to-postgres")); }
            Console.WriteLine($"copying {Path.Combine(paths.DataDir, "marketwatch.db")} and its evidence into PostgreSQL");
            var tables = await DatabaseCopy.ToPostgresAsync(paths.DataDir, target.ConnectionString!, result.GetValue(replace), Console.WriteLine, ct);
            Console.WriteLine($"copied {tables.Where(t => t.Table != "EvidenceBlobs").Sum(t => t.Rows):N0} rows in {tables.Count - 1} tables; "
                + "set Database:Provider=Postgres and Database:ConnectionString on every node");
            return 0;
        }));
        return new Command("db", "The database: copy a SQLite installation into PostgreSQL") { copy };
    }
}
