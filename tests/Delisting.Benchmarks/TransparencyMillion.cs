using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;

namespace Delisting.Benchmarks;

/// <summary>
/// The cold public figures of a ruling of 1,000,000 items, in the quick run too: a service process of its own, a ruling
/// of 4 engines made through the API, then 250,000 URLs over 26 weeks and their items (google delists 60 %, bing 30 %
/// and rejects 10 %, the others have not answered) written straight into its SQLite file with their counts by key, which takes seconds where
/// 25 requests of 10,000 URLs take minutes. Each answer is the first of its URL (nothing in the output cache): the
/// wall time a client waits and the service's CPU time for it (utime + stime, less sensitive to other work on the
/// machine). Goal: ≤ 1 s.
/// </summary>
public static class TransparencyMillion
{
    public const int Urls = 250_000;
    private const string RulingId = "bench-transparency";
    private const int Weeks = 26;
    private const string Stored = "%Y-%m-%dT%H:%M:%S.0000000Z";

    // URL hashes and notice ids rise with seq, so every index is appended to rather than split at random.
    private const string InsertNotices = $"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Urls)
        INSERT INTO notices (seq, id, ruling_id, url_hash, url, site, created_at, deadline, obligation_ends_at)
        SELECT @First + i, printf('ntc_bench%08d', i), @RulingId, CAST(printf('%032d', i) AS BLOB),
               'https://www.allostreaming.com/film/' || i, 'allostreaming.com',
               strftime('{Stored}', @Start, '+' || (i * @Weeks / @Urls * 7) || ' days'),
               strftime('{Stored}', @Start, '+' || (i * @Weeks / @Urls * 7 + 15) || ' days'),
               @ObligationEndsAt
        FROM n
        """;

    private const string InsertItems = $"""
        INSERT INTO items (notice_seq, engine_id, status, delisted_at, reason_code)
        SELECT n.seq, e.id,
          CASE WHEN e.id = 'google' AND n.seq % 10 < 6 THEN 'delisted' WHEN e.id = 'bing' AND n.seq % 10 = 0 THEN 'rejected'
               WHEN e.id = 'bing' AND n.seq % 10 < 4 THEN 'delisted' ELSE 'pending' END,
          CASE WHEN (e.id = 'google' AND n.seq % 10 < 6) OR (e.id = 'bing' AND n.seq % 10 BETWEEN 1 AND 3)
               THEN strftime('{Stored}', n.created_at, '+' || (n.seq % 97) || ' hours') END,
          CASE WHEN e.id = 'bing' AND n.seq % 10 = 0 THEN 'not-found' END
        FROM notices n CROSS JOIN (SELECT 'google' AS id UNION ALL SELECT 'bing' UNION ALL SELECT 'orange' UNION ALL SELECT 'yahoo') e
        WHERE n.ruling_id = @RulingId
        """;

    // What the service counts as it writes a request's new items (Engines/ItemTallies, migration 0025): the items
    // written straight above, counted by key once.
    private const string InsertTallies = """
        INSERT INTO item_tallies (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
        SELECT n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, '9999-12-31T23:59:59.0000000Z'),
               i.status, COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, '9999-12-31T23:59:59.0000000Z'), COUNT(*)
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId
        GROUP BY n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, '9999-12-31T23:59:59.0000000Z'),
                 i.status, COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, '9999-12-31T23:59:59.0000000Z')
        """;

    public static async Task MeasureAsync(string repository, string work, Report report)
    {
        var items = Settings.Count(Urls * 4L);
        Console.WriteLine($"== transparency at {items} items: cold public figures on a service of their own");
        using var running = await ServiceUnderTest.StartAsync(repository, work, "transparency.db");
        var (service, baseAddress) = (running.Process, running.BaseAddress);
        using (var api = new DelistingClient(baseAddress))
        {
            await api.CreateOneSiteRulingAsync(running.AdminKey, RulingId, "BENCH 00/00023", decidedDaysAgo: Weeks * 7 + 7);
        }
        var wrote = await WriteItemsAsync(Path.Combine(work, "transparency.db"));
        report.Info($"transparency at {items} items: written straight into SQLite (set-up, not the service)", wrote.TotalSeconds, "s");

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        await MeasureColdAsync(http, service, $"/v1/transparency/rulings/{RulingId}/months", $"cold months of a ruling of {items} items", report);
        await MeasureColdAsync(http, service, "/v1/transparency/rulings?limit=100", $"cold list of rulings ({items} items in the largest)", report);
    }

    private static async Task<TimeSpan> WriteItemsAsync(string database)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new SqliteConnection($"Data Source={database};Default Timeout=60");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        var parameters = new Dictionary<string, object>
        {
            ["@Urls"] = Urls,
            ["@Weeks"] = Weeks,
            ["@RulingId"] = RulingId,
            ["@Start"] = now.AddDays(-(Weeks * 7)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["@ObligationEndsAt"] = now.AddDays(365).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        };
        await using (var first = new SqliteCommand("SELECT COALESCE(MAX(seq), 0) FROM notices", connection, transaction))
        {
            parameters["@First"] = (long)(await first.ExecuteScalarAsync())!;
        }
        foreach (var sql in new[] { InsertNotices, InsertItems, InsertTallies })
        {
            await using var command = new SqliteCommand(sql, connection, transaction) { CommandTimeout = 600 };
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return clock.Elapsed;
    }

    private static async Task MeasureColdAsync(HttpClient http, ChildProcess service, string path, string label, Report report)
    {
        var cpuBefore = service.CpuTime();
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        var took = clock.Elapsed;
        var cpu = service.CpuTime() - cpuBefore;
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        if (response.Headers.Age is not null) throw new InvalidOperationException($"GET {path}: the first answer came from the cache");
        report.AtMost($"transparency: {label}", took.TotalMilliseconds, "ms", "goal ≤ 1,000 ms", took.TotalMilliseconds / 1000, 1.0);
        if (cpu is TimeSpan spent)
        {
            report.AtMost($"transparency: {label}: service CPU", spent.TotalMilliseconds, "ms", "goal ≤ 1,000 ms",
                spent.TotalMilliseconds / 1000, 1.0);
        }
    }
}
