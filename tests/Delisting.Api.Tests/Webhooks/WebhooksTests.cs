using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Webhooks;

public sealed class WebhooksTests
{
    private const string Ruling = "test-ruling-in-force";

    /// <summary>The signature computed here from the Standard Webhooks definition, not by the service's code.</summary>
    private static string ExpectedSignature(string secret, Receiver.Delivery delivery)
    {
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{delivery.Id}.{delivery.Timestamp}.{delivery.Body}")));
    }

    private static async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, string url, string feed)
    {
        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url, feed, description = "test receiver" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (body.Str("id"), body.Str("secret"));
    }

    private static List<JsonElement> Events(Receiver.Delivery delivery) =>
        JsonDocument.Parse(delivery.Body).RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone()).ToList();

    [Fact]
    public async Task A_subscription_receives_its_feed_signed_once_from_its_creation_on()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var before = await apc.SubmitAsync(Ruling, Scenario.Urls(1));
        await google.RespondOkAsync("google", Scenario.Acknowledge((await app.ItemIdsAsync(before, "google"))[0]));

        var (id, secret) = await SubscribeAsync(apc, receiver.Url, "organisation");
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        var listed = await apc.GetStringAsync("/v1/webhooks");
        Assert.DoesNotContain(secret, listed);
        Assert.Contains(id, listed);

        var request = await apc.SubmitAsync(Ruling, Scenario.Urls(2, from: 2));
        var items = await app.ItemIdsAsync(request, "google");
        await google.RespondOkAsync("google", Scenario.Delist(items[0], "G-1"), Scenario.Reject(items[1], "gone", "not-found"));

        var received = await receiver.WaitForAsync(1);
        var delivery = Assert.Single(received);
        Assert.Equal(ExpectedSignature(secret, delivery), delivery.Signature);
        Assert.InRange(long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddYears(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddYears(2).ToUnixTimeSeconds());
        // Only what happened after the subscription, in feed order, the same events the pull feed serves.
        var events = Events(delivery);
        Assert.Equal([("pending", "delisted"), ("pending", "rejected")], events.Select(e => (e.Str("from"), e.Str("to"))));
        var feed = (await apc.GetJsonAsync("/v1/organisations/apc/changes?limit=100")).GetProperty("items").EnumerateArray().TakeLast(2);
        Assert.Equal(feed.Select(e => e.Str("id")), events.Select(e => e.Str("id")));

        // The receiver has it before the service has recorded its answer.
        JsonElement first = default;
        await Probe.UntilAsync(async () =>
        {
            first = (await apc.GetJsonAsync($"/v1/webhooks/{id}/deliveries")).GetProperty("items")[0];
            return first.Str("status") != "pending";
        }, "the delivery's outcome was not recorded");
        Assert.Equal((delivery.Id, "succeeded", 1L, 2L, 204L), (first.Str("id"), first.Str("status"), first.GetProperty("attempts").GetInt64(),
            first.GetProperty("events").GetInt64(), first.GetProperty("lastResponseStatus").GetInt64()));
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_with_the_same_id_and_order_is_kept()
    {
        // Every attempt is a span of its own (process-wide listener: this test's spans are told by their delivery id).
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Delisting.Webhooks",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = received => received < 2 ? 500 : 204;
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Webhooks:RetrySchedule:0"] = "00:00:00",
            ["Webhooks:RetrySchedule:1"] = "00:00:00" });
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var google = await app.LiaisonAsync("google");
        await SubscribeAsync(google, receiver.Url, "engine");
        var apc = await app.RightsHolderAsync("apc");
        await apc.SubmitAsync(Ruling, Scenario.Urls(1));

        var received = await receiver.WaitForAsync(3);
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(d => d.Id).Distinct());
        Assert.Single(received.Select(d => d.Body).Distinct());
        // The third attempt's span ends once its outcome is stored.
        await Probe.UntilAsync(() => spans.Count(a => (string?)a.GetTagItem("webhook.delivery_id") == received[0].Id) == 3, "three attempt spans");
        var attempts = spans.Where(a => (string?)a.GetTagItem("webhook.delivery_id") == received[0].Id).OrderBy(a =>
            (long)a.GetTagItem("webhook.attempt")!).ToList();
        Assert.Equal([1L, 2L, 3L], attempts.Select(a => (long)a.GetTagItem("webhook.attempt")!));
        Assert.Equal([System.Diagnostics.ActivityStatusCode.Error, System.Diagnostics.ActivityStatusCode.Error,
            System.Diagnostics.ActivityStatusCode.Unset],
            attempts.Select(a => a.Status));

        await apc.SubmitAsync(Ruling, Scenario.Urls(1, from: 2));
        received = await receiver.WaitForAsync(4);
        Assert.NotEqual(received[0].Id, received[3].Id);
        Assert.Equal([Scenario.Urls(1)[0], Scenario.Urls(1, from: 2)[0]],
            new[] { received[0], received[3] }.Select(d => Events(d).Single().GetProperty("item").Str("url")));
    }

    [Fact]
    public async Task Three_failed_deliveries_in_a_row_disable_the_subscription_and_enable_resumes_where_it_stopped()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = _ => 503;
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Webhooks:RetrySchedule:0"] = "00:00:00" });
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var google = await app.LiaisonAsync("google");
        var (id, _) = await SubscribeAsync(google, receiver.Url, "engine");
        var apc = await app.RightsHolderAsync("apc");
        for (var i = 1; i <= 3; i++)
        {
            await apc.SubmitAsync(Ruling, Scenario.Urls(1, from: i));
            await receiver.WaitForAsync(2 * i);
        }
        await Probe.UntilAsync(async () => (await google.GetJsonAsync($"/v1/webhooks/{id}")).Str("status") == "disabled",
            "the subscription was not disabled");
        var deliveries = (await google.GetJsonAsync($"/v1/webhooks/{id}/deliveries")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["failed", "failed", "failed"], deliveries.Select(d => d.Str("status")));
        Assert.All(deliveries, d => Assert.Equal((2L, 503L), (d.GetProperty("attempts").GetInt64(), d.GetProperty("lastResponseStatus").GetInt64())));

        // Disabled: nothing more is sent. Enabled: what came meanwhile is delivered.
        await apc.SubmitAsync(Ruling, Scenario.Urls(1, from: 4));
        await Probe.WebhooksSettledAsync(app);
        Assert.Equal(6, receiver.Deliveries.Count);
        receiver.Answer = _ => 204;
        var enabled = await google.PostAsync($"/v1/webhooks/{id}/enable", null);
        Assert.Equal("active", (await enabled.ReadJsonAsync()).Str("status"));
        var received = await receiver.WaitForAsync(7);
        Assert.Equal(Scenario.Urls(1, from: 4)[0], Events(received[6]).Single().GetProperty("item").Str("url"));
    }

    [Fact]
    public async Task A_ping_is_delivered_and_scopes_hold()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new DelistingApp();
        var apc = await app.RightsHolderAsync("apc");
        var (id, secret) = await SubscribeAsync(apc, receiver.Url, "organisation");
        Assert.Equal(HttpStatusCode.Accepted, (await apc.PostAsync($"/v1/webhooks/{id}/ping", null)).StatusCode);
        var ping = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal("ping", Events(ping).Single().Str("type"));
        Assert.Equal(ExpectedSignature(secret, ping), ping.Signature);

        var fndf = await app.RightsHolderAsync("fndf");
        await (await fndf.GetAsync($"/v1/webhooks/{id}")).AssertProblemAsync(404);
        await (await fndf.DeleteAsync($"/v1/webhooks/{id}")).AssertProblemAsync(404);
        await (await app.Admin().PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, feed = "organisation" })).AssertProblemAsync(403);
        await (await apc.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, feed = "engine" })).AssertProblemAsync(422);
        Assert.Equal(HttpStatusCode.NoContent, (await apc.DeleteAsync($"/v1/webhooks/{id}")).StatusCode);
        await (await apc.GetAsync($"/v1/webhooks/{id}")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "true", "false")]   // loopback
    [InlineData("https://10.1.2.3/hook", "true", "false")]      // private
    [InlineData("https://169.254.169.254/latest", "true", "false")] // link-local (cloud metadata)
    [InlineData("http://example.org/hook", "false", "false")]   // http not allowed
    [InlineData("ftp://example.org/hook", "true", "true")]
    public async Task Targets_inside_or_without_https_are_refused(string url, string allowHttp, string allowPrivate)
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string>
        {
            ["Webhooks:AllowHttp"] = allowHttp, ["Webhooks:AllowPrivateTargets"] = allowPrivate,
        });
        var apc = await app.RightsHolderAsync("apc");
        var problem = await (await apc.PostAsJsonAsync("/v1/webhooks", new { url, feed = "organisation" })).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
        Assert.Empty((await apc.GetJsonAsync("/v1/webhooks")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Webhooks:RetrySchedule:0"] = "01:00:00" });
        var apc = await app.RightsHolderAsync("apc");
        var (id, _) = await SubscribeAsync(apc, receiver.Url.Replace("/hook", "/redirect"), "organisation");
        await apc.PostAsync($"/v1/webhooks/{id}/ping", null);
        JsonElement delivery = default;
        await Probe.UntilAsync(async () =>
        {
            delivery = (await apc.GetJsonAsync($"/v1/webhooks/{id}/deliveries")).GetProperty("items")[0];
            return delivery.GetProperty("attempts").GetInt64() > 0;
        }, "the redirected delivery was not attempted");
        Assert.Equal(307L, delivery.GetProperty("lastResponseStatus").GetInt64());
        Assert.Empty(receiver.Deliveries);
    }
}

