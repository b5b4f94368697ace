using System.Reflection;
using Delisting.Api.Engines;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Engines;

/// <summary>The engine queue by due instant, then creation order (contract v1.2), paged by keyset.</summary>
public sealed class QueueOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static string[] Live(int count, string site, int from = 1) =>
        Enumerable.Range(from, count).Select(i => $"https://{site}/match/{i}").ToArray();

    /// <summary>
    /// Day-based items (due 2026-12-14T23:00Z), urgent items of two rulings (PT1H and PT30M, submitted later, due
    /// sooner) and one relist-pending item (due when its relisting was requested), in that order of submission.
    /// </summary>
    private static async Task<(HttpClient Google, List<string> Expected)> MixedQueueAsync(DelistingApp app, int perGroup)
    {
        var day = await app.CreateRulingInForceAsync("day-ruling", engines: ["google"]);
        var hour = await app.CreateRulingInForceAsync("hour-ruling", engines: ["google"], domains: ["live-one.example"], responseTime: "PT1H");
        var half = await app.CreateRulingInForceAsync("half-ruling", engines: ["google"], domains: ["live-two.example"], responseTime: "PT30M");
        var apc = await app.RightsHolderAsync();
        var google = await app.LiaisonAsync("google");

        var dayRequest = await apc.SubmitAsync(day, Urls(perGroup + 1));
        var dayIds = await app.ItemIdsAsync(dayRequest, "google");
        app.Time.SetUtcNow(T0.AddMinutes(1));
        var hourIds = await app.ItemIdsAsync(await apc.SubmitAsync(hour, Live(perGroup, "live-one.example")), "google");
        app.Time.SetUtcNow(T0.AddMinutes(2));
        var halfIds = await app.ItemIdsAsync(await apc.SubmitAsync(half, Live(perGroup, "live-two.example")), "google");
        // The last day-based URL is delisted, then withdrawn: relisting is requested at T0+3min, before any deadline.
        await google.RespondOkAsync("google", Delist(dayIds[^1]));
        app.Time.SetUtcNow(T0.AddMinutes(3));
        await apc.WithdrawOkAsync(dayRequest.Str("id"), "licence signed", Urls(1, from: perGroup + 1));
        app.Time.SetUtcNow(T0.AddMinutes(4));
        return (google, [dayIds[^1], .. halfIds, .. hourIds, .. dayIds.Take(perGroup)]);
    }

    private static async Task<List<string>> ReadAllAsync(HttpClient client, string? status, int limit, Func<int, Task>? between = null)
    {
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await client.QueuePageAsync("google", status, limit, after);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
            after = page.GetProperty("next").GetString();
            if (between is not null && after is not null) await between(pages);
            pages++;
        } while (after is not null);
        return seen;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public async Task Day_based_urgent_and_relist_pending_items_are_listed_by_due_instant_then_creation(int limit)
    {
        await using var app = new DelistingApp();
        var (google, expected) = await MixedQueueAsync(app, 3);

        Assert.Equal(expected, await ReadAllAsync(google, null, limit));
        Assert.Equal(expected.Skip(1), await ReadAllAsync(google, "pending", limit));
        Assert.Equal([expected[0]], await ReadAllAsync(google, "relist-pending", limit));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(1000, 700)]
    public async Task A_reader_following_next_meets_each_item_once_while_items_change(int limit, int perGroup)
    {
        await using var app = new DelistingApp();
        var (google, expected) = await MixedQueueAsync(app, perGroup);
        var apc = await app.RightsHolderAsync();
        var added = new List<string>();
        var rng = new Random(26);

        // Between pages the engine acknowledges, delists and rejects items anywhere in the queue (read or not), and after
        // each of the first three pages a new day-based URL arrives (due after everything listed so far).
        var seen = await ReadAllAsync(google, null, limit, async page =>
        {
            var some = expected.OrderBy(_ => rng.Next()).Take(3).ToList();
            var items = await app.ItemsByIdAsync("google");
            var reports = some.Where(id => items[id].Str("status") is "pending")
                .Select((id, i) => i switch { 0 => Acknowledge(id), 1 => Delist(id), _ => Reject(id) }).ToArray();
            if (reports.Length > 0) await google.RespondOkAsync("google", reports);
            if (page >= 3) return;
            var request = await apc.SubmitAsync("day-ruling", Urls(1, from: 10_000 + page));
            added.AddRange(await app.ItemIdsAsync(request, "google"));
        });

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(expected, seen.Take(expected.Count));
        Assert.Equal(added, seen.Skip(expected.Count));
    }

    [Fact]
    public async Task The_status_page_is_a_range_of_the_due_index_read_in_its_order_without_a_sort()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var sql = (string)typeof(QueueStore).GetField("SelectQueueByStatus", BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;

        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN {sql} LIMIT 501";
        foreach (var name in new[] { "@Engine", "@Status", "@AfterDue", "@AfterSeq", "@Now" }) command.Parameters.AddWithValue(name, DBNull.Value);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX ix_items_due (engine_id=? AND status=? AND due_at>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("SEARCH n USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
    }
}
