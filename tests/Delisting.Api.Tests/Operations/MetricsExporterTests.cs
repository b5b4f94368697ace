using System.Net.Http.Json;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Operations;

/// <summary>The Delisting meter read as an OpenTelemetry exporter reads it, after a scenario whose counts are known.</summary>
public sealed class MetricsExporterTests
{
    [Fact]
    public async Task An_exporter_sees_the_submissions_refusals_batches_replays_and_times_to_delist_a_scenario_caused()
    {
        var exported = new List<Metric>();
        await using var app = new DelistingApp
        {
            ConfigureTestServices = services => services.AddOpenTelemetry().WithMetrics(metrics =>
                metrics.AddMeter("Delisting").AddInMemoryExporter(exported)),
        };
        // Meters are matched by name across the process: this test's own counts carry its ruling's id.
        var ruling = await app.CreateRulingInForceAsync($"otel-{Guid.NewGuid():N}"[..30], engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync(ruling, Urls(3));
        await (await apc.PostRequestAsync(ruling, "https://allostreaming.net/1")).AssertProblemAsync(422);
        var replayed = new HttpRequestMessage(HttpMethod.Post, "/v1/requests") { Content = JsonContent.Create(new { rulingId = ruling, urls = Urls(1,
            from: 10) }) };
        replayed.Headers.Add("Idempotency-Key", "metrics-once");
        (await apc.SendAsync(replayed)).EnsureSuccessStatusCode();
        replayed = new HttpRequestMessage(HttpMethod.Post, "/v1/requests") { Content = JsonContent.Create(new { rulingId = ruling, urls = Urls(1,
            from: 10) }) };
        replayed.Headers.Add("Idempotency-Key", "metrics-once");
        Assert.Equal("true", (await apc.SendAsync(replayed)).Headers.GetValues("Idempotent-Replayed").Single());
        var items = await app.ItemIdsAsync(request, "google");
        app.Time.Advance(TimeSpan.FromHours(30));
        await google.RespondOkAsync("google", Delist(items[0]), Delist(items[1]), Acknowledge(items[2]));
        app.Time.Advance(TimeSpan.FromDays(20));
        await google.RespondOkAsync("google", Delist(items[2]));

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());

        Assert.Equal(4, Sum(exported, "delisting.urls.submitted", ("ruling", ruling)));   // 3, then 1 (the replay adds none)
        Assert.Equal(1, Sum(exported, "delisting.urls.refused", ("ruling", ruling)));   // one URL, reason not-listed
        Assert.True(Sum(exported, "delisting.response_batches.applied", ("engine", "google")) >= 1);
        Assert.True(Sum(exported, "delisting.idempotent_replays") >= 1);
        var (count, seconds) = Histogram(exported, "delisting.time_to_delist", ("ruling", ruling));
        Assert.Equal((3, 2 * 30 * 3600.0 + (30 * 3600.0 + 20 * 86400)), (count, seconds));
        // Rated as compliance rates them: two on time, one late.
        var figures = (await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}/compliance")).GetProperty("engines").GetProperty("google");
        Assert.Equal((2, 1), (figures.GetProperty("delistedOnTime").GetInt64(), figures.GetProperty("delistedLate").GetInt64()));
        Assert.Equal((2, 1), (Delistings(exported, ruling, "on-time"), Delistings(exported, ruling, "late")));
    }

    private static IEnumerable<MetricPoint> Points(List<Metric> exported, string name, (string Key, string Value)? tag)
    {
        foreach (var metric in exported.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var matches = tag is null;
                foreach (var t in point.Tags) matches |= tag is { } wanted && t.Key == wanted.Key && Equals(t.Value, wanted.Value);
                if (matches) yield return point;
            }
        }
    }

    private static long Delistings(List<Metric> exported, string ruling, string timeliness) =>
        Points(exported, "delisting.delistings", ("ruling", ruling)).Where(p => HasTag(p, "timeliness", timeliness)).Sum(p => p.GetSumLong());

    private static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags) if (tag.Key == key && Equals(tag.Value, value)) return true;
        return false;
    }

    private static long Sum(List<Metric> exported, string name, (string, string)? tag = null) =>
        Points(exported, name, tag).Sum(p => p.GetSumLong());

    private static (long Count, double Sum) Histogram(List<Metric> exported, string name, (string, string) tag)
    {
        var points = Points(exported, name, tag).ToList();
        return (points.Sum(p => p.GetHistogramCount()), points.Sum(p => p.GetHistogramSum()));
    }
}
