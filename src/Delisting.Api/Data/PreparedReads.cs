using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data;

/// <summary>
/// Hot single-statement reads on SQLite, kept prepared. Microsoft.Data.Sqlite prepares a statement again for
/// every new command, and on the reads made for every request (the API-key look-up, a request's counts)
/// preparing costs about as much as running. Each idle session is a connection of its own with the statement
/// prepared on it; a session is used by one request at a time.
/// </summary>
public sealed class PreparedReads(Database database) : IDisposable
{
    private const int MaxIdlePerStatement = 32;
    private readonly ConcurrentDictionary<string, ConcurrentBag<Session>> idle = new();
    private readonly string connectionString = new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString();

    public bool Enabled => database.Provider == DatabaseProvider.Sqlite;

    /// <summary>Runs `sql` with the named parameters (in order) and reads every row with `read`.</summary>
    public List<T> Query<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters, Func<SqliteDataReader, T> read)
    {
        var bag = idle.GetOrAdd(sql, _ => new ConcurrentBag<Session>());
        if (!bag.TryTake(out var session)) session = Open(sql, parameters);
        var healthy = false;
        try
        {
            for (var i = 0; i < parameters.Count; i++) session.Command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            var rows = new List<T>();
            using (var reader = session.Command.ExecuteReader())
            {
                while (reader.Read()) rows.Add(read(reader));
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

    private Session Open(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, _) in parameters) command.Parameters.Add(new SqliteParameter(name, null));
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

    private sealed record Session(SqliteConnection Connection, SqliteCommand Command) : IDisposable
    {
        public void Dispose()
        {
            Command.Dispose();
            Connection.Dispose();
        }
    }
}
