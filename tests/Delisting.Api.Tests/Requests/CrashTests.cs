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
    private const int Trials = 5;

    [Fact]
    public async Task A_submission_killed_at_any_instant_is_stored_once_and_a_retry_finds_it()
    {
        // The killed process's claim is taken over after 2 s instead of 10: the test waits for it five times.
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-crash-{Guid.NewGuid():N}.db"),
            new Dictionary<string, string> { ["Idempotency__AbandonedAfterSeconds"] = "2" });
        await service.StartAsync();
        await service.CreateRulingAsync("crash-ruling", "google", "bing", "orange", "yahoo");
        var apcKey = await service.KeyAsync(new { role = "rights-holder", organisation = "apc", label = "crash test" });

        for (var trial = 0; trial < Trials; trial++)
        {
            var key = $"crash-{trial}-{Guid.NewGuid():N}";
            var body = new
            {
                rulingId = "crash-ruling", clientReference = key,
                urls = Enumerable.Range(0, 10_000).Select(i => $"https://www.allostreaming.com/trial-{trial}/film/{i}").ToArray(),
            };
            var inFlight = Post(service.Client(apcKey), body, key);
            await SubmissionProgressAsync(service, trial, key);
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
            Assert.Equal(created.GetProperty("id").GetString(),
                (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        }
    }

    /// <summary>
    /// The kill instants of a submission, in the order the service reaches them: the request just sent; its idempotency
    /// claim stored; then the log written once, then twice more (the request's transaction writing); the request stored.
    /// </summary>
    private static async Task SubmissionProgressAsync(ServiceProcess service, int trial, string key)
    {
        bool Stored() => service.Holds("SELECT COUNT(*) FROM requests WHERE client_reference = @key", new { key });
        bool Claimed() => service.Holds("SELECT COUNT(*) FROM idempotency_records WHERE idempotency_key = @key", new { key });
        if (trial == 0) return;
        if (trial == Trials - 1)
        {
            await Probe.UntilAsync(Stored, "the request was not stored", TimeSpan.FromSeconds(60));
            return;
        }
        await Probe.UntilAsync(Claimed, "the idempotency claim was not stored", TimeSpan.FromSeconds(60));
        if (trial > 1) await service.UntilLogWrittenAsync(trial == 2 ? 1 : 3, Stored);
    }

    [Fact]
    public async Task A_response_batch_killed_at_any_instant_is_applied_whole_or_not_at_all()
    {
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-crash-{Guid.NewGuid():N}.db"),
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" });
        await service.StartAsync();
        await service.CreateRulingAsync("crash-ruling", "google");
        var apcKey = await service.KeyAsync(new { role = "rights-holder", organisation = "apc" });
        var googleKey = await service.KeyAsync(new { role = "engine", engine = "google" });
        (await service.Client(apcKey).PostAsJsonAsync("/v1/requests", new
        {
            rulingId = "crash-ruling", urls = Enumerable.Range(0, 1_000 * Trials).Select(i => $"https://allostreaming.com/film/{i}"),
        })).EnsureSuccessStatusCode();

        async Task<long> DelistedAsync() => (await service.Client(googleKey).GetFromJsonAsync<JsonElement>("/v1/rulings/crash-ruling/compliance"))
            .GetProperty("engines").GetProperty("google").GetProperty("delisted").GetInt64();
        var outcomes = new List<string>();
        for (var trial = 0; trial < Trials; trial++)
        {
            var queue = await service.Client(googleKey).GetFromJsonAsync<JsonElement>("/v1/engines/google/items?status=pending&limit=1000");
            var ids = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
            Assert.Equal(1000, ids.Count);
            var before = await DelistedAsync();
            var batch = new { responses = ids.Select(id => new { itemId = id, status = "delisted" }) };
            var logged = service.Output.Count;
            var inFlight = service.Client(googleKey).PostAsJsonAsync("/v1/engines/google/responses", batch);
            await BatchProgressAsync(service, trial, logged, before);
            service.Kill();
            try { await inFlight; } catch (Exception) { }
            await service.StartAsync();

            var after = await DelistedAsync();
            Assert.True(after == before || after == before + 1000, $"{after - before} of 1,000 items delisted: a batch is whole or nothing");
            outcomes.Add(after == before ? "none" : "all");
            // Sent again, the batch completes what the crash left: applied now, or unchanged.
            var again = await (await service.Client(googleKey).PostAsJsonAsync("/v1/engines/google/responses",
                batch)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(after == before ? (1000, 0) : (0, 1000), (again.GetProperty("applied").GetInt32(),
                again.GetProperty("unchanged").GetInt32()));
        }
    }

    /// <summary>
    /// The kill instants of a response batch, in the order the service reaches them: the batch just sent; its request
    /// started; then the log written once, then twice (the batch's transaction writing); the batch applied.
    /// </summary>
    private static async Task BatchProgressAsync(ServiceProcess service, int trial, int logged, long before)
    {
        bool Applied() => service.Holds("SELECT COUNT(*) > @before FROM items WHERE engine_id = 'google' AND status = 'delisted'",
            new { before });
        if (trial == 0) return;
        if (trial == Trials - 1)
        {
            await Probe.UntilAsync(Applied, "the batch was not applied", TimeSpan.FromSeconds(60));
            return;
        }
        await Probe.UntilAsync(() => service.Started("/v1/engines/google/responses", logged), "the batch's request did not start",
            TimeSpan.FromSeconds(60));
        if (trial > 1) await service.UntilLogWrittenAsync(trial - 1, Applied);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, object body, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/requests") { Content = JsonContent.Create(body) };
        message.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(message);
    }
}
