using System.Globalization;

namespace Delisting.Benchmarks;

/// <summary>
/// The webhook cases, on a service process of their own (its own database, local receivers allowed): a ruling in
/// force for the four engines with plaintiff apc, a key for apc and each engine, and one receiver in this process.
/// Then <see cref="WebhookLatency"/>, <see cref="WebhookThroughput"/>, <see cref="UrgentWork"/> and
/// <see cref="WebhookIsolation"/>, in that order (the last leaves hung deliveries behind); only the urgent case with
/// <c>urgentOnly</c>.
/// </summary>
public static class WebhookCases
{
    public static readonly string[] Engines = ["google", "bing", "orange", "yahoo"];
    public const string RulingId = "bench-webhooks";

    public sealed record Actors(DelistingClient Api, string PlaintiffKey, IReadOnlyDictionary<string, string> EngineKeys, WebhookReceiver Receiver)
    {
        private int nextUrl;

        /// <summary>Distinct URLs under the ruling's site.</summary>
        public List<string> Urls(int count) => Enumerable.Range(0, count)
            .Select(_ => "https://www.allostreaming.com/hook/" + Interlocked.Increment(ref nextUrl).ToString(CultureInfo.InvariantCulture)).ToList();
    }

    public static async Task MeasureAsync(string repository, string work, Report report, bool urgentOnly = false)
    {
        Console.WriteLine(urgentOnly ? "== webhooks: urgent work, 201 → first delivery under a ruling with responseTime"
            : "== webhooks: first-delivery latency, events/s per subscription, urgent work, hung receivers of another owner");
        using var running = await ServiceUnderTest.StartAsync(repository, work, "webhooks.db", new Dictionary<string, string>
        {
            ["Webhooks__AllowHttp"] = "true",
            ["Webhooks__AllowPrivateTargets"] = "true",
        });
        using var api = new DelistingClient(running.BaseAddress);
        var plaintiffKey = await api.CreateKeyAsync(running.AdminKey,
            new { role = "rights-holder", organisation = "apc", label = "benchmark: webhooks" });
        var engineKeys = new Dictionary<string, string>();
        foreach (var engine in Engines)
        {
            engineKeys[engine] = await api.CreateKeyAsync(running.AdminKey, new { role = "engine", engine, label = $"benchmark: {engine} webhooks" });
        }
        await api.CreateOneSiteRulingAsync(running.AdminKey, RulingId, "BENCH 00/00002");
        await using var receiver = await WebhookReceiver.StartAsync();
        var actors = new Actors(api, plaintiffKey, engineKeys, receiver);

        if (urgentOnly)
        {
            await UrgentWork.MeasureAsync(actors, running.AdminKey, report);
            return;
        }
        var latency = await WebhookLatency.MeasureAsync(actors, report);
        await WebhookThroughput.MeasureAsync(actors, report);
        await UrgentWork.MeasureAsync(actors, running.AdminKey, report);
        await WebhookIsolation.MeasureAsync(actors, latency, report);
    }

    /// <summary>The nearest-rank percentile of the samples.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double percent)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
