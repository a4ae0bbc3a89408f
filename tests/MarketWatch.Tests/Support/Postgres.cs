using Npgsql;

namespace MarketWatch.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use, named by MARKETWATCH_TEST_POSTGRES (a connection string to its
/// maintenance database). scripts/test.sh starts a throwaway one and sets it. Each test gets a database of its
/// own. Without the variable, a test that needs PostgreSQL fails and says how to get one: it is never skipped.
/// </summary>
public static class Postgres
{
    public const string Variable = "MARKETWATCH_TEST_POSTGRES";

    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs
        : throw new InvalidOperationException($"this test needs PostgreSQL: set {Variable} to a server's connection string. scripts/test.sh starts a "
            + $"throwaway server for the run; by hand: {Variable}=\"$(scripts/pg.sh start /tmp/mw-pg)\" dotnet test ...");

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "mwtest_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = true }.ToString();
    }

    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(Server);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException) { }   // the throwaway server goes away at the end of the run anyway
    }
}
