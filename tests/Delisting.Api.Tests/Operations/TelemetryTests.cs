using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Telemetry;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Delisting.Api.Tests.Operations;

public sealed class TelemetryTests
{
    [Fact]
    public async Task The_metrics_endpoint_shows_what_the_service_did_to_admins_only()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Metrics:Prometheus"] = "true" });
        var ruling = await app.CreateRulingInForceAsync($"metrics-{Guid.NewGuid():N}"[..30], engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync(ruling, Scenario.Urls(3));
        await (await apc.PostRequestAsync(ruling, "https://allostreaming.net/1", "https://allostreaming.com/ok")).AssertProblemAsync(422);
        var items = await app.ItemIdsAsync(request, "google");
        await google.RespondOkAsync("google", Scenario.Delist(items[0]), Scenario.Acknowledge(items[1]));

        var metrics = await app.Admin().GetStringAsync("/metrics");
        // Counters of this app's meters only (tests running beside it have meters of their own); at least what this test caused.
        Assert.Matches($@"delisting_urls_submitted_total\{{[^}}]*ruling=""{ruling}""[^}}]*\}} 3\b", metrics);
        Assert.True(Value(metrics, "delisting_urls_refused_total", @"reason=""not-listed""") >= 1, metrics);
        Assert.True(Value(metrics, "delisting_response_batches_applied_total", @"engine=""google""") >= 1, metrics);
        Assert.True(Value(metrics, "delisting_items_reported_total", @"status=""delisted""") >= 1, metrics);
        Assert.Matches($@"delisting_items\{{[^}}]*ruling=""{ruling}""[^}}]*status=""pending""[^}}]*\}} 1\b", metrics);
        await (await apc.GetAsync("/metrics")).AssertProblemAsync(403);
    }

    /// <summary>
    /// The overdue and lapsed gauges, read from this app's own meter (the Prometheus text mixes in the gauges of other
    /// apps of the test run, which carry no label of their own): past the deadline the two open items are overdue and
    /// the delisted one is not; nothing lapsed.
    /// </summary>
    [Fact]
    public async Task Past_the_deadline_the_gauges_count_the_open_items_overdue()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Metrics:Prometheus"] = "true" });
        var ruling = await app.CreateRulingInForceAsync("gauges-ruling", engines: ["google"]);
        var google = await app.LiaisonAsync("google");
        var request = await (await app.RightsHolderAsync("apc")).SubmitAsync(ruling, Scenario.Urls(3));
        var items = await app.ItemIdsAsync(request, "google");
        await google.RespondOkAsync("google", Scenario.Delist(items[0]), Scenario.Acknowledge(items[1]));
        app.Time.Advance(TimeSpan.FromDays(16));

        var meters = app.Services.GetRequiredService<IMeterFactory>();
        app.Services.GetRequiredService<DelistingMetrics>();
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, own) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name is "delisting.items.overdue" or "delisting.items.lapsed")
                {
                    own.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag is { Key: "engine", Value: "google" }) seen[instrument.Name] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(2, seen["delisting.items.overdue"]);
        Assert.Equal(0, seen["delisting.items.lapsed"]);
    }

    private static double Value(string metrics, string name, string label)
    {
        var match = System.Text.RegularExpressions.Regex.Match(metrics, $@"^{name}\{{[^}}]*{label}[^}}]*\}} ([0-9.e+]+)",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    [Fact]
    public async Task Without_an_exporter_there_is_no_metrics_endpoint()
    {
        await using var app = new DelistingApp();
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Production_logs_are_json_lines_with_the_key_id_and_never_a_secret()
    {
        await using var service = new ServiceProcess(Path.Combine(Path.GetTempPath(), $"delisting-logs-{Guid.NewGuid():N}.db"),
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information" });
        await service.StartAsync();
        await service.CreateRulingAsync("log-ruling", "google");
        var secret = await service.KeyAsync(new { role = "rights-holder", organisation = "apc" });
        (await service.Client(secret).PostAsJsonAsync("/v1/requests", new { rulingId = "log-ruling",
            urls = new[] { "https://allostreaming.com/1" } })).EnsureSuccessStatusCode();
        await service.Client(secret).GetAsync("/v1/requests/req_does_not_exist");
        // The last request's own log line is written: every line before it is too.
        await Probe.UntilAsync(() => service.Output.Any(line => line.Contains("req_does_not_exist", StringComparison.Ordinal)
            && line.Contains("404", StringComparison.Ordinal)), "the last request was not logged");

        var lines = service.Output.ToList();
        Assert.NotEmpty(lines);
        var events = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();   // every line is one JSON object
        Assert.All(events, e => Assert.True(e.TryGetProperty("Timestamp", out _) && e.TryGetProperty("LogLevel", out _)));
        Assert.Contains(events, e => e.GetRawText().Contains("KeyId", StringComparison.Ordinal) && e.GetRawText().Contains("TraceId",
            StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal) || line.Contains(ServiceProcess.AdminKey,
            StringComparison.Ordinal));
    }
}
