using System.Data.Common;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MarketWatch.Bench;

/// <summary>
/// Fast inserts of the app's own entities: one prepared INSERT per entity type, its table, columns, quoting and value
/// conversions (enums stored as text, ...) read from the EF model of the provider in use. SaveChanges would compile an
/// INSERT per row, which is what made a million listings take a quarter of an hour.
/// </summary>
public sealed class ModelRows(MarketWatchDb db, DbTransaction tx) : IDisposable
{
    private readonly Dictionary<Type, (DbCommand Command, (IProperty Property, DbParameter Parameter)[] Columns)> _inserts = [];

    public void Add<T>(T entity) where T : class
    {
        if (!_inserts.TryGetValue(typeof(T), out var insert)) _inserts[typeof(T)] = insert = Prepare(entity);
        foreach (var (property, parameter) in insert.Columns)
        {
            var value = property.PropertyInfo!.GetValue(entity);
            if (value is not null && property.GetTypeMapping().Converter is { } converter) value = converter.ConvertToProvider(value);
            parameter.Value = value ?? DBNull.Value;
        }
        insert.Command.ExecuteNonQuery();
    }

    private (DbCommand, (IProperty, DbParameter)[]) Prepare<T>(T first) where T : class
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        // A generated key is left to the database unless the rows carry their own.
        var properties = type.GetProperties().Where(p => p.PropertyInfo is not null
            && !(p.IsPrimaryKey() && p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd && Equals(p.PropertyInfo.GetValue(first), 0L))).ToList();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx;
        var columns = properties.Select((p, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
            return (p, parameter);
        }).ToArray();
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(type.GetTableName()!)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName())))}) "
            + $"VALUES ({string.Join(", ", columns.Select(c => c.parameter.ParameterName))})";
        return (command, columns);
    }

    public void Dispose()
    {
        foreach (var (command, _) in _inserts.Values) command.Dispose();
    }
}
