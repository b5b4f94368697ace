using Dapper;
using Delisting.Api.Data;
using Delisting.Api.Engines;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Data;

/// <summary>
/// Migration 0004 drops items.legacy_id and rebuilds notices (a parent of items, request_urls and events) without
/// its deadline default. A database written by the 0003 schema must keep every row with its seq, every key
/// relation and the append-only trail; the events that named an item by its legacy id name it by its derived id.
/// </summary>
public sealed class OneItemIdMigrationTests : IDisposable
{
    private const string NoticeA = "ntc_0192bbbbbbbb000000000000000000a1";
    private const string NoticeB = "ntc_0192bbbbbbbb000000000000000000b2";
    private const string LegacyGoogleA = "itm_0192bbbbbbbb0000000000000000a1g0";

    private readonly string path = Path.Combine(Path.GetTempPath(), $"delisting-migration-{Guid.NewGuid():N}.db");

    public OneItemIdMigrationTests()
    {
        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"), through: "0003_items_by_notice.sql");
        using var connection = Open();
        // As 0003 left it: notice seqs with a gap (7 and 12), an item from before 0003 with its legacy id and one
        // created after, an event naming each, and an event that names no item.
        connection.Execute("""
            INSERT INTO engines (id, name) VALUES ('google', 'Google'), ('bing', 'Bing');
            INSERT INTO organisations (id, name, created_at) VALUES ('apc', 'APC', '2026-11-01T08:00:00.0000000Z');
            INSERT INTO rulings (id, court, case_reference, decided_on, served_on, time_zone, compliance_days, in_force_until, note, created_at)
            VALUES ('r', 'TJ Paris', 'RG 26/1', '2026-10-20', '2026-10-25', 'Europe/Paris', 15, '2027-10-25', NULL, '2026-10-20T08:00:00.0000000Z');
            INSERT INTO requests (seq, id, ruling_id, organisation_id, client_reference, submitted_at, deadline, submitted_by)
            VALUES (3, 'req_1', 'r', 'apc', NULL, '2026-11-01T09:00:00.0000000Z', '2026-11-16T23:00:00.0000000Z', 'key_a');
            INSERT INTO notices (seq, id, ruling_id, url_hash, url, site, created_at, deadline) VALUES
              (7, 'ntc_0192bbbbbbbb000000000000000000a1', 'r', x'0A', 'https://a.example/1', 'a.example', '2026-11-01T09:00:00.0000000Z',
                '2026-11-16T23:00:00.0000000Z'),
              (12, 'ntc_0192bbbbbbbb000000000000000000b2', 'r', x'0B', 'https://a.example/2', 'a.example', '2026-11-02T09:00:00.0000000Z',
                '2026-11-17T23:00:00.0000000Z');
            INSERT INTO request_urls (request_id, position, notice_id, already_requested) VALUES
              ('req_1', 0, 'ntc_0192bbbbbbbb000000000000000000a1', 0), ('req_1', 1, 'ntc_0192bbbbbbbb000000000000000000b2', 1);
            INSERT INTO items (notice_seq, engine_id, status, reason, engine_reference, updated_at, delisted_at, legacy_id) VALUES
              (7, 'google', 'delisted', NULL, 'G-1', '2026-11-20T10:00:00.0000000Z', '2026-11-20T10:00:00.0000000Z',
                'itm_0192bbbbbbbb0000000000000000a1g0'),
              (7, 'bing', 'pending', NULL, NULL, NULL, NULL, NULL),
              (12, 'google', 'rejected', 'Not in our index', NULL, '2026-11-03T10:00:00.0000000Z', NULL, NULL);
            INSERT INTO events (seq, id, type, at, key_id, role, request_id, notice_id, item_id, engine_id, from_status, to_status, reason) VALUES
              (20, 'evt_1', 'submitted', '2026-11-01T09:00:00.0000000Z', 'key_a', 'rights-holder', 'req_1', NULL, NULL, NULL, NULL, NULL, NULL),
              (21, 'evt_2', 'status-changed', '2026-11-03T10:00:00.0000000Z', 'key_g', 'engine', NULL, 'ntc_0192bbbbbbbb000000000000000000b2',
                   'itm_0192bbbbbbbb000000000000000000b2_google', 'google', 'pending', 'rejected', 'Not in our index'),
              (25, 'evt_3', 'status-changed', '2026-11-20T10:00:00.0000000Z', 'key_g', 'engine', NULL, 'ntc_0192bbbbbbbb000000000000000000a1',
                   'itm_0192bbbbbbbb0000000000000000a1g0', 'google', 'pending', 'delisted', NULL);
            """);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={path};Foreign Keys=True");
        connection.Open();
        return connection;
    }

