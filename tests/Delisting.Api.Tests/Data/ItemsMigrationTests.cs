using System.Net;
using System.Text.Json;
using Dapper;
using Delisting.Api.Data;
using Delisting.Api.Engines;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Data;

/// <summary>
/// Migrations 0003 and 0004 rebuild items, events and notices. A database written by the 0002 schema must come out of
/// them with every item, status, date and event it had. Each item then has one id, the one derived from its notice and
/// engine; the id it was created with (the legacy form) is an unknown item.
/// </summary>
public sealed class ItemsMigrationTests : IDisposable
{
    private const string RulingId = "old-ruling";
    private const string RequestId = "req_0192aaaaaaaa00000000000000000001";
    private const string NoticeA = "ntc_0192aaaaaaaa000000000000000000a1";
    private const string NoticeB = "ntc_0192aaaaaaaa000000000000000000b2";
    // The ids the 0002 schema gave the items, and the ids the items have now.
    private const string LegacyGoogleA = "itm_0192aaaaaaaa0000000000000000a1g0";
    private const string LegacyBingA = "itm_0192aaaaaaaa0000000000000000a1b0";
    private const string LegacyGoogleB = "itm_0192aaaaaaaa0000000000000000b2g0";
    private const string LegacyBingB = "itm_0192aaaaaaaa0000000000000000b2b0";
    private static readonly string GoogleA = ItemIds.Of(NoticeA, "google");
    private static readonly string BingA = ItemIds.Of(NoticeA, "bing");
    private static readonly string GoogleB = ItemIds.Of(NoticeB, "google");
    private static readonly string BingB = ItemIds.Of(NoticeB, "bing");

    private readonly string path = Path.Combine(Path.GetTempPath(), $"delisting-migration-{Guid.NewGuid():N}.db");

