using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Requests;

/// <summary>
/// The service killed with SIGKILL at many instants during idempotent submissions and response batches, then started
/// again on the same database: a retry with the same Idempotency-Key finds exactly one request (created once, or the
/// first one replayed), within seconds; a batch is applied whole or not at all.
/// </summary>
public sealed class CrashTests
{
    private static readonly int[] KillAfterMilliseconds = [0, 60, 150, 250, 400];

    [Fact]
    public async Task A_submission_killed_at_any_instant_is_stored_once_and_a_retry_finds_it()
    {
        // The killed process's claim is taken over after 2 s instead of 10: the test waits for it five times.
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-crash-{Guid.NewGuid():N}.db"),
            new Dictionary<string, string> { ["Idempotency__AbandonedAfterSeconds"] = "2" });
        await service.StartAsync();
        await service.CreateRulingAsync("crash-ruling", "google", "bing", "orange", "yahoo");
        var apcKey = await service.KeyAsync(new { role = "rights-holder", organisation = "apc", label = "crash test" });

        for (var trial = 0; trial < KillAfterMilliseconds.Length; trial++)
        {
            var key = $"crash-{trial}-{Guid.NewGuid():N}";
            var body = new
            {
                rulingId = "crash-ruling", clientReference = key,
                urls = Enumerable.Range(0, 10_000).Select(i => $"https://www.allostreaming.com/trial-{trial}/film/{i}").ToArray(),
            };
            var inFlight = Post(service.Client(apcKey), body, key);
            await Task.Delay(KillAfterMilliseconds[trial]);
            service.Kill();
            try { await inFlight; } catch (Exception) { /* the connection died with the service */ }

            await service.StartAsync();
            var restarted = DateTime.UtcNow;
            HttpResponseMessage retry;
            while (true)
            {
                retry = await Post(service.Client(apcKey), body, key);
                if (retry.StatusCode != HttpStatusCode.Conflict) break;
                Assert.True(retry.Headers.RetryAfter?.Delta is { } wait && wait <= TimeSpan.FromSeconds(10), "a 409 in flight says when to retry");
                Assert.True(DateTime.UtcNow - restarted < TimeSpan.FromSeconds(20), "the claim of the killed process was not taken over within 20 s");
                await Task.Delay(retry.Headers.RetryAfter!.Delta!.Value);
            }
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            var created = await retry.Content.ReadFromJsonAsync<JsonElement>();

            var listed = await service.Client(apcKey).GetFromJsonAsync<JsonElement>("/v1/requests?limit=1000");
            var mine = listed.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("clientReference").GetString() == key).ToList();
            var stored = Assert.Single(mine);
            Assert.Equal(created.GetProperty("id").GetString(), stored.GetProperty("id").GetString());
            Assert.Equal(10_000, stored.GetProperty("urlCount").GetInt64());
            Assert.Equal(10_000, stored.GetProperty("summary").GetProperty("google").GetProperty("pending").GetInt64());

            // Once more: the same answer, replayed.
            var replay = await Post(service.Client(apcKey), body, key);
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(created.GetProperty("id").GetString(), (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_response_batch_killed_at_any_instant_is_applied_whole_or_not_at_all()
    {
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-crash-{Guid.NewGuid():N}.db"));
        await service.StartAsync();
        await service.CreateRulingAsync("crash-ruling", "google");
        var apcKey = await service.KeyAsync(new { role = "rights-holder", organisation = "apc" });
        var googleKey = await service.KeyAsync(new { role = "engine", engine = "google" });
        (await service.Client(apcKey).PostAsJsonAsync("/v1/requests", new
        {
            rulingId = "crash-ruling", urls = Enumerable.Range(0, 1_000 * KillAfterMilliseconds.Length).Select(i => $"https://allostreaming.com/film/{i}"),
        })).EnsureSuccessStatusCode();

        async Task<long> DelistedAsync() => (await service.Client(googleKey).GetFromJsonAsync<JsonElement>("/v1/rulings/crash-ruling/compliance"))
            .GetProperty("engines").GetProperty("google").GetProperty("delisted").GetInt64();
        var outcomes = new List<string>();
        foreach (var delay in KillAfterMilliseconds)
        {
            var queue = await service.Client(googleKey).GetFromJsonAsync<JsonElement>("/v1/engines/google/items?status=pending&limit=1000");
            var ids = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
            Assert.Equal(1000, ids.Count);
            var before = await DelistedAsync();
            var batch = new { responses = ids.Select(id => new { itemId = id, status = "delisted" }) };
            var inFlight = service.Client(googleKey).PostAsJsonAsync("/v1/engines/google/responses", batch);
            await Task.Delay(delay / 4);
            service.Kill();
            try { await inFlight; } catch (Exception) { }
            await service.StartAsync();

            var after = await DelistedAsync();
            Assert.True(after == before || after == before + 1000, $"{after - before} of 1,000 items delisted: a batch is whole or nothing");
            outcomes.Add(after == before ? "none" : "all");
            // Sent again, the batch completes what the crash left: applied now, or unchanged.
            var again = await (await service.Client(googleKey).PostAsJsonAsync("/v1/engines/google/responses", batch)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(after == before ? (1000, 0) : (0, 1000), (again.GetProperty("applied").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        }
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, object body, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/requests") { Content = JsonContent.Create(body) };
        message.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(message);
    }
}
