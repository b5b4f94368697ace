using System.Text.Json;
using Dapper;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Withdrawals;

/// <summary>
/// A claim move stores one anchor event and reads as one status-changed event per moved item (migration 0013): the
/// trail is the same whatever the page size, each derived event has its own id, actor and reason, and the export
/// folds them like stored events.
/// </summary>
public sealed class DerivedMoveEventsTests
{
    [Fact]
    public async Task A_withdrawal_stores_one_anchor_and_every_page_size_reads_the_same_trail()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var apc = await app.RightsHolderAsync("apc");
        var request = await apc.SubmitAsync(ruling, Urls(30));
        var google = await app.LiaisonAsync("google");
        var items = await app.ItemIdsAsync(request, "google");
        await google.RespondOkAsync("google", Delist(items[3]));
        app.Time.Advance(TimeSpan.FromHours(1));
        await apc.WithdrawOkAsync(request.Str("id"), "Sent by mistake.", Urls(30));

        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM events WHERE move_batch IS NOT NULL"));
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM events WHERE type = 'status-changed' AND role = 'rights-holder' AND move_batch IS NULL"));
        }

        var whole = await app.Admin().EventsAsync(request.Str("id"), limit: 1000);
        foreach (var limit in new[] { 1, 7, 59, 61 })
        {
            var paged = await app.Admin().EventsAsync(request.Str("id"), limit);
            Assert.Equal(whole.Select(e => e.GetRawText()), paged.Select(e => e.GetRawText()));
        }
        var moves = whole.Where(e => e.Str("type") == "status-changed" && e.GetProperty("actor").Str("role") == "rights-holder").ToList();
        Assert.Equal(60, moves.Count);
        Assert.Equal(60, moves.Select(e => e.Str("id")).Distinct().Count());
        Assert.All(moves, e => Assert.Equal("Sent by mistake.", e.Str("reason")));
        var google3 = moves.Single(e => e.Str("itemId") == items[3]);
        Assert.Equal(("delisted", "relist-pending", "google"), (google3.Str("from"), google3.Str("to"), google3.Str("engine")));
        // The moves come after the withdrawal's own events, by URL then engine.
        Assert.True(whole.FindLastIndex(e => e.Str("type") == "withdrawn") < whole.FindIndex(e => e.Str("id") == moves[0].Str("id")));
        Assert.Equal(items, moves.Where(e => e.Str("engine") == "google").Select(e => e.Str("itemId")));

        var exported = (await apc.GetStringAsync($"/v1/rulings/{ruling}/compliance/export?format=jsonl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.Str("itemId"));
        Assert.Equal("relist-pending", exported[items[3]].Str("status"));
        Assert.Equal(app.Time.GetUtcNow(), exported[items[3]].GetProperty("withdrawnAt").GetDateTimeOffset());
        Assert.Equal("withdrawn", exported[items[0]].Str("status"));
        Assert.Equal(app.Time.GetUtcNow(), exported[items[0]].GetProperty("withdrawnAt").GetDateTimeOffset());
    }
}
