using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Feeds;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Delisting.Api.Tests.Feeds;

public sealed class FeedsTests
{
    private const string Ruling = "test-ruling-in-force";

    private static async Task<(List<JsonElement> Events, string Next)> ReadAllAsync(HttpClient client, string path, int limit, string? after = null)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var page = await client.GetJsonAsync($"{path}?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            after = page.Str("next");
            Assert.False(string.IsNullOrEmpty(after));
            if (items.Count == 0) return (events, after);
            events.AddRange(items);
        }
    }

    [Fact]
    public async Task An_engine_feed_lists_the_items_created_for_it_once_in_order_whatever_the_page_size()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var apc = await app.RightsHolderAsync("apc");
        var first = await apc.SubmitAsync(Ruling, Scenario.Urls(5));
        var second = await apc.SubmitAsync(Ruling, Scenario.Urls(6, from: 3)); // 3 of them already requested
        var google = await app.LiaisonAsync("google");

        var (byOne, _) = await ReadAllAsync(google, "/v1/engines/google/changes", 1);
        var (bySeven, _) = await ReadAllAsync(google, "/v1/engines/google/changes", 7);
        var (byThousand, next) = await ReadAllAsync(google, "/v1/engines/google/changes", 1000);

        Assert.Equal(8, byThousand.Count);
        Assert.All(byThousand, e => Assert.Equal("item-created", e.Str("type")));
        Assert.Equal(Enumerable.Repeat(first.Str("id"), 5).Concat(Enumerable.Repeat(second.Str("id"), 3)),
            byThousand.Select(e => e.Str("requestId")));
        Assert.Equal(Scenario.Urls(8), byThousand.Select(e => e.GetProperty("item").Str("url")));
        Assert.All(byThousand, e => Assert.Equal(("google", "pending"), (e.GetProperty("item").Str("engine"), e.GetProperty("item").Str("status"))));
        Assert.Equal(byThousand.Select(e => e.Str("id")), byOne.Select(e => e.Str("id")));
        Assert.Equal(byThousand.Select(e => e.Str("id")), bySeven.Select(e => e.Str("id")));
        Assert.Equal(8, byThousand.Select(e => e.Str("id")).Distinct().Count());

        // The queue's item ids are the feed's: a liaison can act on what the feed says.
        var queue = (await google.QueueAsync("google", "pending")).Select(i => i.Str("id")).Order();
        Assert.Equal(queue, byThousand.Select(e => e.GetProperty("item").Str("id")).Order());

        // Nothing new: an empty page that keeps its place.
        var again = await google.GetJsonAsync($"/v1/engines/google/changes?after={Uri.EscapeDataString(next)}");
        Assert.Empty(again.GetProperty("items").EnumerateArray());
        Assert.Equal(next, again.Str("next"));
    }

    [Fact]
    public async Task An_organisation_feed_hears_every_report_on_its_urls_and_decisions_on_its_reports()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var fndf = await app.RightsHolderAsync("fndf");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync(Ruling, Scenario.Urls(2));
        var items = await app.ItemIdsAsync(request, "google");
        await google.RespondOkAsync("google", Scenario.Acknowledge(items[0]));
        await fndf.SubmitAsync(Ruling, Scenario.Urls(1)); // fndf now claims the first URL too
        await google.RespondOkAsync("google", Scenario.Delist(items[0], "G-1"), Scenario.Reject(items[1], "gone"));
        var report = await (await apc.PostAsJsonAsync($"/v1/rulings/{Ruling}/mirror-reports",
            new { domain = "allostreaming.net", mirrorOf = "allostreaming.com",
                evidence = new[] { "https://allostreaming.net/1" } })).ReadJsonAsync();
        await app.Admin().PostAsJsonAsync($"/v1/rulings/{Ruling}/mirror-reports/{report.Str("id")}/dismissal", new { reason = "a fan site" });

        var (apcEvents, _) = await ReadAllAsync(apc, "/v1/organisations/apc/changes", 100);
        Assert.Equal([("status-changed", "pending", "acknowledged"), ("status-changed", "acknowledged", "delisted"),
            ("status-changed", "pending", "rejected"),
            ("mirror-report-decided", "reported", "dismissed")], apcEvents.Select(e => (e.Str("type"), e.Str("from"), e.Str("to"))));
        Assert.Equal(("delisted", "G-1"), (apcEvents[1].GetProperty("item").Str("status"), apcEvents[1].GetProperty("item").Str("engineReference")));
        Assert.Equal(("gone", "rejected"), (apcEvents[2].Str("reason"), apcEvents[2].GetProperty("item").Str("status")));
        Assert.Equal(("dismissed", "a fan site"), (apcEvents[3].GetProperty("mirrorReport").Str("status"), apcEvents[3].Str("reason")));

        var (fndfEvents, _) = await ReadAllAsync(fndf, "/v1/organisations/fndf/changes", 100);
        Assert.Equal([("status-changed", "acknowledged", "delisted")], fndfEvents.Select(e => (e.Str("type"), e.Str("from"), e.Str("to"))));
        Assert.Equal(apcEvents[1].Str("id"), fndfEvents[0].Str("id"));
    }

    [Fact]
    public async Task An_extension_reaches_the_engines_the_ruling_binds_and_the_included_report_its_reporter()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var report = await (await apc.PostAsJsonAsync($"/v1/rulings/{Ruling}/mirror-reports",
            new { domain = "allostreaming.net", mirrorOf = "allostreaming.com",
                evidence = new[] { "https://allostreaming.net/1" } })).ReadJsonAsync();
        var extension = await (await app.Admin().PostAsJsonAsync($"/v1/rulings/{Ruling}/extensions", new
        {
            basis = "arcom-request", reference = "ARCOM 1", decidedOn = "2026-11-20",
            sites = new[] { new { domain = "allostreaming.net", mirrorOf = "allostreaming.com" } }, mirrorReports = new[] { report.Str("id") },
        })).ReadJsonAsync();

        var (google, _) = await ReadAllAsync(await app.LiaisonAsync("google"), "/v1/engines/google/changes", 10);
        var extended = Assert.Single(google);
        Assert.Equal(("ruling-extended", extension.Str("id")), (extended.Str("type"), extended.GetProperty("extension").Str("id")));
        Assert.Equal(JsonValueKind.Null, extended.GetProperty("item").ValueKind);
        Assert.Empty((await ReadAllAsync(await app.LiaisonAsync("bing"), "/v1/engines/bing/changes", 10)).Events);
        var (apcEvents, _) = await ReadAllAsync(apc, "/v1/organisations/apc/changes", 10);
        Assert.Equal(("mirror-report-decided", "included", extension.Str("id")),
            (apcEvents.Single().Str("type"), apcEvents.Single().Str("to"), apcEvents.Single().GetProperty("mirrorReport").Str("extensionId")));
    }

    [Fact]
    public async Task A_long_poll_answers_within_a_second_of_an_event_and_after_the_wait_when_nothing_happens()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var start = (await google.GetJsonAsync("/v1/engines/google/changes")).Str("next");

        // Nothing happens: the poll answers, empty, once the service's clock has moved past the wait, and not before.
        var watcher = app.Services.GetRequiredService<FeedWatcher>();
        var idle = google.GetJsonAsync($"/v1/engines/google/changes?wait=2&after={Uri.EscapeDataString(start)}");
        await Probe.UntilAsync(() => watcher.Waiting == 1, "the poll did not wait");
        app.Time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(idle.IsCompleted);
        app.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Empty((await idle.WaitAsync(Probe.Patience)).GetProperty("items").EnumerateArray());

        // An event while a poll waits: answered at once, without the clock moving.
        var clock = Stopwatch.StartNew();
        var waiting = google.GetJsonAsync($"/v1/engines/google/changes?wait=20&after={Uri.EscapeDataString(start)}");
        await Probe.UntilAsync(() => watcher.Waiting == 1, "the poll did not wait");
        Assert.False(waiting.IsCompleted);
        var submitted = clock.Elapsed;
        await apc.SubmitAsync(Ruling, Scenario.Urls(1));
        var page = await waiting.WaitAsync(Probe.Patience);
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.True(clock.Elapsed - submitted < TimeSpan.FromSeconds(1.5), $"answered {clock.Elapsed - submitted} after the event");

        await (await google.GetAsync("/v1/engines/google/changes?wait=31")).AssertProblemAsync(400);
        await (await google.GetAsync("/v1/engines/google/changes?wait=-1")).AssertProblemAsync(400);
        await (await google.GetAsync("/v1/engines/google/changes?after=bm90LWEtY3Vyc29y")).AssertProblemAsync(400);
    }

    [Fact]
    public async Task Each_feed_is_read_by_its_own_engine_or_organisation_and_admins_only()
    {
        await using var app = new DelistingApp();
        var bing = await app.LiaisonAsync("bing");
        var apc = await app.RightsHolderAsync("apc");
        await (await bing.GetAsync("/v1/engines/google/changes")).AssertProblemAsync(403);
        await (await apc.GetAsync("/v1/engines/google/changes")).AssertProblemAsync(403);
        await (await apc.GetAsync("/v1/organisations/fndf/changes")).AssertProblemAsync(403);
        await (await bing.GetAsync("/v1/organisations/apc/changes")).AssertProblemAsync(403);
        await (await app.Admin().GetAsync("/v1/engines/nosuch/changes")).AssertProblemAsync(404);
        await (await app.Admin().GetAsync("/v1/organisations/nosuch/changes")).AssertProblemAsync(404);
        await (await app.Anonymous().GetAsync("/v1/engines/google/changes")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().GetAsync("/v1/engines/google/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().GetAsync("/v1/organisations/apc/changes")).StatusCode);
    }

    [Fact]
    public async Task A_reader_following_next_while_writers_run_sees_every_event_exactly_once_in_order()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");

        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
        {
            for (var i = 0; i < 10; i++) await apc.SubmitAsync(Ruling, Scenario.Urls(3, from: 1 + (w * 10 + i) * 3));
        }));
        var seen = new List<string>();
        string? after = null;
        while (!writers.IsCompleted)
        {
            var page = await google.GetJsonAsync("/v1/engines/google/changes?limit=7"
                + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Str("id")));
            after = page.Str("next");
        }
        await writers;
        var (rest, _) = await ReadAllAsync(google, "/v1/engines/google/changes", 7, after);
        seen.AddRange(rest.Select(e => e.Str("id")));

        var (all, _) = await ReadAllAsync(google, "/v1/engines/google/changes", 1000);
        Assert.Equal(120, all.Count);
        Assert.Equal(all.Select(e => e.Str("id")), seen);
    }
}

