using Dapper;
using Delisting.Api.Data;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Data;

/// <summary>
/// Migration 0011 gives report events the engine's reference, filled once from the organisation feed rows written
/// since 0008, and puts the events' append-only trigger back.
/// </summary>
public sealed class ExportHistoryMigrationTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"delisting-migration-0011-{Guid.NewGuid():N}.db");

    public void Dispose() => HttpAssertions.DeleteDatabase(path);

    [Fact]
    public void Report_events_get_the_reference_their_feed_rows_carried_and_stay_append_only()
    {
        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"), through: "0010_webhooks.sql");
        using (var connection = new SqliteConnection($"Data Source={path};Foreign Keys=True"))
        {
            connection.Open();
            connection.Execute("""
                INSERT INTO engines (id, name) VALUES ('google', 'Google'), ('bing', 'Bing');
                INSERT INTO organisations (id, name, created_at) VALUES ('apc', 'APC', '2026-11-01T08:00:00.0000000Z');
                INSERT INTO rulings (id, court, case_reference, decided_on, served_on, time_zone, compliance_days, in_force_until, note, created_at)
                VALUES ('r', 'TJ Paris', 'RG 26/1', '2026-10-20', '2026-10-25', 'Europe/Paris', 15, '2027-10-25', NULL,
                  '2026-10-20T08:00:00.0000000Z');
                INSERT INTO notices (seq, id, ruling_id, url_hash, url, site, created_at, deadline) VALUES
                  (7, 'ntc_a', 'r', x'01', 'https://allostreaming.com/1', 'allostreaming.com', '2026-11-01T09:00:00.0000000Z',
                    '2026-11-16T23:00:00.0000000Z');
                INSERT INTO events (id, type, at, key_id, role, notice_id, item_id, engine_id, from_status, to_status, reason) VALUES
                  ('evt_g', 'status-changed', '2026-11-03T10:00:00.0000000Z', 'key_g', 'engine', 'ntc_a', 'itm_a_google', 'google', 'pending',
                    'delisted', NULL),
                  ('evt_b', 'status-changed', '2026-11-03T10:00:00.0000000Z', 'key_b', 'engine', 'ntc_a', 'itm_a_bing', 'bing', 'pending',
                    'acknowledged', NULL),
                  ('evt_w', 'status-changed', '2026-11-04T10:00:00.0000000Z', 'key_a', 'rights-holder', 'ntc_a', 'itm_a_google', 'google', 'delisted',
                    'relist-pending', 'mistake');
                INSERT INTO changes (id, feed, type, at, ruling_id, engine_id, organisation_id, notice_seq, from_status, to_status,
                  engine_reference) VALUES
                  ('chg_1', 'organisation', 'status-changed', '2026-11-03T10:00:00.0000000Z', 'r', 'google', 'apc', 7, 'pending', 'delisted', 'G-42'),
                  ('chg_2', 'organisation', 'status-changed', '2026-11-03T10:00:00.0000000Z', 'r', 'bing', 'apc', 7, 'pending', 'acknowledged', NULL);
                """);
        }

        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"));

        using var after = new SqliteConnection($"Data Source={path}");
        after.Open();
        var references = after.Query<(string Id, string? Reference)>("SELECT id, engine_reference FROM events ORDER BY id").ToDictionary(r => r.Id,
            r => r.Reference);
        Assert.Equal(new Dictionary<string, string?> { ["evt_b"] = null, ["evt_g"] = "G-42", ["evt_w"] = null }, references);
        Assert.Throws<SqliteException>(() => after.Execute("UPDATE events SET reason = 'rewritten' WHERE id = 'evt_g'"));
        Assert.Throws<SqliteException>(() => after.Execute(
            "INSERT INTO notice_deadlines (notice_seq, at, previous_deadline, deadline) VALUES (7, 'a', 'b', 'c'); " +
            "UPDATE notice_deadlines SET deadline = 'd'"));
    }
}