    public ItemsMigrationTests()
    {
        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"), through: "0002_requests.sql");
        using var connection = new SqliteConnection($"Data Source={path};Foreign Keys=True");
        connection.Open();
        // What the 0002 schema held after one request of two URLs for google and bing, in which google delisted
        // URL A (late) and rejected URL B, and bing acknowledged URL A.
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
            VALUES ('req_0192aaaaaaaa00000000000000000001', 'old-ruling', 'apc', 'batch-1', '2026-11-01T09:00:00.0000000Z',
              '2026-11-16T23:00:00.0000000Z', 'key_a');
            INSERT INTO notices (id, ruling_id, url_hash, url, site, created_at) VALUES
              ('ntc_0192aaaaaaaa000000000000000000a1', 'old-ruling', x'0A', 'https://allostreaming.com/film/1', 'allostreaming.com',
                '2026-11-01T09:00:00.0000000Z'),
              ('ntc_0192aaaaaaaa000000000000000000b2', 'old-ruling', x'0B', 'https://allostreaming.com/film/2', 'allostreaming.com',
                '2026-11-01T09:00:00.0000000Z');
            INSERT INTO request_urls (request_id, position, notice_id, already_requested) VALUES
              ('req_0192aaaaaaaa00000000000000000001', 0, 'ntc_0192aaaaaaaa000000000000000000a1', 0),
              ('req_0192aaaaaaaa00000000000000000001', 1, 'ntc_0192aaaaaaaa000000000000000000b2', 0);
            INSERT INTO items (id, notice_id, engine_id, ruling_id, status, deadline, reason, engine_reference, created_at, updated_at,
              delisted_at) VALUES
              ('itm_0192aaaaaaaa0000000000000000a1g0', 'ntc_0192aaaaaaaa000000000000000000a1', 'google', 'old-ruling', 'delisted',
                '2026-11-16T23:00:00.0000000Z', NULL, 'G-1', '2026-11-01T09:00:00.0000000Z', '2026-11-20T10:00:00.0000000Z',
                '2026-11-20T10:00:00.0000000Z'),
              ('itm_0192aaaaaaaa0000000000000000a1b0', 'ntc_0192aaaaaaaa000000000000000000a1', 'bing', 'old-ruling', 'acknowledged',
                '2026-11-16T23:00:00.0000000Z', NULL, NULL, '2026-11-01T09:00:00.0000000Z', '2026-11-02T10:00:00.0000000Z', NULL),
              ('itm_0192aaaaaaaa0000000000000000b2g0', 'ntc_0192aaaaaaaa000000000000000000b2', 'google', 'old-ruling', 'rejected',
                '2026-11-16T23:00:00.0000000Z', 'Not in our index', NULL, '2026-11-01T09:00:00.0000000Z', '2026-11-03T10:00:00.0000000Z', NULL),
              ('itm_0192aaaaaaaa0000000000000000b2b0', 'ntc_0192aaaaaaaa000000000000000000b2', 'bing', 'old-ruling', 'pending',
                '2026-11-16T23:00:00.0000000Z', NULL, NULL, '2026-11-01T09:00:00.0000000Z', '2026-11-01T09:00:00.0000000Z', NULL);
            INSERT INTO events (id, type, at, key_id, role, request_id, item_id, engine_id, from_status, to_status, reason) VALUES
              ('evt_1', 'submitted', '2026-11-01T09:00:00.0000000Z', 'key_a', 'rights-holder', 'req_0192aaaaaaaa00000000000000000001', NULL, NULL,
                NULL, NULL, NULL),
              ('evt_2', 'status-changed', '2026-11-02T10:00:00.0000000Z', 'key_b', 'engine', NULL, 'itm_0192aaaaaaaa0000000000000000a1b0', 'bing',
                'pending', 'acknowledged', NULL),
              ('evt_3', 'status-changed', '2026-11-03T10:00:00.0000000Z', 'key_g', 'engine', NULL, 'itm_0192aaaaaaaa0000000000000000b2g0', 'google',
                'pending', 'rejected', 'Not in our index'),
              ('evt_4', 'status-changed', '2026-11-20T10:00:00.0000000Z', 'key_g', 'engine', NULL, 'itm_0192aaaaaaaa0000000000000000a1g0', 'google',
                'pending', 'delisted', NULL);
            """);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }

    [Fact]
    public async Task Items_keep_their_statuses_and_dates_and_are_listed_by_their_derived_ids()
    {
        await using var app = new DelistingApp(path);
        var items = (await app.Admin().GetJsonAsync($"/v1/requests/{RequestId}/items")).GetProperty("items").EnumerateArray().ToList();

        // In the order of the request's URLs, then by engine.
        Assert.Equal([BingA, GoogleA, BingB, GoogleB], items.Select(i => i.Str("id")));
        var googleA = items[1];
        Assert.Equal(("delisted", "G-1", "2026-11-20T10:00:00Z"), (googleA.Str("status"), googleA.Str("engineReference"), googleA.Str("updatedAt")));
        Assert.Equal((NoticeA, "2026-11-16T23:00:00Z", RulingId), (googleA.Str("noticeId"), googleA.Str("deadline"), googleA.Str("rulingId")));
        Assert.Equal(("rejected", "Not in our index"), (items[3].Str("status"), items[3].Str("reason")));
        // Never reported on: last changed when it was created.
        Assert.Equal(("pending", "2026-11-01T09:00:00Z", NoticeB), (items[2].Str("status"), items[2].Str("updatedAt"), items[2].Str("noticeId")));
        // Past the deadline and still open.
        Assert.True(items[0].GetProperty("overdue").GetBoolean());
        Assert.False(googleA.GetProperty("overdue").GetBoolean());

        // The engine's queue lists its items by the same ids.
        var bingQueue = await (await app.LiaisonAsync("bing")).QueueAsync("bing");
        Assert.Equal([BingA, BingB], bingQueue.Select(i => i.Str("id")));

        var request = await app.Admin().GetJsonAsync($"/v1/requests/{RequestId}");
        var bing = request.GetProperty("summary").GetProperty("bing");
        Assert.Equal((1, 1, 2), (bing.GetProperty("pending").GetInt32(), bing.GetProperty("acknowledged").GetInt32(),
            bing.GetProperty("overdue").GetInt32()));

        var google = (await app.Admin().GetJsonAsync($"/v1/rulings/{RulingId}/compliance")).GetProperty("engines").GetProperty("google");
        Assert.Equal((2, 1, 1, 0, 1), (google.GetProperty("total").GetInt32(), google.GetProperty("delisted").GetInt32(),
            google.GetProperty("rejected").GetInt32(), google.GetProperty("delistedOnTime").GetInt32(),
                google.GetProperty("delistedLate").GetInt32()));
        // From creation (1 Nov 09:00) to delisting (20 Nov 10:00).
        Assert.Equal(457.0, google.GetProperty("medianHoursToDelist").GetDouble());
    }

    [Fact]
    public async Task The_audit_trail_is_kept_in_order_names_items_by_their_derived_ids_and_continues()
    {
        await using var app = new DelistingApp(path);
        var bing = await app.LiaisonAsync("bing");
        var body = await bing.RespondOkAsync("bing", Scenario.Delist(BingA, "B-1"));
        Assert.Equal((BingA, "delisted"), (body.GetProperty("items")[0].Str("id"), body.GetProperty("items")[0].Str("status")));

        var events = await app.Admin().EventsAsync(RequestId);
        Assert.Equal(["evt_1", "evt_2", "evt_3", "evt_4"], events.Take(4).Select(e => e.Str("id")));
        Assert.Equal((BingA, "pending", "acknowledged"), (events[1].Str("itemId"), events[1].Str("from"), events[1].Str("to")));
        Assert.Equal((GoogleB, "Not in our index"), (events[2].Str("itemId"), events[2].Str("reason")));
        Assert.Equal(GoogleA, events[3].Str("itemId"));
        var last = events[4];
        Assert.Equal((BingA, "bing", "acknowledged", "delisted"), (last.Str("itemId"), last.Str("engine"), last.Str("from"), last.Str("to")));
        Assert.Equal(5, events.Count);
    }

    [Fact]
    public async Task A_legacy_id_is_an_unknown_item_and_a_batch_naming_one_changes_nothing()
    {
        await using var app = new DelistingApp(path);
        var bing = await app.LiaisonAsync("bing");
        var before = await app.Admin().GetJsonAsync($"/v1/requests/{RequestId}/items");
        var eventsBefore = (await app.Admin().EventsAsync(RequestId)).Count;

        // The derived id of BingB is valid in the same batch; the legacy id of BingA refuses the whole batch.
        var refused = await bing.RespondAsync("bing", Scenario.Acknowledge(BingB), Scenario.Delist(LegacyBingA));
        var errors = (await refused.AssertProblemAsync(422)).GetProperty("errors");
        Assert.Equal(["responses[1].itemId"], errors.EnumerateObject().Select(e => e.Name));

        // Every legacy form, even of this engine's own items.
        foreach (var legacy in new[] { LegacyBingA, LegacyBingB })
        {
            var alone = await bing.RespondAsync("bing", Scenario.Acknowledge(legacy));
            Assert.True((await alone.AssertProblemAsync(422)).GetProperty("errors").TryGetProperty("responses[0].itemId", out _));
        }

        var after = await app.Admin().GetJsonAsync($"/v1/requests/{RequestId}/items");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal(eventsBefore, (await app.Admin().EventsAsync(RequestId)).Count);
    }

    [Fact]
    public async Task An_old_item_is_not_reachable_by_another_engine()
    {
        await using var app = new DelistingApp(path);
        var bing = await app.LiaisonAsync("bing");

        // Google's item, under its legacy or its derived id, is not in bing's queue.
        var foreign = await bing.RespondAsync("bing", Scenario.Delist(LegacyGoogleB), Scenario.Delist(GoogleB));
        var errors = (await foreign.AssertProblemAsync(422)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("responses[0].itemId", out _));
        Assert.True(errors.TryGetProperty("responses[1].itemId", out _));

        // One item named twice in one batch is refused as reported twice.
        var twice = await bing.RespondAsync("bing", Scenario.Acknowledge(BingB), Scenario.Delist(BingB));
        Assert.Contains("already reported",
            (await twice.AssertProblemAsync(422)).GetProperty("errors").GetProperty("responses[1].itemId")[0].GetString());

        var stored = await app.Admin().GetJsonAsync($"/v1/requests/{RequestId}/items?engine=google");
        Assert.Equal(["delisted", "rejected"], stored.GetProperty("items").EnumerateArray().Select(i => i.Str("status")));
    }

    [Fact]
    public void The_events_table_is_still_append_only()
    {
        Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"));
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        var update = Assert.Throws<SqliteException>(() => connection.Execute("UPDATE events SET reason = 'x'"));
        Assert.Contains("append-only", update.Message);
        var delete = Assert.Throws<SqliteException>(() => connection.Execute("DELETE FROM events"));
        Assert.Contains("append-only", delete.Message);
        Assert.Equal(4, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM events"));
    }
}
