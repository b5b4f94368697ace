using Microsoft.Data.Sqlite;

namespace Delisting.Benchmarks;

/// <summary>
/// How many b-tree entries a database holds: one per row of each table, plus one per row that each of its indexes
/// covers (a partial index only the rows its WHERE clause keeps). The raw-insert ceiling writes one entry per row (a
/// table keyed by its rowid, no index), so entries written per second beside it say how close a path runs to what
/// SQLite can write, whatever the number of indexes the schema needs. Read from a read-only connection beside the
/// running service (WAL: it sees the last commit).
/// </summary>
public static class BTreeEntries
{
    public static long Count(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        var tables = Query(connection, "SELECT name, NULL FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'");
        var indexes = Query(connection, "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index'");
        long entries = 0;
        foreach (var (table, _) in tables)
        {
            var rows = Scalar(connection, $"SELECT COUNT(*) FROM \"{table}\"");
            entries += rows;
            foreach (var (_, sql) in indexes.Where(i => i.Name == table))
            {
                var where = sql?.LastIndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase) ?? -1;
                entries += where < 0 ? rows : Scalar(connection, $"SELECT COUNT(*) FROM \"{table}\" WHERE {sql![(where + 7)..]}");
            }
        }
        return entries;
    }

    /// <summary>The entries a path wrote, per request and per row, and per second beside the raw-insert ceiling's rows.</summary>
    public static void Report(Report report, string path, long written, int requests, double seconds, long rowsPerRequest,
        double insertRowsPerSecond)
    {
        var perRequest = (double)written / requests;
        report.Info($"{path}: b-tree entries written per request", perRequest, "entries",
            note: $"{perRequest / rowsPerRequest:0.00} per row: each row's table and every index that covers it");
        var perSecond = written / seconds;
        report.Ratio($"{path}: b-tree entries written/s", perSecond, "entries/s",
            $"raw inserts {Delisting.Benchmarks.Report.Format(insertRowsPerSecond, "rows/s")} (1 entry a row)", perSecond / insertRowsPerSecond);
    }

    private static List<(string Name, string? Sql)> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string?)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return rows;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
