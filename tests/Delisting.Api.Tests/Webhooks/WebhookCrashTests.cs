using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Webhooks;

/// <summary>
/// The service killed with SIGKILL right after a change committed: after a restart its events are delivered, none lost or invented.
/// </summary>
public sealed class WebhookCrashTests
{
    [Fact]
    public async Task Events_committed_before_a_crash_are_delivered_after_the_restart()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-hookcrash-{Guid.NewGuid():N}.db"),
            new Dictionary<string, string>
            {
                ["Webhooks__AllowHttp"] = "true", ["Webhooks__AllowPrivateTargets"] = "true",
                // A delivery leased by the killed process waits for its lease (the attempt's timeout and 5 s) to end.
                ["Webhooks__DeliveryTimeoutSeconds"] = "2",
            });
        await service.StartAsync();
        await service.CreateRulingAsync("hook-ruling", "google");
        var apcKey = await service.KeyAsync(new { role = "rights-holder", organisation = "apc" });
        var googleKey = await service.KeyAsync(new { role = "engine", engine = "google" });
        (await service.Client(googleKey).PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, feed = "engine" })).EnsureSuccessStatusCode();

        for (var round = 0; round < 3; round++)
        {
            (await service.Client(apcKey).PostAsJsonAsync("/v1/requests", new
            {
                rulingId = "hook-ruling", urls = Enumerable.Range(0, 5).Select(i => $"https://allostreaming.com/round-{round}/film/{i}"),
            })).EnsureSuccessStatusCode();
            service.Kill();
            await service.StartAsync();
        }

        var feed = await service.Client(googleKey).GetFromJsonAsync<JsonElement>("/v1/engines/google/changes?limit=1000");
        var expected = feed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(15, expected.Count);
        List<string> delivered = [];
        await Probe.UntilAsync(() =>
        {
            delivered = receiver.Deliveries.SelectMany(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("id").GetString()!)).Distinct().ToList();
            return delivered.Count >= expected.Count;
        }, "not every committed event was delivered after the restarts", TimeSpan.FromSeconds(30));

        Assert.Equal(expected, delivered);
        // A delivery sent again (the crash came before its success was recorded) is the same delivery: same id, same body.
        Assert.All(receiver.Deliveries.GroupBy(d => d.Id), group => Assert.Single(group.Select(d => d.Body).Distinct()));
    }
}
