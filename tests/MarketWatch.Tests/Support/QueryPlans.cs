using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MarketWatch.Tests.Support;

/// <summary>A SQL statement EF ran, with SQLite's plan for it (EXPLAIN QUERY PLAN, one line per step).</summary>
public sealed record PlannedQuery(string Sql, IReadOnlyList<string> Plan, IReadOnlyDictionary<string, string> Tables)
{
    public override string ToString() => Sql + "\n  " + string.Join("\n  ", Plan);
}

/// <summary>
/// Records the SELECTs EF runs against one SQLite file, from any code in the process (the web app included), through
/// EF's diagnostic events; <see cref="PlanAll"/> then asks SQLite how it runs each one.
/// </summary>
public sealed partial class QueryPlans : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _database;
    private readonly List<(string Sql, List<(string Name, object? Value)> Parameters)> _commands = [];
    private readonly List<IDisposable> _subscriptions = [];

    public QueryPlans(string dataDir)
    {
        _database = Path.GetFullPath(Path.Combine(dataDir, "marketwatch.db"));
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Value is not CommandExecutedEventData { Command: DbCommand command }) return;
        if (!command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)) return;
        if (command.Connection?.DataSource is not { } source || Path.GetFullPath(source) != _database) return;
        var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList();
        lock (_commands) _commands.Add((command.CommandText, parameters));
    }

    /// <summary>Forgets what was recorded so far.</summary>
    public void Clear() { lock (_commands) _commands.Clear(); }

    public List<PlannedQuery> PlanAll()
    {
        List<(string Sql, List<(string Name, object? Value)> Parameters)> commands;
        lock (_commands) commands = [.. _commands];
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        return commands.Select(c =>
        {
            using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + c.Sql;
            foreach (var (name, value) in c.Parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            var plan = new List<string>();
            using (var reader = explain.ExecuteReader()) while (reader.Read()) plan.Add(reader.GetString(3));
            var tables = Alias().Matches(c.Sql).GroupBy(m => m.Groups[2].Value).ToDictionary(g => g.Key, g => g.First().Groups[1].Value);
            return new PlannedQuery(c.Sql, plan, tables);
        }).ToList();
    }

    [GeneratedRegex("\"(\\w+)\" AS \"(\\w+)\"")]
    private static partial Regex Alias();

    public void Dispose()
    {
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }
}
