using Delisting.Api.Data;
using Delisting.Api.Data.Sqlite;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Data;

/// <summary>
/// SQLite bulk inserts bind values by position on the connection's own handle: each kind of value is stored as a
/// SqliteCommand stores it, and a refused row is the driver's own SqliteException, with the statement released.
/// </summary>
public sealed class SqliteRowsTests
{
    private static readonly string[] Columns = ["id", "hash", "at", "day", "flag", "position", "small", "share", "reason"];

    private static SqliteConnection Open()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        // Columns without a type: each value keeps the type it was bound with.
        create.CommandText = "CREATE TABLE t (id TEXT PRIMARY KEY, hash, at, day, flag, position, small, share, reason)";
        create.ExecuteNonQuery();
        return connection;
    }

    private static List<object?[]> Read(SqliteConnection connection)
    {
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {string.Join(", ", Columns)} FROM t ORDER BY id";
        using var reader = select.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, Columns.Length).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        return rows;
    }

    [Fact]
    public void Every_kind_of_value_is_stored_as_a_command_stores_it()
    {
        var paris = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.FromHours(1));
        object?[] row = ["a", new byte[] { 0, 1, 254 }, paris, new DateOnly(2013, 11, 28), true, 3, (short)7, 0.25, "é \"quoted\""];
        object?[] nulls = ["b", null, null, null, null, null, null, null, null];

        using var byHandle = Open();
        using (var transaction = byHandle.BeginTransaction())
        {
            SqliteRows.Insert(byHandle.Handle!, $"INSERT INTO t ({string.Join(", ", Columns)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Columns.Length, [row, nulls], CancellationToken.None);
            transaction.Commit();
        }

        using var byCommand = Open();
        foreach (var values in new[] { row, nulls })
        {
            using var insert = byCommand.CreateCommand();
            insert.CommandText = $"INSERT INTO t ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))})";
            for (var i = 0; i < Columns.Length; i++) insert.Parameters.AddWithValue("$" + Columns[i], ValueEncoding.ForSqlite(values[i]));
            insert.ExecuteNonQuery();
        }

        var stored = Read(byHandle);
        Assert.Equal(Read(byCommand), stored);
        Assert.Equal(ValueEncoding.FormatInstant(paris), stored[0][2]);
        Assert.Equal(1L, stored[0][4]);
        Assert.All(stored[1].Skip(1), Assert.Null);
    }

    [Fact]
    public void A_refused_row_throws_the_drivers_exception_and_the_connection_goes_on()
    {
        using var connection = Open();
        using (var transaction = connection.BeginTransaction())
        {
            var refused = Assert.Throws<SqliteException>(() => SqliteRows.Insert(connection.Handle!, "INSERT INTO t (id, position) VALUES (?, ?)", 2,
                [["a", 1], ["a", 2]], CancellationToken.None));
            Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
            Assert.Contains("UNIQUE", refused.Message);
            transaction.Rollback();
        }
        SqliteRows.Insert(connection.Handle!, "INSERT INTO t (id, position) VALUES (?, ?)", 2, [["c", 1]], CancellationToken.None);
        Assert.Equal("c", Assert.Single(Read(connection))[0]);
    }

    [Fact]
    public void A_value_it_cannot_encode_is_refused_by_name()
    {
        using var connection = Open();
        var refused = Assert.Throws<NotSupportedException>(() => SqliteRows.Insert(connection.Handle!, "INSERT INTO t (id) VALUES (?)", 1,
            [[Guid.Empty]], CancellationToken.None));
        Assert.Contains("System.Guid", refused.Message);
    }
}
