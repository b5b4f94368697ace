using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.ProtectedHosts;

/// <summary>
/// The service killed with SIGKILL while protecting a host withdraws 10,000 claimed URLs, then started again on the same
/// database: the host is protected and every item moved, or neither.
/// </summary>
public sealed class ProtectedHostCrashTests
{
    private const int Trials = 5;
    private static readonly string[] Engines = ["google", "bing", "orange", "yahoo"];

    [Fact]
    public async Task Protecting_a_host_killed_at_any_instant_withdraws_all_of_its_urls_or_none()
    {
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-crash-{Guid.NewGuid():N}.db"),
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" });
        await service.StartAsync();
        await service.CreateRulingAsync("crash-ruling", Engines);
        var apcKey = await service.KeyAsync(new { role = "rights-holder", organisation = "apc" });
        // A restarted service listens on another port: a client is made for each call.
        HttpClient Apc() => service.Client(apcKey);
        HttpClient Admin() => service.Client(ServiceProcess.AdminKey);
        var outcomes = new List<string>();
        for (var trial = 0; trial < Trials; trial++)
        {
            var host = $"files-{trial}.allostreaming.com";
            (await Apc().PostAsJsonAsync("/v1/requests", new
            {
                rulingId = "crash-ruling", urls = Enumerable.Range(0, 10_000).Select(i => $"https://{host}/file/{i}"),
            })).EnsureSuccessStatusCode();
            var before = await WithdrawnAsync(Admin());

            var logged = service.Output.Count;
            var inFlight = Admin().PostAsJsonAsync("/v1/protected-hosts", new { host, reason = "shared host", withdrawOpenItems = true });
            await ProgressAsync(service, trial, logged, host);
            service.Kill();
            try { await inFlight; } catch (Exception) { /* the connection died with the service */ }
            await service.StartAsync();

            var after = await WithdrawnAsync(Admin());
            var hosts = (await Admin().GetFromJsonAsync<JsonElement>("/v1/protected-hosts?limit=1000")).GetProperty("items").EnumerateArray()
                .Select(e => e.GetProperty("host").GetString()).ToList();
            var protectedNow = hosts.Contains(host);
            foreach (var engine in Engines)
            {
                Assert.Equal(before[engine] + (protectedNow ? 10_000 : 0), after[engine]);
            }
            outcomes.Add(protectedNow ? "all" : "none");
            // Sent again, the call completes what the crash left undone, or is refused as done.
            var again = await Admin().PostAsJsonAsync("/v1/protected-hosts", new { host, reason = "shared host", withdrawOpenItems = true });
            Assert.Equal(protectedNow ? HttpStatusCode.Conflict : HttpStatusCode.Created, again.StatusCode);
            var settled = await WithdrawnAsync(Admin());
            Assert.All(Engines, engine => Assert.Equal(before[engine] + 10_000, settled[engine]));
        }
        Assert.Contains("none", outcomes);
        Assert.True(outcomes.Count == Trials, string.Join(", ", outcomes));
    }

    /// <summary>
    /// The kill instants, in the order the service reaches them: the call just sent; its request started; then the log
    /// written once, then three times (the withdrawal's transaction writing its 40,000 moves); the host stored.
    /// </summary>
    private static async Task ProgressAsync(ServiceProcess service, int trial, int logged, string host)
    {
        bool Stored() => service.Holds("SELECT COUNT(*) FROM protected_hosts WHERE host = @host", new { host });
        if (trial == 0) return;
        if (trial == Trials - 1)
        {
            await Probe.UntilAsync(Stored, "the host was not stored", TimeSpan.FromSeconds(60));
            return;
        }
        await Probe.UntilAsync(() => service.Started("/v1/protected-hosts", logged), "the call did not start", TimeSpan.FromSeconds(60));
        if (trial > 1) await service.UntilLogWrittenAsync(trial == 2 ? 1 : 3, Stored);
    }

    private static async Task<Dictionary<string, long>> WithdrawnAsync(HttpClient admin)
    {
        var compliance = await admin.GetFromJsonAsync<JsonElement>("/v1/rulings/crash-ruling/compliance");
        return Engines.ToDictionary(e => e, e => compliance.GetProperty("engines").GetProperty(e).GetProperty("withdrawn").GetInt64());
    }
}
