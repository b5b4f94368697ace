using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Delisting.Api.Data.Sqlite;

/// <summary>Rows written through SQLite's own API: one prepared statement, values bound by position, run once per row.</summary>
internal static class SqliteRows
{
    /// <summary>Runs <paramref name="sql"/> (with <paramref name="width"/> `?` parameters) once per row, in the connection's transaction.</summary>
    public static void Insert(sqlite3 db, string sql, int width, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            // Rows of one batch share a handful of instants (now, the deadline): each is formatted once.
            var instants = new Dictionary<DateTimeOffset, string>();
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < width; i++)
                {
                    var value = row[i] is DateTimeOffset instant
                        ? instants.TryGetValue(instant, out var text) ? text : instants[instant] = ValueEncoding.FormatInstant(instant)
                        : ValueEncoding.ForSqlite(row[i]);
                    Check(Bind(statement, i + 1, value), db);
                }
                var done = raw.sqlite3_step(statement);
                if (done != raw.SQLITE_DONE) Check(done, db);
                Check(raw.sqlite3_reset(statement), db);
            }
        }
    }

    private static int Bind(sqlite3_stmt statement, int index, object value) => value switch
    {
        DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        short or byte or uint or ushort or sbyte => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double number => raw.sqlite3_bind_double(statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => throw new NotSupportedException($"A bulk insert cannot bind a {value.GetType()}: encode it in ValueEncoding.ForSqlite."),
    };

    // The driver's own exception, with SQLite's message and error codes, as a command would have thrown it.
    private static void Check(int result, sqlite3 db)
    {
        if (result != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(result, db);
    }
}
