using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Delisting.Benchmarks;

/// <summary>
/// What this machine can do at best, measured in the same run: raw SQLite inserts, and two tiny Kestrel
/// endpoints (a bare one, and one reading one row by key) served by a child copy of this program.
/// </summary>
public static class Ceilings
{
    public const string ServeFlag = "--serve-ceilings";

    /// <summary>
    /// Fills the ceiling table with one prepared, reused INSERT in one transaction on a WAL database, and returns
    /// rows per second: the best of <see cref="MeasuredPasses"/> passes, the last of which leaves the table that the
    /// one-row-read ceiling reads from. One pass swung from 398,000 to 629,000 rows/s between quick runs of the same
    /// commit (2026-12-03), more than any change measured against it; the best of three is what the machine can do.
    /// </summary>
    public static async Task<double> RawInsertAsync(string databasePath, int rows)
    {
        var best = 0.0;
        for (var pass = 1; pass <= MeasuredPasses; pass++)
        {
            var path = pass < MeasuredPasses ? databasePath + ".pass" : databasePath;
            if (pass == 1) await WarmUpAsync(path, rows);
            best = Math.Max(best, Insert(path, rows));
            if (pass < MeasuredPasses) Delete(path);
        }
        return best;
    }

    public const int MeasuredPasses = 3;

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
    }

    private static async Task WarmUpAsync(string databasePath, int rows)
    {
        // A first pass in a throwaway file lets the JIT reach optimized code; the service is warmed up the same way.
        // Tiered compilation swaps in optimized code in the background a little after the hot methods were
        // counted, hence two passes, each followed by a wait until the JIT has gone quiet.
        var warmUpPath = databasePath + ".warm-up";
        for (var pass = 0; pass < 2; pass++)
        {
            Insert(warmUpPath, Math.Min(rows, 100_000));
            Delete(warmUpPath);
            await Sampling.UntilJitQuietAsync(TimeSpan.FromSeconds(2));
        }
    }

    private static double Insert(string databasePath, int rows)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, """
            CREATE TABLE ceiling_rows (
                id         INTEGER NOT NULL PRIMARY KEY,
                key        TEXT    NOT NULL,
                url        TEXT    NOT NULL,
                status     TEXT    NOT NULL,
                created_at TEXT    NOT NULL
            );
            """);

        var createdAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var stopwatch = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO ceiling_rows (id, key, url, status, created_at) VALUES ($id, $key, $url, $status, $createdAt)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var url = insert.Parameters.Add("$url", SqliteType.Text);
            var status = insert.Parameters.Add("$status", SqliteType.Text);
            var at = insert.Parameters.Add("$createdAt", SqliteType.Text);
            insert.Prepare();
            status.Value = "pending";
            at.Value = createdAt;
            for (var i = 1; i <= rows; i++)
            {
                id.Value = i;
                key.Value = "row_" + i.ToString("x8", CultureInfo.InvariantCulture);
                url.Value = "https://www.allostreaming.com/film/" + i.ToString(CultureInfo.InvariantCulture);
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        stopwatch.Stop();
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        return rows / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>How many rows the page ceiling serves: the queue page's size.</summary>
    public const int PageRows = 500;

    /// <summary>Child mode: serves GET /ping, GET /rows/{id} and GET /page/{after} on 127.0.0.1:port until killed.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var port = int.Parse(Arg(args, "--port"), CultureInfo.InvariantCulture);
        var databasePath = Arg(args, "--db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();

        app.MapGet("/ping", () => "pong");
        app.MapGet("/rows/{id:long}", async (long id) =>
        {
            // Like the service: a pooled connection opened per request, one parameterized SELECT by primary key.
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, key, url, status, created_at FROM ceiling_rows WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) return Results.NotFound();
            return Results.Ok(new CeilingRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        });

        app.MapGet("/page/{after:long}", async (long after) =>
        {
            // Like the queue: a pooled connection per request, one keyset page of rows after a key, as JSON.
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, key, url, status, created_at FROM ceiling_rows WHERE id > $after ORDER BY id LIMIT $limit";
            command.Parameters.AddWithValue("$after", after);
            command.Parameters.AddWithValue("$limit", PageRows);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<CeilingRow>(PageRows);
            while (await reader.ReadAsync())
            {
                rows.Add(new CeilingRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
            return Results.Ok(new CeilingPage(rows, rows.Count == PageRows ? rows[^1].Id : null));
        });

        await app.RunAsync();
        return 0;
    }

    private static string Arg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"{name} is required.");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

public sealed record CeilingRow(long Id, string Key, string Url, string Status, string CreatedAt);

public sealed record CeilingPage(IReadOnlyList<CeilingRow> Items, long? Next);