public sealed class FeedsWithdrawalTests
{
    private const string Ruling = "test-ruling-in-force";

    private static async Task<List<JsonElement>> EventsAsync(HttpClient client, string path)
    {
        var page = await client.GetJsonAsync($"{path}?limit=1000");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    [Fact]
    public async Task An_engine_hears_of_withdrawals_relisting_and_reopening_and_the_organisation_of_each_report_with_its_code()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync(Ruling, Scenario.Urls(3));
        var ids = await app.ItemIdsAsync(request, "google");
        await google.RespondOkAsync("google", Scenario.Delist(ids[0]), Scenario.Reject(ids[1], "gone", "not-found"));

        await apc.WithdrawOkAsync(request.Str("id"), "sent by mistake", Scenario.Urls(3));
        await google.RespondOkAsync("google", Scenario.Relist(ids[0]));
        var again = await apc.SubmitAsync(Ruling, Scenario.Urls(1, from: 3));

        var engine = await EventsAsync(google, "/v1/engines/google/changes");
        Assert.Equal(["item-created", "item-created", "item-created", "relist-requested", "item-withdrawn", "item-withdrawn", "item-reopened"],
            engine.Select(e => e.Str("type")));
        Assert.Equal(ids[0], engine[3].GetProperty("item").Str("id"));
        Assert.Equal(("delisted", "relist-pending", "sent by mistake"), (engine[3].Str("from"), engine[3].Str("to"), engine[3].Str("reason")));
        Assert.Equal(("withdrawn", "pending"), (engine[6].Str("from"), engine[6].Str("to")));
        Assert.Equal(ids[2], engine[6].GetProperty("item").Str("id"));

        var organisation = await EventsAsync(apc, "/v1/organisations/apc/changes");
        Assert.Equal([("pending", "delisted", (string?)null), ("pending", "rejected", "not-found"), ("relist-pending", "relisted", null)],
            organisation.Select(e => (e.Str("from"), e.Str("to"), e.GetProperty("reasonCode").GetString())));
        Assert.True(again.GetProperty("urls")[0].GetProperty("alreadyRequested").GetBoolean());
    }
}