    private const string Notices = "SELECT seq, id, ruling_id, hex(url_hash), url, site, created_at, deadline FROM notices ORDER BY seq";
    private const string Items =
        "SELECT notice_seq, engine_id, status, reason, engine_reference, updated_at, delisted_at FROM items ORDER BY notice_seq, engine_id";
    private const string RequestUrls = "SELECT request_id, position, notice_id, already_requested FROM request_urls ORDER BY request_id, position";
    private const string Events =
        "SELECT seq, id, type, at, key_id, role, request_id, notice_id, item_id, engine_id, from_status, to_status, reason FROM events ORDER BY seq";

    private static List<string> Rows(SqliteConnection connection, string sql) =>
        connection.Query(sql).Select(row => string.Join(" | ", ((IDictionary<string,
            object?>)row).Values.Select(v => v?.ToString() ?? "NULL"))).ToList();

    [Fact]
    public void Every_notice_item_and_event_keeps_its_seq_and_values()
    {
        List<string> notices, items, requestUrls, events;
        using (var before = Open())
        {
            (notices, items, requestUrls, events) = (Rows(before, Notices), Rows(before, Items), Rows(before, RequestUrls), Rows(before, Events));
        }

        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"));

        using var after = Open();
        Assert.Equal(notices, Rows(after, Notices));
        Assert.Equal(["7", "12"], Rows(after, "SELECT seq FROM notices ORDER BY seq"));
        Assert.Equal(items, Rows(after, Items));
        Assert.Equal(requestUrls, Rows(after, RequestUrls));
        // Only the event that named an item by its legacy id changes, and only in that column.
        var derived = ItemIds.Of(NoticeA, "google");
        Assert.Equal(events.Select(e => e.Replace(LegacyGoogleA, derived, StringComparison.Ordinal)), Rows(after, Events));
        Assert.Equal(["evt_3"], after.Query<string>("SELECT id FROM events WHERE item_id = @derived", new { derived }));

        Assert.Empty(after.Query("PRAGMA foreign_key_check"));
        Assert.DoesNotContain("legacy_id", after.Query<string>("SELECT name FROM pragma_table_info('items')"));
        Assert.Empty(after.Query<string>("SELECT name FROM sqlite_master WHERE name = 'ux_items_legacy_id'"));
    }

    [Fact]
    public void The_rebuilt_notices_table_keeps_its_keys_and_the_trail_stays_append_only()
    {
        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"));
        using var connection = Open();

        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => connection.Execute("UPDATE events SET reason = 'x'")).Message);
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => connection.Execute("DELETE FROM events WHERE seq = 25")).Message);

        // The children still name the notice: it cannot go while they do.
        Assert.Contains("FOREIGN KEY", Assert.Throws<SqliteException>(() => connection.Execute("DELETE FROM notices WHERE seq = 12")).Message);
        // Its unique keys: one notice per id and per ruling and URL hash.
        Assert.Contains("UNIQUE", Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO notices (id, ruling_id, url_hash, url, site, created_at, deadline) VALUES (@NoticeA, 'r', x'FF', 'u', 's', 'c', 'd')",
                new { NoticeA })).Message);
        Assert.Contains("UNIQUE", Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO notices (id, ruling_id, url_hash, url, site, created_at, deadline) " +
            "VALUES ('ntc_new', 'r', x'0B', 'u', 's', 'c', 'd')")).Message);
        // A notice written without its deadline is refused instead of getting '' (which sorts before every instant: overdue at once).
        Assert.Contains("NOT NULL", Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO notices (id, ruling_id, url_hash, url, site, created_at) VALUES ('ntc_new', 'r', x'0C', 'u', 's', 'c')")).Message);
        // A new notice continues after the highest seq.
        Assert.Equal(13, connection.ExecuteScalar<long>(
            "INSERT INTO notices (id, ruling_id, url_hash, url, site, created_at, deadline) " +
            "VALUES ('ntc_new', 'r', x'0C', 'u', 's', 'c', 'd') RETURNING seq"));
        Assert.Empty(connection.Query("PRAGMA foreign_key_check"));
    }
}
