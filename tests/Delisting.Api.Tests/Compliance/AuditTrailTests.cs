using System.Net;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Compliance;

public sealed class AuditTrailTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private sealed record Trail(DelistingApp App, Actor Apc, Actor Google, string RequestId, string GoogleItem);

    /// <summary>apc submits one URL; Google acknowledges it an hour later, rejects it, then reconsiders and delists it.</summary>
    private static async Task<Trail> SubmitAcknowledgeRejectDelistAsync()
    {
        var app = new DelistingApp(now: Start);
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        var google = await app.ActorAsync("engine", engine: "google");
        var request = await apc.Client.SubmitAsync(ruling, Urls(1));
        var item = (await app.ItemIdsAsync(request, "google"))[0];

        app.Time.SetUtcNow(Start.AddHours(1));
        await google.Client.RespondOkAsync("google", Acknowledge(item));
        app.Time.SetUtcNow(Start.AddHours(2));
        await google.Client.RespondOkAsync("google", Reject(item, "Page returns 404 for our crawler"));
        app.Time.SetUtcNow(Start.AddHours(26).AddMinutes(30));
        await google.Client.RespondOkAsync("google", Delist(item, "G-77"));
        return new Trail(app, apc, google, request.Str("id"), item);
    }

    private static string? Text(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetString();

    private static (string Type, string At, string KeyId, string Role, string? ItemId, string? Engine, string? From, string? To,
        string? Reason) Flatten(JsonElement e) =>
        (e.Str("type"), e.Str("at"), e.GetProperty("actor").Str("keyId"), e.GetProperty("actor").Str("role"),
         Text(e, "itemId"), Text(e, "engine"), Text(e, "from"), Text(e, "to"), Text(e, "reason"));

    [Fact]
    public async Task The_trail_of_a_request_lists_submission_then_each_status_change_oldest_first()
    {
        var trail = await SubmitAcknowledgeRejectDelistAsync();
        await using var owned = trail.App;

        var events = await trail.Apc.Client.EventsAsync(trail.RequestId);

        var g = trail.Google.KeyId;
        Assert.Equal(
        [
            ("submitted", "2026-11-29T09:00:00Z", trail.Apc.KeyId, "rights-holder", null, null, null, null, null),
            ("status-changed", "2026-11-29T10:00:00Z", g, "engine", trail.GoogleItem, "google", "pending", "acknowledged", null),
            ("status-changed", "2026-11-29T11:00:00Z", g, "engine", trail.GoogleItem, "google", "acknowledged", "rejected",
                "Page returns 404 for our crawler"),
            ("status-changed", "2026-11-30T11:30:00Z", g, "engine", trail.GoogleItem, "google", "rejected", "delisted", null),
        ], events.Select(Flatten));
        Assert.Equal(4, events.Select(e => e.Str("id")).Distinct().Count());
    }

    [Fact]
    public async Task Keyset_paging_walks_the_trail_one_event_at_a_time()
    {
        var trail = await SubmitAcknowledgeRejectDelistAsync();
        await using var owned = trail.App;
        var all = await trail.App.Admin().EventsAsync(trail.RequestId);

        var paged = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await trail.Apc.Client.GetJsonAsync($"/v1/requests/{trail.RequestId}/events?limit=1"
                + (after is null ? "" : $"&after={after}"));
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Str("id")));
            after = page.GetProperty("next").GetString();
            pages++;
        } while (after is not null);

        Assert.Equal(all.Select(e => e.Str("id")), paged);
        Assert.Equal(4, pages);
        Assert.Equal(all.Select(e => e.Str("id")).Skip(2),
            (await trail.Apc.Client.EventsAsync(trail.RequestId, limit: 2)).Select(e => e.Str("id")).Skip(2));
    }

    [Fact]
    public async Task Another_organisation_does_not_see_the_trail_and_an_engine_may_not_read_it()
    {
        var trail = await SubmitAcknowledgeRejectDelistAsync();
        await using var owned = trail.App;
        var fndf = await trail.App.RightsHolderAsync("fndf");

        await (await fndf.GetAsync($"/v1/requests/{trail.RequestId}/events")).AssertProblemAsync(404);
        await (await fndf.GetAsync("/v1/requests/req_does_not_exist/events")).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.Forbidden, (await trail.Google.Client.GetAsync($"/v1/requests/{trail.RequestId}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await trail.App.Admin().GetAsync($"/v1/requests/{trail.RequestId}/events")).StatusCode);
    }

    [Fact]
    public async Task A_url_requested_by_two_organisations_shows_its_status_changes_in_both_trails()
    {
        await using var app = new DelistingApp(now: Start);
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"], plaintiffs: ["apc", "fndf"]);
        var apc = await app.RightsHolderAsync("apc");
        var fndf = await app.RightsHolderAsync("fndf");
        var first = await apc.SubmitAsync(ruling, Urls(2, from: 1));
        app.Time.Advance(TimeSpan.FromHours(1));
        var second = await fndf.SubmitAsync(ruling, Urls(2, from: 2));
        var shared = (await app.ItemIdsAsync(first, "google"))[1];
        var onlyApc = (await app.ItemIdsAsync(first, "google"))[0];
        await (await app.LiaisonAsync("google")).RespondOkAsync("google", Delist(shared), Delist(onlyApc));

        var apcTrail = await apc.EventsAsync(first.Str("id"));
        var fndfTrail = await fndf.EventsAsync(second.Str("id"));

        Assert.Equal(["submitted", "status-changed", "status-changed"], apcTrail.Select(e => e.Str("type")));
        Assert.Equal(["submitted", "status-changed"], fndfTrail.Select(e => e.Str("type")));
        Assert.Equal(shared, fndfTrail[1].Str("itemId"));
        Assert.Equal("2026-11-29T10:00:00Z", fndfTrail[0].Str("at"));
    }

    [Fact]
    public async Task Events_cannot_be_updated_or_deleted_even_directly_in_the_database()
    {
        var trail = await SubmitAcknowledgeRejectDelistAsync();
        await using var owned = trail.App;
        var before = (await trail.App.Admin().EventsAsync(trail.RequestId)).Select(e => e.GetRawText()).ToList();

        await using (var connection = new SqliteConnection($"Data Source={trail.App.DatabasePath}"))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { "UPDATE events SET reason = 'rewritten'",
                "UPDATE events SET to_status = 'pending' WHERE type = 'status-changed'", "DELETE FROM events" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
                Assert.Contains("append-only", refused.Message);
            }
        }

        Assert.Equal(before, (await trail.App.Admin().EventsAsync(trail.RequestId)).Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task A_refused_batch_leaves_no_event()
    {
        var trail = await SubmitAcknowledgeRejectDelistAsync();
        await using var owned = trail.App;
        var second = (await trail.App.ItemIdsAsync(await trail.Apc.Client.SubmitAsync(
            (await trail.App.Admin().GetJsonAsync($"/v1/requests/{trail.RequestId}")).Str("rulingId"), Urls(1, from: 2)), "google"))[0];
        var before = await trail.App.Admin().EventsAsync(trail.RequestId);

        // A valid change and a transition out of delisted: the batch is refused whole.
        var refused = await trail.Google.Client.RespondAsync("google", Delist(second), Acknowledge(trail.GoogleItem));
        var problem = await refused.AssertProblemAsync(409);
        Assert.True(problem.GetProperty("errors").TryGetProperty("responses[1].status", out _));

        Assert.Equal("pending", (await trail.App.ItemAsync("google", second)).Str("status"));
        Assert.Equal(before.Select(e => e.Str("id")), (await trail.App.Admin().EventsAsync(trail.RequestId)).Select(e => e.Str("id")));
    }
}
