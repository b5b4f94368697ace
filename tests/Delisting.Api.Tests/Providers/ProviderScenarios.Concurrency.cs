using System.Net;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Providers;

public abstract partial class ProviderScenarios<TProvider>
{
    // Written out here rather than taken from the service, so that a wrong table there cannot pass here.
    private static readonly HashSet<(string From, string To)> Allowed =
    [
        ("pending", "acknowledged"), ("pending", "delisted"), ("pending", "rejected"),
        ("acknowledged", "delisted"), ("acknowledged", "rejected"), ("rejected", "delisted"),
    ];

    // Pairs (first, second) where second cannot follow first: an item that one batch takes to first and the other
    // to second, with a second item the other way round, makes whichever batch commits last impossible.
    private static readonly (string First, string Second)[] Crossed =
        [("delisted", "acknowledged"), ("delisted", "rejected"), ("rejected", "acknowledged")];

    private static readonly string[] Reports = ["acknowledged", "delisted", "rejected"];

    /// <summary>
    /// Two liaisons of one engine report conflicting batches on the same items at the same moment, round after round.
    /// Each batch is applied whole (200) or refused whole (409); the trail holds exactly the changes the 200s report,
    /// each by the key that sent it, and every item's history follows the transition table to its final status.
    /// On SQL Server this is the branch where both batches read the same statuses and one loses at the UPDATE.
    /// </summary>
    [ProviderFact]
    public async Task Two_liaisons_reporting_conflicting_batches_at_once_apply_each_batch_whole_or_not_at_all()
    {
        await using var app = NewApp();
        await app.CreateRulingInForceAsync("race-ruling", engines: ["google"], plaintiffs: ["apc"]);
        var apc = await app.RightsHolderAsync("apc");
        Actor[] liaisons = [await app.ActorAsync("engine", engine: "google"), await app.ActorAsync("engine", engine: "google")];
        var random = new Random(20261129);
        var applied = liaisons.ToDictionary(l => l.KeyId, _ => 0);
        var requests = new List<string>();

        for (var round = 0; round < 15; round++)
        {
            var request = await apc.SubmitAsync("race-ruling", Scenario.Urls(5, from: 1 + round * 5));
            requests.Add(request.Str("id"));
            var ids = await app.ItemIdsAsync(request, "google");
            var (first, second) = Crossed[random.Next(Crossed.Length)];
            var batches = new[] { new List<(string Id, string Status)>(), new List<(string Id, string Status)>() };
            batches[0].AddRange([(ids[0], first), (ids[1], second)]);
            batches[1].AddRange([(ids[0], second), (ids[1], first)]);
            foreach (var id in ids.Skip(2))
            {
                foreach (var batch in batches) batch.Add((id, Reports[random.Next(Reports.Length)]));
            }
            foreach (var batch in batches) Shuffle(batch, random);

            var outcomes = await AllAtOnceAsync(liaisons.Select((l, i) => (l.Client, batches[i])).ToList());
            Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"round {round}: {o.Status} {o.Body}"));
            // The crossed items make a second success impossible; one of the two must have won.
            Assert.Equal(1, outcomes.Count(o => o.Status == HttpStatusCode.OK));
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i].Status != HttpStatusCode.OK) continue;
                var body = JsonDocument.Parse(outcomes[i].Body).RootElement;
                Assert.Equal(batches[i].Count, body.GetProperty("applied").GetInt32() + body.GetProperty("unchanged").GetInt32());
                // The batch's items as they stood when it committed: each in the status it reported.
                Assert.Equal(batches[i].OrderBy(r => r.Id, StringComparer.Ordinal),
                    body.GetProperty("items").EnumerateArray().Select(item => (item.Str("id"), item.Str("status"))).OrderBy(r => r.Item1,
                        StringComparer.Ordinal));
                applied[liaisons[i].KeyId] += body.GetProperty("applied").GetInt32();
            }
        }

        foreach (var requestId in requests)
        {
            var changes = (await app.Admin().EventsAsync(requestId)).Where(e => e.Str("type") == "status-changed").ToList();
            var items = (await app.Admin().GetJsonAsync($"/v1/requests/{requestId}/items?engine=google")).GetProperty("items").EnumerateArray();
            foreach (var item in items)
            {
                var history = changes.Where(e => e.Str("itemId") == item.Str("id")).Select(e => (e.Str("from"), e.Str("to"))).ToList();
                var status = "pending";
                foreach (var (from, to) in history)
                {
                    Assert.Equal(status, from);
                    Assert.Contains((from, to), Allowed);
                    status = to;
                }
                Assert.Equal(status, item.Str("status"));
            }
            foreach (var change in changes) applied[change.GetProperty("actor").Str("keyId")]--;
        }
        // Every change a 200 reported is in the trail under its sender's key, and nothing else is.
        Assert.All(applied, a => Assert.Equal(0, a.Value));
    }

    private sealed record Outcome(HttpStatusCode Status, string Body);

    /// <summary>Sends the batches at the same moment, each from its own liaison, and waits for all of them.</summary>
    private static async Task<Outcome[]> AllAtOnceAsync(IReadOnlyList<(HttpClient Liaison, List<(string Id, string Status)> Batch)> sends)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = sends.Select(send => Task.Run(async () =>
        {
            await start.Task;
            var response = await send.Liaison.RespondAsync("google", send.Batch.Select(r => Scenario.Report(r.Id, r.Status)).ToArray());
            return new Outcome(response.StatusCode, await response.Content.ReadAsStringAsync());
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static void Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
