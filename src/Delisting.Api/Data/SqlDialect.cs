using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data;

/// <summary>The few places where SQLite and SQL Server SQL really differ.</summary>
public abstract class SqlDialect
{
    /// <summary>Appended after an ORDER BY to take the first @Limit rows.</summary>
    public abstract string Limit(string parameter);

    /// <summary>Inserts many rows of one table inside the caller's transaction, without a round trip per row.</summary>
    public abstract Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table,
        IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken);

    /// <summary>INSERT of the given columns that does nothing when the row's key already exists.</summary>
    public abstract string InsertIfAbsent(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns);
}

public sealed class SqliteDialect : SqlDialect
{
    public override string Limit(string parameter) => $" LIMIT {parameter}";

    public override string InsertIfAbsent(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(ParameterName))}) " +
        $"ON CONFLICT ({string.Join(", ", keyColumns)}) DO NOTHING";

    // One prepared command, its parameters rebound per row: SQLite's fastest insert path.
    public override async Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table,
        IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var command = ((SqliteConnection)connection).CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
        var parameters = columns.Select(c => command.Parameters.Add(new SqliteParameter("$" + c, null))).ToArray();
        command.Prepare();
        // Rows of one batch share a handful of instants (now, the deadline): format each once.
        var instants = new Dictionary<DateTimeOffset, string>();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i] is DateTimeOffset instant
                    ? instants.TryGetValue(instant, out var text) ? text : instants[instant] = TypeHandlers.FormatInstant(instant)
                    : ToDbValue(row[i]);
            }
            // Microsoft.Data.Sqlite runs "async" commands synchronously anyway; the sync call saves a task per row.
            command.ExecuteNonQuery();
        }
    }

    private static object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => TypeHandlers.FormatInstant(instant),
        DateOnly date => TypeHandlers.FormatDate(date),
        bool flag => flag ? 1 : 0,
        _ => value,
    };

    private static string ParameterName(string column) => "@" + TypeHandlers.PascalCase(column);
}

public sealed class SqlServerDialect : SqlDialect
{
    public override string Limit(string parameter) => $" OFFSET 0 ROWS FETCH NEXT {parameter} ROWS ONLY";

    // HOLDLOCK makes the existence check and the insert one atomic step under concurrency.
    public override string InsertIfAbsent(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) " +
        $"SELECT {string.Join(", ", columns.Select(c => "@" + TypeHandlers.PascalCase(c)))} " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE " +
        string.Join(" AND ", keyColumns.Select(c => $"{c} = @{TypeHandlers.PascalCase(c)}")) + ")";

    public override async Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table,
        IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var data = ToDataTable(columns, rows);
        if (data.Rows.Count == 0) return;

        // CheckConstraints: without it SQL Server skips CHECK and FOREIGN KEY checks and marks them untrusted.
        // KeepNulls: a null is stored as NULL, as an INSERT would, never replaced by a column default.
        using var bulk = new SqlBulkCopy((SqlConnection)connection, SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.KeepNulls,
            (SqlTransaction)transaction)
        {
            DestinationTableName = table,
            BatchSize = 10_000,
            BulkCopyTimeout = 120,
        };
        foreach (var column in columns) bulk.ColumnMappings.Add(column, column);
        await bulk.WriteToServerAsync(data, cancellationToken);
    }

    /// <summary>
    /// The rows as a DataTable whose column types SqlBulkCopy converts correctly: each column's type comes
    /// from its first non-null value (a leading null does not make it a string column), after normalizing
    /// values the way the Dapper type handlers write parameters.
    /// </summary>
    internal static DataTable ToDataTable(IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var normalized = new List<object?[]>();
        foreach (var row in rows)
        {
            if (row.Length != columns.Count)
            {
                throw new ArgumentException($"A row has {row.Length} values for the {columns.Count} columns of the bulk insert.", nameof(rows));
            }
            normalized.Add(Array.ConvertAll(row, ToClrValue));
        }

        var data = new DataTable();
        for (var i = 0; i < columns.Count; i++)
        {
            var type = normalized.Select(r => r[i]).FirstOrDefault(v => v is not null)?.GetType() ?? typeof(object);
            var other = normalized.Select(r => r[i]).FirstOrDefault(v => v is not null && v.GetType() != type);
            if (other is not null)
            {
                throw new ArgumentException($"Column {columns[i]} mixes {type.Name} and {other.GetType().Name} values.", nameof(rows));
            }
            data.Columns.Add(columns[i], type);
        }
        foreach (var row in normalized)
        {
            data.Rows.Add(Array.ConvertAll(row, v => v ?? DBNull.Value));
        }
        return data;
    }

    // One CLR type per kind of value, so that a column never mixes int and long (an enum is stored as its
    // number, as SQLite stores it), and DateOnly, which SqlBulkCopy may not convert, becomes a DateTime.
    private static object? ToClrValue(object? value) => value switch
    {
        null or DBNull => null,
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        Enum => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        byte or sbyte or short or ushort or int or uint or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}
