using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Webhooks;

/// <summary>
/// When deliveries go out: woken by the commit of their events (the service's clock never moves in these tests, so
/// nothing is sent on a timer), one subscription never waiting on another's receiver, batches sent back to back.
/// </summary>
public sealed class WebhookTimingTests
{
    private const string Ruling = "test-ruling-in-force";

    private static async Task<string> SubscribeAsync(HttpClient client, string url, string feed)
    {
        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url, feed });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).Str("id");
    }

    private static List<string> EventUrls(IEnumerable<Receiver.Delivery> deliveries) => deliveries
        .SelectMany(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("events").EnumerateArray())
        .Select(e => e.GetProperty("item").Str("url")).ToList();

    [Fact]
    public async Task A_delivery_starts_within_two_seconds_of_the_commit_of_its_first_event()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var google = await app.LiaisonAsync("google");
        var id = await SubscribeAsync(google, receiver.Url, "engine");
        var apc = await app.RightsHolderAsync("apc");

        for (var i = 1; i <= 5; i++)
        {
            var before = Stopwatch.GetTimestamp();
            await apc.SubmitAsync(Ruling, Scenario.Urls(1, from: i));
            var received = await receiver.WaitForAsync(i);
            Assert.True(received.Count >= i, $"request {i} was not delivered");
            var delivery = received[i - 1];
            var latency = Stopwatch.GetElapsedTime(before, delivery.At);
            Assert.True(latency < TimeSpan.FromSeconds(2), $"request {i}: delivered {latency.TotalMilliseconds:0} ms after the request was sent");
            Assert.Equal(Scenario.Urls(1, from: i), EventUrls([delivery]));
        }

        // A ping (no feed row) wakes the sender too.
        var sent = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.Accepted, (await google.PostAsync($"/v1/webhooks/{id}/ping", null)).StatusCode);
        var ping = (await receiver.WaitForAsync(6))[5];
        Assert.True(Stopwatch.GetElapsedTime(sent, ping.At) < TimeSpan.FromSeconds(2), "the ping was not sent at once");
    }

    [Fact]
    public async Task Three_never_answering_receivers_of_one_organisation_do_not_delay_another_owners_delivery()
    {
        await using var dead1 = await Receiver.StartAsync();
        await using var dead2 = await Receiver.StartAsync();
        await using var dead3 = await Receiver.StartAsync();
        Receiver[] dead = [dead1, dead2, dead3];
        foreach (var receiver in dead) receiver.NeverAnswer = true;
        await using var healthy = await Receiver.StartAsync();
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var deadIds = new List<string>();
        foreach (var receiver in dead) deadIds.Add(await SubscribeAsync(apc, receiver.Url, "organisation"));
        await SubscribeAsync(google, healthy.Url, "engine");

        // apc's three receivers each hold a delivery they never answer.
        var first = await apc.SubmitAsync(Ruling, Scenario.Urls(1));
        await healthy.WaitForAsync(1);
        await google.RespondOkAsync("google", Scenario.Acknowledge((await app.ItemIdsAsync(first, "google"))[0]));
        await Probe.UntilAsync(() => dead.All(r => r.Arrived == 1), "the never-answering receivers were not all reached");

        var before = Stopwatch.GetTimestamp();
        await apc.SubmitAsync(Ruling, Scenario.Urls(1, from: 2));
        var received = await healthy.WaitForAsync(2);
        Assert.True(received.Count == 2, "google's second delivery did not arrive");
        var delivery = received[1];
        var latency = Stopwatch.GetElapsedTime(before, delivery.At);
        Assert.True(latency < TimeSpan.FromSeconds(1.5), $"google's delivery arrived {latency.TotalMilliseconds:0} ms after the request");
        Assert.Equal(Scenario.Urls(1, from: 2), EventUrls([delivery]));

        // The attempts end at the delivery timeout of the service's clock, and are retried on the schedule.
        app.Time.Advance(TimeSpan.FromSeconds(10));
        foreach (var deadId in deadIds)
        {
            await Probe.UntilAsync(async () =>
            {
                var attempt = (await apc.GetJsonAsync($"/v1/webhooks/{deadId}/deliveries")).GetProperty("items")[0];
                return attempt.GetProperty("attempts").GetInt64() == 1 && attempt.Str("lastError") == "No answer within 10 seconds.";
            }, "a never-answered attempt was not recorded at the timeout");
        }
        app.Time.Advance(TimeSpan.FromSeconds(5));
        await Probe.UntilAsync(() => dead.All(r => r.Arrived == 2), "the never-answered deliveries were not retried after 5 s");
    }

    [Fact]
    public async Task A_backlog_goes_out_in_batches_of_a_hundred_back_to_back_in_feed_order()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var google = await app.LiaisonAsync("google");
        await SubscribeAsync(google, receiver.Url, "engine");
        var apc = await app.RightsHolderAsync("apc");

        await apc.SubmitAsync(Ruling, Scenario.Urls(1_000));
        var received = await receiver.WaitForAsync(10);
        Assert.Equal(Enumerable.Repeat(100, 10), received.Select(d => EventUrls([d]).Count));
        Assert.Equal(Scenario.Urls(1_000), EventUrls(received));
    }

    [Fact]
    public async Task An_owner_holds_at_most_the_configured_number_of_subscriptions()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new DelistingApp();
        var apc = await app.RightsHolderAsync("apc");
        var ids = new List<string>();
        for (var i = 0; i < 10; i++) ids.Add(await SubscribeAsync(apc, receiver.Url, "organisation"));

        var problem = await (await apc.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, feed = "organisation" })).AssertProblemAsync(409);
        Assert.Contains("10 subscriptions", problem.Str("detail"));
        Assert.Equal(10, (await apc.GetJsonAsync("/v1/webhooks")).GetProperty("items").GetArrayLength());
        // Another owner is not counted with apc; a deleted subscription frees its place.
        await SubscribeAsync(await app.RightsHolderAsync("fndf"), receiver.Url, "organisation");
        Assert.Equal(HttpStatusCode.NoContent, (await apc.DeleteAsync($"/v1/webhooks/{ids[0]}")).StatusCode);
        await SubscribeAsync(apc, receiver.Url, "organisation");

        await using var strict = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Webhooks:MaxSubscriptionsPerOwner"] = "1" });
        var google = await strict.LiaisonAsync("google");
        await SubscribeAsync(google, receiver.Url, "engine");
        await (await google.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, feed = "engine" })).AssertProblemAsync(409);
    }
}
