using System.Security.Cryptography;
using System.Text;
using Dapper;
using Delisting.Api.Data;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Data;

/// <summary>
/// Migration 0006 rebuilds items and events on SQLite to widen their CHECKs. A database written by the 0003 schema
/// must come out of it with every item, status and event it had, old rejections under the code other, every claim
/// open, and the events still append-only.
/// </summary>
public sealed class WithdrawalsMigrationTests : IDisposable
{
    private const string RequestId = "req_0192bbbbbbbb00000000000000000001";
    private const string NoticeA = "ntc_0192bbbbbbbb000000000000000000a1";
    private const string NoticeB = "ntc_0192bbbbbbbb000000000000000000b2";
    private const string UrlA = "https://allostreaming.com/film/1";
    private const string UrlB = "https://allostreaming.com/film/2";

    private readonly string path = Path.Combine(Path.GetTempPath(), $"delisting-migration-0006-{Guid.NewGuid():N}.db");

    public WithdrawalsMigrationTests()
    {
        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"), through: "0003_items_by_notice.sql");
        using var connection = new SqliteConnection($"Data Source={path};Foreign Keys=True");
        connection.Open();
        // One request of two URLs: google delisted A and rejected B, bing acknowledged A; B is pending for bing.
        connection.Execute("""
            INSERT INTO engines (id, name) VALUES ('google', 'Google'), ('bing', 'Bing');
            INSERT INTO organisations (id, name, created_at) VALUES ('apc', 'APC', '2026-11-01T08:00:00.0000000Z');
            INSERT INTO rulings (id, court, case_reference, decided_on, served_on, time_zone, compliance_days, in_force_until, note, created_at)
            VALUES ('old-ruling', 'TJ Paris', 'RG 26/1', '2026-10-20', '2026-10-25', 'Europe/Paris', 15, '2027-10-25', NULL,
              '2026-10-20T08:00:00.0000000Z');
            INSERT INTO ruling_sites (ruling_id, domain, network) VALUES ('old-ruling', 'allostreaming.com', 'Allostreaming');
            INSERT INTO ruling_plaintiffs (ruling_id, organisation_id) VALUES ('old-ruling', 'apc');
            INSERT INTO ruling_engines (ruling_id, engine_id) VALUES ('old-ruling', 'google'), ('old-ruling', 'bing');
            INSERT INTO requests (id, ruling_id, organisation_id, client_reference, submitted_at, deadline, submitted_by)
            VALUES ('req_0192bbbbbbbb00000000000000000001', 'old-ruling', 'apc', 'batch-1', '2026-11-01T09:00:00.0000000Z',
              '2026-11-16T23:00:00.0000000Z', 'key_a');
            INSERT INTO notices (seq, id, ruling_id, url_hash, url, site, created_at, deadline) VALUES
              (1, 'ntc_0192bbbbbbbb000000000000000000a1', 'old-ruling', @HashA, 'https://allostreaming.com/film/1', 'allostreaming.com',
                '2026-11-01T09:00:00.0000000Z', '2026-11-16T23:00:00.0000000Z'),
              (2, 'ntc_0192bbbbbbbb000000000000000000b2', 'old-ruling', @HashB, 'https://allostreaming.com/film/2', 'allostreaming.com',
                '2026-11-01T09:00:00.0000000Z', '2026-11-16T23:00:00.0000000Z');
            INSERT INTO request_urls (request_id, position, notice_id, already_requested) VALUES
              ('req_0192bbbbbbbb00000000000000000001', 0, 'ntc_0192bbbbbbbb000000000000000000a1', 0),
              ('req_0192bbbbbbbb00000000000000000001', 1, 'ntc_0192bbbbbbbb000000000000000000b2', 0);
            INSERT INTO items (notice_seq, engine_id, status, reason, engine_reference, updated_at, delisted_at, legacy_id) VALUES
              (1, 'google', 'delisted', NULL, 'G-1', '2026-11-20T10:00:00.0000000Z', '2026-11-20T10:00:00.0000000Z', NULL),
              (1, 'bing', 'acknowledged', NULL, NULL, '2026-11-02T10:00:00.0000000Z', NULL, NULL),
              (2, 'google', 'rejected', 'Not in our index', NULL, '2026-11-03T10:00:00.0000000Z', NULL, NULL),
              (2, 'bing', 'pending', NULL, NULL, NULL, NULL, NULL);
            INSERT INTO events (id, type, at, key_id, role, request_id, notice_id, item_id, engine_id, from_status, to_status, reason) VALUES
              ('evt_1', 'submitted', '2026-11-01T09:00:00.0000000Z', 'key_a', 'rights-holder', 'req_0192bbbbbbbb00000000000000000001', NULL, NULL,
                NULL, NULL, NULL, NULL),
              ('evt_2', 'status-changed', '2026-11-03T10:00:00.0000000Z', 'key_g', 'engine', NULL, 'ntc_0192bbbbbbbb000000000000000000b2',
                'itm_0192bbbbbbbb000000000000000000b2_google', 'google', 'pending', 'rejected', 'Not in our index');
            """, new { HashA = Hash(UrlA), HashB = Hash(UrlB) });
    }

    private static byte[] Hash(string url) => SHA256.HashData(Encoding.UTF8.GetBytes(url));

    public void Dispose() => HttpAssertions.DeleteDatabase(path);

    [Fact]
    public async Task Items_and_events_survive_old_rejections_read_as_other_and_every_claim_is_open()
    {
        await using var app = new DelistingApp(path);
        var admin = app.Admin();

        var items = (await admin.GetJsonAsync($"/v1/requests/{RequestId}/items")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["acknowledged", "delisted", "pending", "rejected"], items.Select(i => i.Str("status")));
        Assert.Equal(("other", "Not in our index"), (items[3].Str("reasonCode"), items[3].Str("reason")));
        Assert.Equal("G-1", items[1].Str("engineReference"));
        var rejectedBy =
            (await admin.GetJsonAsync("/v1/rulings/old-ruling/compliance")).GetProperty("engines").GetProperty("google").GetProperty("rejectedBy");
        Assert.Equal(1, rejectedBy.GetProperty("other").GetInt32());
        var events = await admin.EventsAsync(RequestId);
        Assert.Equal(["evt_1", "evt_2"], events.Select(e => e.Str("id")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, events[1].GetProperty("reasonCode").ValueKind);

        // The old request's claims are open: withdrawing them moves the items.
        var apc = await app.RightsHolderAsync("apc");
        var body = await apc.WithdrawOkAsync(RequestId, "mistake", UrlA, UrlB);
        Assert.Equal(["withdrawn", "relist-pending", "withdrawn", "withdrawn"],
            body.GetProperty("items").EnumerateArray().Select(i => i.Str("status")));
    }

    [Fact]
    public void The_events_table_is_still_append_only_and_items_refuse_a_rejection_without_a_code()
    {
        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"));
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => connection.Execute("UPDATE events SET reason = 'x'")).Message);
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => connection.Execute("DELETE FROM events")).Message);
        Assert.Throws<SqliteException>(() => connection.Execute("UPDATE items SET reason_code = NULL WHERE status = 'rejected'"));
        Assert.Throws<SqliteException>(() => connection.Execute("UPDATE items SET status = 'lapsed-ish' WHERE status = 'pending'"));
        Assert.Equal(1, connection.Execute("UPDATE items SET status = 'relist-pending' WHERE status = 'delisted'"));
    }
}
