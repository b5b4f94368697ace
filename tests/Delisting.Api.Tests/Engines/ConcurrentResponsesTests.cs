using System.Net;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Engines;

public sealed class ConcurrentResponsesTests(ITestOutputHelper output)
{
    // Written out here rather than taken from the service, so that a wrong table there cannot pass here.
    private static readonly HashSet<(string From, string To)> Allowed =
    [
        ("pending", "acknowledged"), ("pending", "delisted"), ("pending", "rejected"),
        ("acknowledged", "delisted"), ("acknowledged", "rejected"), ("rejected", "delisted"),
    ];

    private sealed record BatchOutcome(HttpStatusCode Status, int Applied, int Unchanged, string Body);

    private static async Task<(DelistingApp App, string RequestId, List<string> Ids, string LiaisonKey)> GoogleItemsAsync(int count)
    {
        var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(count));
        return (app, request.Str("id"), await app.ItemIdsAsync(request, "google"), await app.CreateKeyAsync("engine", engine: "google"));
    }

    /// <summary>Sends every batch at once, each on its own client, and waits for all of them.</summary>
    private static async Task<BatchOutcome[]> SendAllAtOnceAsync(DelistingApp app, string liaisonKey, IReadOnlyList<object[]> batches)
    {
        var clients = batches.Select(_ => app.WithKey(liaisonKey)).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = batches.Select((batch, i) => Task.Run(async () =>
        {
            await start.Task;
            var response = await clients[i].RespondAsync("google", batch);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK) return new BatchOutcome(response.StatusCode, 0, 0, text);
            var body = JsonDocument.Parse(text).RootElement;
            return new BatchOutcome(response.StatusCode, body.GetProperty("applied").GetInt32(), body.GetProperty("unchanged").GetInt32(), text);
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(tasks);
        foreach (var client in clients) client.Dispose();
        return outcomes;
    }

    private static async Task<List<JsonElement>> StatusChangesAsync(DelistingApp app, string requestId) =>
        (await app.Admin().EventsAsync(requestId)).Where(e => e.Str("type") == "status-changed").ToList();

    [Fact]
    public async Task Overlapping_and_disjoint_batches_at_once_apply_each_change_exactly_once()
    {
        var (app, requestId, ids, key) = await GoogleItemsAsync(40);
        await using var owned = app;
        string TargetOf(int i) => (i % 3) switch { 0 => "acknowledged", 1 => "delisted", _ => "rejected" };

        // Eight batches over sliding, overlapping windows of items 0..39, four over disjoint pairs of 32..39;
        // every batch asks the same of the same item, so none can conflict with another.
        var batches = new List<object[]>();
        for (var b = 0; b < 8; b++) batches.Add(Enumerable.Range(b * 4, 12).Select(i => i % 32).Select(i => Report(ids[i], TargetOf(i))).ToArray());
        for (var b = 0; b < 4; b++) batches.Add(Enumerable.Range(32 + b * 2, 2).Select(i => Report(ids[i], TargetOf(i))).ToArray());

        var outcomes = await SendAllAtOnceAsync(app, key, batches);

        Assert.All(outcomes, o => Assert.True(o.Status == HttpStatusCode.OK, $"{(int)o.Status}: {o.Body}"));
        var items = await app.ItemsByIdAsync("google");
        var changed = ids.Count(id => items[id].Str("status") != "pending");
        Assert.Equal(40, changed);
        Assert.Equal(changed, outcomes.Sum(o => o.Applied));
        Assert.Equal(batches.Sum(b => b.Length) - changed, outcomes.Sum(o => o.Unchanged));
        for (var i = 0; i < ids.Count; i++) Assert.Equal(TargetOf(i), items[ids[i]].Str("status"));

        var changes = await StatusChangesAsync(app, requestId);
        Assert.Equal(changed, changes.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), changes.Select(e => e.Str("itemId")).Order(StringComparer.Ordinal));
        Assert.All(changes, e => Assert.Equal("pending", e.Str("from")));
    }

    [Fact]
    public async Task Conflicting_batches_at_once_never_fail_and_leave_only_states_reached_by_allowed_transitions()
    {
        var (app, requestId, ids, key) = await GoogleItemsAsync(24);
        await using var owned = app;

        // Batches that disagree: some acknowledge, some delist, some reject the same items, in windows that overlap.
        // Whichever runs first decides; a later one may find a transition no longer allowed (409) and apply nothing.
        var verbs = new[] { "acknowledged", "delisted", "rejected", "acknowledged", "rejected", "delisted", "acknowledged", "delisted", "rejected",
            "delisted", "acknowledged", "rejected" };
        var batches = verbs.Select((verb, b) => Enumerable.Range(b * 2, 5).Select(i => i % 24).Distinct().Select(i => Report(ids[i],
            verb)).ToArray()).ToList();
        // Two batches of single items no other batch touches.
        batches.Add([Delist(ids[22])]);
        batches.Add([Acknowledge(ids[23])]);

        var outcomes = await SendAllAtOnceAsync(app, key, batches);

        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)o.Status}: {o.Body}"));
        Assert.All(outcomes.Where(o => o.Status == HttpStatusCode.Conflict),
            o => Assert.Equal(409, JsonDocument.Parse(o.Body).RootElement.GetProperty("status").GetInt32()));

        output.WriteLine($"{outcomes.Count(o => o.Status == HttpStatusCode.OK)} batches applied, " +
                         $"{outcomes.Count(o => o.Status == HttpStatusCode.Conflict)} refused with 409, {outcomes.Sum(o => o.Applied)} changes");
        var items = await app.ItemsByIdAsync("google");
        var changes = await StatusChangesAsync(app, requestId);
        Assert.Equal(outcomes.Sum(o => o.Applied), changes.Count);

        var byItem = changes.ToLookup(e => e.Str("itemId"));
        foreach (var id in ids)
        {
            // Replaying an item's trail from pending must follow allowed transitions only and end where the item is.
            var status = "pending";
            foreach (var change in byItem[id])
            {
                Assert.Equal(status, change.Str("from"));
                Assert.Contains((change.Str("from"), change.Str("to")), Allowed);
                status = change.Str("to");
            }
            Assert.Equal(status, items[id].Str("status"));
        }
        Assert.Equal(ids.Count(id => byItem[id].Any()), ids.Count(id => items[id].Str("status") != "pending"));
        Assert.All(await app.Admin().QueueAsync("bing"), i => Assert.Equal("pending", i.Str("status")));
    }

    [Fact]
    public async Task The_same_batch_sent_eight_times_at_once_is_applied_once()
    {
        var (app, requestId, ids, key) = await GoogleItemsAsync(10);
        await using var owned = app;
        var batch = ids.Select(id => Delist(id)).ToArray();

        var outcomes = await SendAllAtOnceAsync(app, key, Enumerable.Repeat(batch, 8).ToList());

        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.OK, o.Status));
        Assert.Equal(10, outcomes.Sum(o => o.Applied));
        Assert.Equal(70, outcomes.Sum(o => o.Unchanged));
        Assert.Single(outcomes, o => o.Applied == 10);
        Assert.Equal(10, (await StatusChangesAsync(app, requestId)).Count);
    }
}
