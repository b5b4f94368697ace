using System.Net;
using System.Net.Http.Json;
using Dapper;
using Delisting.Api.Data;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Transparency;

/// <summary>
/// The counts the public figures read (migration 0025, item_tallies) stay equal to a recount of the items themselves
/// whatever moves them: new items of requests (two at one instant), engine reports, withdrawals, relisting, a
/// reopening that gives a notice a new deadline, and a protected host's withdrawal of its open items.
/// </summary>
public sealed class ItemTalliesTests
{
    private const string Ruling = "tallied-ruling";
    private const string Never = "'9999-12-31T23:59:59.0000000Z'";
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private const string Recount = $"""
        SELECT n.ruling_id || ' ' || i.engine_id || ' ' || n.created_at || ' ' || n.deadline || ' ' ||
               COALESCE(n.obligation_ends_at, {Never}) || ' ' || i.status || ' ' || COALESCE(i.reason_code, '') || ' ' ||
               COALESCE(i.delisted_at, {Never}) || ' ' || COUNT(*) AS line
        FROM items i JOIN notices n ON n.seq = i.notice_seq
        GROUP BY n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, {Never}), i.status,
                 COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, {Never})
        ORDER BY line
        """;

    private const string Tallies = """
        SELECT ruling_id || ' ' || engine_id || ' ' || created_at || ' ' || deadline || ' ' || obligation_ends_at || ' ' || status || ' ' ||
               reason_code || ' ' || delisted_at || ' ' || items AS line
        FROM item_tallies WHERE items <> 0 ORDER BY line
        """;

    [Fact]
    public async Task Counts_kept_as_items_and_notices_change_equal_a_recount_of_the_items()
    {
        await using var app = new DelistingApp(now: Start);
        await app.CreateRulingInForceAsync(Ruling, engines: ["google", "bing"], plaintiffs: ["apc", "fndf"]);
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        var google = await app.LiaisonAsync("google");
        var bing = await app.LiaisonAsync("bing");

        var first = await apc.Client.SubmitAsync(Ruling, Urls(4));
        var second = await apc.Client.SubmitAsync(Ruling, Urls(3, from: 3));
        var g = await app.ItemIdsAsync(first, "google");
        var b = await app.ItemIdsAsync(first, "bing");
        app.Time.Advance(TimeSpan.FromHours(5));
        await google.RespondOkAsync("google", Delist(g[0]), Reject(g[1]), Acknowledge(g[2]), Reject(g[3], reasonCode: "not-found"));
        await bing.RespondOkAsync("bing", Delist(b[0]), Delist((await app.ItemIdsAsync(second, "bing"))[2]));
        app.Time.Advance(TimeSpan.FromHours(5));
        await apc.Client.WithdrawOkAsync(first.Str("id"), "sent by mistake", Urls(2));
        await google.RespondOkAsync("google", Relist(g[0]));
        app.Time.Advance(TimeSpan.FromDays(2));
        await apc.Client.SubmitAsync(Ruling, Urls(1, from: 2));
        // A host protected with withdrawOpenItems: its URLs' items move as a withdrawal moves them (a delisted one to relisting).
        var shared = await apc.Client.SubmitAsync(Ruling, "https://files.allostreaming.com/1", "https://files.allostreaming.com/2");
        await google.RespondOkAsync("google", Delist((await app.ItemIdsAsync(shared, "google"))[0]));
        var protectedHost = await app.Admin().PostAsJsonAsync("/v1/protected-hosts",
            new { host = "files.allostreaming.com", reason = "shared host", withdrawOpenItems = true });
        Assert.Equal(HttpStatusCode.Created, protectedHost.StatusCode);

        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notice_deadlines") > 0, "no notice took a new deadline");
        var statuses = (await connection.QueryAsync<string>("SELECT DISTINCT status FROM items")).ToHashSet();
        Assert.Superset(new HashSet<string> { "pending", "acknowledged", "delisted", "rejected", "relist-pending", "relisted" }, statuses);
        Assert.Equal(await connection.QueryAsync<string>(Recount), await connection.QueryAsync<string>(Tallies));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM item_tallies WHERE items < 0"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM items WHERE status = 'withdrawn'") > 0, "nothing withdrawn");
    }

    [Fact]
    public void The_migration_counts_the_items_stored_before_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-migration-0025-{Guid.NewGuid():N}.db");
        try
        {
            Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"), through: "0022_response_changes.sql");
            using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                connection.Open();
                connection.Execute("""
                    INSERT INTO engines (id, name) VALUES ('google', 'Google'), ('bing', 'Bing');
                    INSERT INTO rulings (id, court, case_reference, decided_on, served_on, time_zone, compliance_days, in_force_until, note,
                      created_at)
                    VALUES ('r', 'TJ Paris', 'RG 26/1', '2026-10-20', '2026-10-25', 'Europe/Paris', 15, '2027-10-25', NULL,
                            '2026-10-20T08:00:00.0000000Z');
                    INSERT INTO notices (seq, id, ruling_id, url_hash, url, site, created_at, deadline, obligation_ends_at) VALUES
                      (1, 'ntc_a', 'r', x'01', 'https://allostreaming.com/1', 'allostreaming.com', '2026-11-01T09:00:00.0000000Z',
                       '2026-11-16T23:00:00.0000000Z', NULL),
                      (2, 'ntc_b', 'r', x'02', 'https://allostreaming.com/2', 'allostreaming.com', '2026-11-01T09:00:00.0000000Z',
                       '2026-11-16T23:00:00.0000000Z', '2027-10-25T22:00:00.0000000Z');
                    INSERT INTO items (notice_seq, engine_id, status, delisted_at, reason_code) VALUES
                      (1, 'google', 'delisted', '2026-11-02T09:00:00.0000000Z', NULL), (1, 'bing', 'pending', NULL, NULL),
                      (2, 'google', 'rejected', NULL, 'not-found'), (2, 'bing', 'pending', NULL, NULL);
                    """);
            }

            Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"));

            using var after = new SqliteConnection($"Data Source={path}");
            after.Open();
            Assert.Equal(4, after.ExecuteScalar<long>("SELECT COUNT(*) FROM item_tallies WHERE items <> 0"));
            Assert.Equal(after.Query<string>(Recount), after.Query<string>(Tallies));
            after.Execute("UPDATE items SET status = 'delisted', delisted_at = '2026-11-03T09:00:00.0000000Z' WHERE engine_id = 'bing'");
            Assert.Equal(after.Query<string>(Recount), after.Query<string>(Tallies));
        }
        finally
        {
            HttpAssertions.DeleteDatabase(path);
        }
    }
}
