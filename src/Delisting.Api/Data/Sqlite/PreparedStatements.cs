using System.Collections.Concurrent;
using System.Data;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data.Sqlite;

/// <summary>
/// Hot single-statement reads kept prepared. Microsoft.Data.Sqlite prepares a statement again for every new command,
/// and on the reads made for every API call preparing costs about as much as running. Each idle session is a
/// connection of its own with the statement prepared on it, used by one call at a time.
/// </summary>
internal sealed class PreparedStatements(DatabaseDriver driver) : IDisposable
{
    private const int MaxIdlePerStatement = 32;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ParameterProperties = new();
    private readonly ConcurrentDictionary<string, ConcurrentBag<Session>> idle = new();
    private readonly string unpooled = new SqliteConnectionStringBuilder(driver.ConnectionString) { Pooling = false }.ToString();

    public IReadOnlyList<T> Query<T>(string sql, object parameters)
    {
        var properties = ParameterProperties.GetOrAdd(parameters.GetType(), type => type.GetProperties());
        var bag = idle.GetOrAdd(sql, _ => new ConcurrentBag<Session>());
        if (!bag.TryTake(out var session)) session = Open(sql, properties);
        using var activity = DataActivity.Start(driver, sql);
        var healthy = false;
        try
        {
            for (var i = 0; i < properties.Length; i++)
                session.Command.Parameters[i].Value = ValueEncoding.ForSqlite(properties[i].GetValue(parameters));
            var rows = new List<T>();
            using (var reader = session.Command.ExecuteReader())
            {
                var parse = session.Parser as Func<System.Data.Common.DbDataReader, T> ?? (Func<System.Data.Common.DbDataReader,
                    T>)(session.Parser = reader.GetRowParser<T>());
                while (reader.Read()) rows.Add(parse(reader));
            }
            healthy = true;
            return rows;
        }
        finally
        {
            if (healthy && bag.Count < MaxIdlePerStatement) bag.Add(session);
            else session.Dispose();
        }
    }

    private Session Open(string sql, PropertyInfo[] properties)
    {
        var connection = new SqliteConnection(unpooled);
        connection.Open();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var property in properties) command.Parameters.Add(new SqliteParameter("@" + property.Name, null));
        command.Prepare();
        return new Session(connection, command);
    }

    public void Dispose()
    {
        foreach (var bag in idle.Values)
        {
            while (bag.TryTake(out var session)) session.Dispose();
        }
    }

    private sealed class Session(SqliteConnection connection, SqliteCommand command) : IDisposable
    {
        public SqliteCommand Command { get; } = command;

        /// <summary>The row parser for this statement's columns, made on its first read.</summary>
        public object? Parser { get; set; }

        public void Dispose()
        {
            Command.Dispose();
            connection.Dispose();
        }
    }
}
