using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Rulings;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Feeds;

/// <summary>ruling-lapsing events (contract v1.2): one per ruling, end instant and reader, ever.</summary>
public sealed class LapseWarningTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    // The ruling ends with 2026-12-20 in Paris: 23:00Z. The 30-day warning is due from 2026-11-20T23:00Z, before it was recorded.
    private const string LapsesAt = "2026-12-20T23:00:00Z";

    private static async Task<List<JsonElement>> LapsingAsync(DelistingApp app, string feed) =>
        (await app.Admin().GetJsonAsync($"{feed}?limit=1000")).GetProperty("items").EnumerateArray()
            .Where(e => e.Str("type") == "ruling-lapsing").ToList();

    private static readonly string[] Feeds =
        ["/v1/engines/google/changes", "/v1/engines/bing/changes", "/v1/organisations/apc/changes", "/v1/organisations/fndf/changes"];

    private static async Task<Dictionary<string, List<JsonElement>>> AllLapsingAsync(DelistingApp app)
    {
        var result = new Dictionary<string, List<JsonElement>>();
        foreach (var feed in Feeds) result[feed] = await LapsingAsync(app, feed);
        return result;
    }

    private static async Task<string> RulingEndingSoonAsync(DelistingApp app)
    {
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"], inForceUntil: "2026-12-20");
        var ids = await app.ItemIdsAsync(await (await app.RightsHolderAsync("apc")).SubmitAsync(ruling, Urls(3)), "google");
        await (await app.RightsHolderAsync("fndf")).SubmitAsync(ruling, Urls(1, from: 4));
        await (await app.LiaisonAsync("google")).RespondOkAsync("google", Delist(ids[0]));
        return ruling;
    }

    [Fact]
    public async Task Two_instances_on_one_database_write_each_warning_once_and_a_restart_does_not_repeat_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-test-{Guid.NewGuid():N}.db");
        try
        {
            string ruling;
            await using (var first = new DelistingApp(path, now: Now))
            await using (var second = new DelistingApp(path, now: Now))
            {
                ruling = await RulingEndingSoonAsync(first);
                _ = second.Server; // both hosts run, with their own warning job
                var wrote = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { first, second })
                    .Select(app => app.Services.GetRequiredService<LapseWarnings>().WriteDueAsync(CancellationToken.None)));
                // Each host's own job runs beside these calls too: whoever writes, at most four events are written in all.
                Assert.InRange(wrote.Sum(), 0, 4);

                // Their clocks run on: each job runs again (every 30 s), and writes nothing more.
                for (var tick = 0; tick < 4; tick++)
                {
                    first.Time.Advance(TimeSpan.FromSeconds(30));
                    second.Time.Advance(TimeSpan.FromSeconds(30));
                }
                Assert.Equal(0, await second.Services.GetRequiredService<LapseWarnings>().WriteDueAsync(CancellationToken.None));

                var events = await AllLapsingAsync(first);
                Assert.All(events.Values, list => Assert.Single(list));
                var google = events["/v1/engines/google/changes"][0];
                Assert.Equal((ruling, JsonValueKind.Null), (google.Str("rulingId"), google.GetProperty("item").ValueKind));
                var lapsing = google.GetProperty("lapsing");
                Assert.Equal(LapsesAt, lapsing.Str("lapsesAt"));
                Assert.Equal(["allostreaming.com", "dpstream.tv"], lapsing.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
                // Open items of each reader on those sites: google delisted one of four; apc claims three URLs, fndf one.
                Assert.Equal([3, 4, 5, 2], Feeds.Select(f => events[f][0].GetProperty("lapsing").GetProperty("openItems").GetInt32()));
            }

            await using var restarted = new DelistingApp(path, now: Now.AddMinutes(5));
            Assert.Equal(0, await restarted.Services.GetRequiredService<LapseWarnings>().WriteDueAsync(CancellationToken.None));
            restarted.Time.Advance(TimeSpan.FromMinutes(2));
            Assert.All((await AllLapsingAsync(restarted)).Values, list => Assert.Single(list));
        }
        finally
        {
            HttpAssertions.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task The_clock_driven_job_writes_a_warning_when_it_becomes_due_and_a_later_end_gets_its_own()
    {
        await using var app = new DelistingApp(now: Now);
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"], inForceUntil: "2027-01-15");
        var extension = await app.Admin().PostAsJsonAsync($"/v1/rulings/{ruling}/extensions", new
        {
            basis = "court-decision", reference = "RG 26/00099", decidedOn = "2026-11-28", inForceUntil = "2027-02-10",
            sites = new[] { new { domain = "live-foot.example" } },
        });
        Assert.True(extension.IsSuccessStatusCode, await extension.Content.ReadAsStringAsync());
        var warnings = app.Services.GetRequiredService<LapseWarnings>();

        // The ruling's own sites end at 2027-01-15T23:00Z: due 30 days before, not a second earlier.
        var due = new DateTimeOffset(2026, 12, 16, 23, 0, 0, TimeSpan.Zero);
        app.Time.SetUtcNow(due.AddSeconds(-1));
        Assert.Equal(0, await warnings.WriteDueAsync(CancellationToken.None));
        Assert.Empty(await LapsingAsync(app, "/v1/engines/google/changes"));

        // The job (a BackgroundService on the fake clock) writes it within 60 s of becoming due.
        app.Time.SetUtcNow(due.AddSeconds(30));
        var events = await EventuallyAsync(app, "/v1/engines/google/changes", 1);
        Assert.Equal("2027-01-15T23:00:00Z", events[0].GetProperty("lapsing").Str("lapsesAt"));
        Assert.Equal(["allostreaming.com", "dpstream.tv"],
            events[0].GetProperty("lapsing").GetProperty("sites").EnumerateArray().Select(s => s.GetString()));

        // The extension's site ends later (2027-02-10): a warning of its own when that end is 30 days away.
        app.Time.SetUtcNow(new DateTimeOffset(2027, 1, 11, 23, 0, 30, TimeSpan.Zero));
        events = await EventuallyAsync(app, "/v1/engines/google/changes", 2);
        Assert.Equal(("2027-02-10T23:00:00Z", "live-foot.example"),
            (events[1].GetProperty("lapsing").Str("lapsesAt"), events[1].GetProperty("lapsing").GetProperty("sites")[0].GetString()));
        Assert.Equal(2, (await LapsingAsync(app, "/v1/organisations/apc/changes")).Count);
    }

    [Fact]
    public async Task The_warning_period_is_a_setting()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Rulings:LapseWarningDays"] = "10" }, now: Now);
        await app.CreateRulingInForceAsync(engines: ["google"], inForceUntil: "2026-12-20");
        var warnings = app.Services.GetRequiredService<LapseWarnings>();
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 22, 59, 59, TimeSpan.Zero));
        Assert.Equal(0, await warnings.WriteDueAsync(CancellationToken.None));
        Assert.Empty(await LapsingAsync(app, "/v1/organisations/apc/changes"));
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 23, 0, 0, TimeSpan.Zero));
        await warnings.WriteDueAsync(CancellationToken.None);
        Assert.Single(await LapsingAsync(app, "/v1/organisations/apc/changes"));
        Assert.Single(await LapsingAsync(app, "/v1/organisations/fndf/changes"));
        Assert.Single(await LapsingAsync(app, "/v1/engines/google/changes"));
    }

    /// <summary>The background job runs on its own task: probe the feed until it shows its work, then check it shows no more.</summary>
    private static async Task<List<JsonElement>> EventuallyAsync(DelistingApp app, string feed, int count)
    {
        var events = new List<JsonElement>();
        await Probe.UntilAsync(async () => (events = await LapsingAsync(app, feed)).Count >= count,
            $"fewer than {count} lapse warnings in the {feed} feed");
        return events.Count == count ? events : throw new Xunit.Sdk.XunitException($"{events.Count} lapse warnings, expected {count}.");
    }
}