public sealed class LifecycleInputTests
{
    [Theory]
    [InlineData("/v1/webhooks", """{ "url": "https://example.org/hook", "feed": "organisation", "description": "a\u202Eb" }""", "description")]
    [InlineData("/v1/webhooks", """{ "url": "", "feed": "organisation" }""", "url")]
    [InlineData("/v1/webhooks", """{ "url": "https://example.org/hook", "feed": "everything" }""", "feed")]
    [InlineData("/v1/rulings/test-ruling-in-force/mirror-reports",
        """{ "domain": "allostreaming.net", "mirrorOf": "allostreaming.com", "evidence": ["https://allostreaming.net/1"], "note": "x\u0000y" }""",
        "note")]
    [InlineData("/v1/requests/REQUEST/withdrawals", """{ "urls": ["https://allostreaming.com/1"], "reason": "oops\u0007" }""", "reason")]
    public async Task Control_and_bidi_characters_in_free_text_are_422_at_the_field(string path, string json, string key)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var request = await apc.SubmitAsync("test-ruling-in-force", "https://allostreaming.com/1");
        path = path.Replace("REQUEST", request.Str("id"), StringComparison.Ordinal);
        var problem = await (await apc.PostAsync(path, HttpAssertions.JsonBody(json))).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out _), problem.ToString());
    }
}
