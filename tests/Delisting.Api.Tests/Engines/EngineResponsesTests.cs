using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Engines;

public sealed class EngineResponsesTests
{
    /// <summary>The reports that bring a fresh pending item to a status.</summary>
    private static string[] PathTo(string status) => status switch
    {
        "pending" => [],
        "acknowledged" => ["acknowledged"],
        "delisted" => ["delisted"],
        "rejected" => ["rejected"],
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static async Task<(DelistingApp App, HttpClient Google, List<string> Ids)> GoogleItemsAsync(int count, params string[] statuses)
    {
        var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(count));
        var ids = await app.ItemIdsAsync(request, "google");
        var google = await app.LiaisonAsync("google");
        for (var i = 0; i < statuses.Length; i++)
        {
            foreach (var step in PathTo(statuses[i])) await google.RespondOkAsync("google", Report(ids[i], step));
        }
        return (app, google, ids);
    }

    [Theory]
    [InlineData("pending", "acknowledged")]
    [InlineData("pending", "delisted")]
    [InlineData("pending", "rejected")]
    [InlineData("acknowledged", "delisted")]
    [InlineData("acknowledged", "rejected")]
    [InlineData("rejected", "delisted")]
    public async Task An_allowed_transition_is_applied(string from, string to)
    {
        var (app, google, ids) = await GoogleItemsAsync(1, from);
        await using var owned = app;
        app.Time.Advance(TimeSpan.FromMinutes(5));

        var body = await google.RespondOkAsync("google", to == "rejected"
            ? Reject(ids[0], "Not in our index")
            : new { itemId = ids[0], status = to, engineReference = "G-123" });

        Assert.Equal(1, body.GetProperty("applied").GetInt32());
        Assert.Equal(0, body.GetProperty("unchanged").GetInt32());
        var returned = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal(ids[0], returned.Str("id"));
        Assert.Equal(to, returned.Str("status"));

        var stored = await app.ItemAsync("google", ids[0]);
        Assert.Equal(to, stored.Str("status"));
        Assert.Equal("2026-11-29T09:05:00Z", stored.Str("updatedAt"));
        if (to == "rejected") Assert.Equal("Not in our index", stored.Str("reason"));
        else Assert.Equal("G-123", stored.Str("engineReference"));
        // The same item for bing is untouched.
        Assert.All(await app.Admin().QueueAsync("bing"), i => Assert.Equal("pending", i.Str("status")));
    }

    [Theory]
    [InlineData("delisted", "acknowledged")]
    [InlineData("delisted", "rejected")]
    [InlineData("rejected", "acknowledged")]
    public async Task A_forbidden_transition_is_a_conflict_naming_the_item_and_changes_nothing(string from, string to)
    {
        var (app, google, ids) = await GoogleItemsAsync(1, from);
        await using var owned = app;
        var before = await app.ItemAsync("google", ids[0]);
        app.Time.Advance(TimeSpan.FromMinutes(5));

        var problem = await (await google.RespondAsync("google", Report(ids[0], to))).AssertProblemAsync(409);

        var message = Assert.Single(problem.GetProperty("errors").GetProperty("responses[0].status").EnumerateArray()).GetString();
        Assert.Contains(ids[0], message);
        Assert.Equal(before.GetRawText(), (await app.ItemAsync("google", ids[0])).GetRawText());
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("acknowledged")]
    [InlineData("delisted")]
    [InlineData("rejected")]
    public async Task Pending_is_not_a_status_an_engine_reports(string from)
    {
        var (app, google, ids) = await GoogleItemsAsync(1, from);
        await using var owned = app;

        var problem = await (await google.RespondAsync("google", new { itemId = ids[0], status = "pending" })).AssertProblemAsync(422);

        Assert.Contains("pending", problem.GetProperty("errors").GetProperty("responses[0].status")[0].GetString());
        Assert.Equal(from, (await app.ItemAsync("google", ids[0])).Str("status"));
    }

    [Theory]
    [InlineData("acknowledged")]
    [InlineData("delisted")]
    [InlineData("rejected")]
    public async Task Reporting_the_status_an_item_already_has_is_unchanged(string status)
    {
        var (app, google, ids) = await GoogleItemsAsync(1, status);
        await using var owned = app;
        var before = await app.ItemAsync("google", ids[0]);
        app.Time.Advance(TimeSpan.FromMinutes(5));

        var body = await google.RespondOkAsync("google", Report(ids[0], status));

        Assert.Equal(0, body.GetProperty("applied").GetInt32());
        Assert.Equal(1, body.GetProperty("unchanged").GetInt32());
        Assert.Equal(before.GetRawText(), (await app.ItemAsync("google", ids[0])).GetRawText());
    }

    [Fact]
    public async Task A_batch_counts_applied_and_unchanged_and_returns_the_items_as_now()
    {
        var (app, google, ids) = await GoogleItemsAsync(3, "pending", "acknowledged", "delisted");
        await using var owned = app;

        var body = await google.RespondOkAsync("google", Acknowledge(ids[0]), Delist(ids[1], "G-2"), Delist(ids[2]));

        Assert.Equal(2, body.GetProperty("applied").GetInt32());
        Assert.Equal(1, body.GetProperty("unchanged").GetInt32());
        Assert.Equal(["acknowledged", "delisted", "delisted"], body.GetProperty("items").EnumerateArray().Select(i => i.Str("status")));
        Assert.Equal(ids, body.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
    }

    // The rejection vocabulary: a code is required with rejected, text with the code other; nothing changes on a refusal.
    [Theory]
    [InlineData(null, "URL not in our index", "responses[0].reasonCode")]
    [InlineData("", "URL not in our index", "responses[0].reasonCode")]
    [InlineData("gone", null, "responses[0].reasonCode")]
    [InlineData("NOT-FOUND", null, "responses[0].reasonCode")]
    [InlineData("other", null, "responses[0].reason")]
    [InlineData("other", "", "responses[0].reason")]
    [InlineData("other", "   ", "responses[0].reason")]
    public async Task A_rejection_without_a_known_code_or_other_without_text_is_invalid(string? reasonCode, string? reason, string path)
    {
        var (app, google, ids) = await GoogleItemsAsync(2);
        await using var owned = app;
        var before = await app.Admin().GetJsonAsync("/v1/engines/google/items");

        var problem = await (await google.RespondAsync("google", Acknowledge(ids[1]), new { itemId = ids[0], status = "rejected", reasonCode,
            reason }))
            .AssertProblemAsync(422);

        Assert.Equal([path.Replace("[0]", "[1]")], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before.GetRawText(), (await app.Admin().GetJsonAsync("/v1/engines/google/items")).GetRawText());
    }

    [Theory]
    [InlineData("not-found", null)]
    [InlineData("not-in-index", "never crawled")]
    [InlineData("not-covered", null)]
    [InlineData("lawful-content", "review by counsel")]
    [InlineData("duplicate", null)]
    [InlineData("other", "court order in another case")]
    public async Task Each_rejection_code_is_stored_and_shown_with_its_optional_text(string reasonCode, string? reason)
    {
        var (app, google, ids) = await GoogleItemsAsync(1);
        await using var owned = app;

        var body = await google.RespondOkAsync("google", new { itemId = ids[0], status = "rejected", reasonCode, reason });

        var item = await app.ItemAsync("google", ids[0]);
        Assert.Equal((reasonCode, reason), (item.Str("reasonCode"), item.GetProperty("reason").GetString()));
        Assert.Equal(reasonCode, body.GetProperty("items")[0].Str("reasonCode"));
    }

    [Fact]
    public async Task A_reason_code_goes_with_rejected_only()
    {
        var (app, google, ids) = await GoogleItemsAsync(1);
        await using var owned = app;

        var problem = await (await google.RespondAsync("google", new { itemId = ids[0], status = "delisted",
            reasonCode = "duplicate" })).AssertProblemAsync(422);

        Assert.True(problem.GetProperty("errors").TryGetProperty("responses[0].reasonCode", out _), problem.GetRawText());
        Assert.Equal("pending", (await app.ItemAsync("google", ids[0])).Str("status"));
    }

    [Fact]
    public async Task An_unknown_item_or_another_engines_item_is_invalid_at_its_index_and_nothing_changes()
    {
        var (app, google, ids) = await GoogleItemsAsync(2);
        await using var owned = app;
        var bingIds = (await app.Admin().QueueAsync("bing")).Select(i => i.Str("id")).ToList();

        var problem = await (await google.RespondAsync("google", Delist(ids[0]), Delist("itm_does_not_exist"), Delist(ids[1]), Delist(bingIds[0])))
            .AssertProblemAsync(422);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["responses[1].itemId", "responses[3].itemId"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("itm_does_not_exist", errors.GetProperty("responses[1].itemId")[0].GetString());
        Assert.Contains(bingIds[0], errors.GetProperty("responses[3].itemId")[0].GetString());
        Assert.All(await app.Admin().QueueAsync("google"), i => Assert.Equal("pending", i.Str("status")));
        Assert.All(await app.Admin().QueueAsync("bing"), i => Assert.Equal("pending", i.Str("status")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_batch_carries_one_to_a_thousand_responses(int count)
    {
        var (app, google, ids) = await GoogleItemsAsync(1);
        await using var owned = app;

        var responses = Enumerable.Range(0, count).Select(i => Delist(i == 0 ? ids[0] : $"itm_{i}")).ToArray();
        var problem = await (await google.RespondAsync("google", responses)).AssertProblemAsync(422);

        Assert.True(problem.GetProperty("errors").TryGetProperty("responses", out _), problem.GetRawText());
        Assert.Equal("pending", (await app.ItemAsync("google", ids[0])).Str("status"));
    }

    [Fact]
    public async Task A_batch_of_a_thousand_responses_is_applied()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(1000));
        var ids = await app.ItemIdsAsync(request, "google");

        var body = await (await app.LiaisonAsync("google")).RespondOkAsync("google", ids.Select(id => Delist(id)).ToArray());

        Assert.Equal(1000, body.GetProperty("applied").GetInt32());
        Assert.Empty(await app.Admin().QueueAsync("google", "pending"));
    }

    [Fact]
    public async Task The_same_item_twice_in_a_batch_is_invalid()
    {
        var (app, google, ids) = await GoogleItemsAsync(2);
        await using var owned = app;

        var problem = await (await google.RespondAsync("google", Acknowledge(ids[0]), Delist(ids[1]), Delist(ids[0]))).AssertProblemAsync(422);

        var message = problem.GetProperty("errors").GetProperty("responses[2].itemId")[0].GetString();
        Assert.Contains("responses[0]", message);
        Assert.All(await app.Admin().QueueAsync("google"), i => Assert.Equal("pending", i.Str("status")));
    }

    [Fact]
    public async Task A_batch_with_one_forbidden_transition_applies_none_of_its_valid_ones()
    {
        var (app, google, ids) = await GoogleItemsAsync(4, "pending", "acknowledged", "delisted", "pending");
        await using var owned = app;
        var before = (await app.Admin().QueueAsync("google")).Select(i => i.GetRawText()).ToList();
        app.Time.Advance(TimeSpan.FromHours(1));

        var problem = await (await google.RespondAsync("google", Delist(ids[0]), Delist(ids[1]), Acknowledge(ids[2]), Reject(ids[3])))
            .AssertProblemAsync(409);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["responses[2].status"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains(ids[2], errors.GetProperty("responses[2].status")[0].GetString());
        Assert.Equal(before, (await app.Admin().QueueAsync("google")).Select(i => i.GetRawText()));
    }

    [Fact]
    public async Task A_batch_with_one_unknown_item_applies_nothing()
    {
        var (app, google, ids) = await GoogleItemsAsync(3, "pending", "acknowledged");
        await using var owned = app;
        var before = (await app.Admin().QueueAsync("google")).Select(i => i.GetRawText()).ToList();

        await (await google.RespondAsync("google", Delist(ids[0]), Delist(ids[1]), Acknowledge("itm_unknown"), Reject(ids[2])))
            .AssertProblemAsync(422);

        Assert.Equal(before, (await app.Admin().QueueAsync("google")).Select(i => i.GetRawText()));
    }

    [Fact]
    public async Task Another_engines_liaison_may_not_report_for_google()
    {
        var (app, _, ids) = await GoogleItemsAsync(1);
        await using var owned = app;
        var bing = await app.LiaisonAsync("bing");

        await (await bing.RespondAsync("google", Delist(ids[0]))).AssertProblemAsync(403);
        await (await (await app.RightsHolderAsync()).RespondAsync("google", Delist(ids[0]))).AssertProblemAsync(403);

        Assert.Equal("pending", (await app.ItemAsync("google", ids[0])).Str("status"));
    }

    [Fact]
    public async Task An_engine_that_reconsiders_a_rejection_delists_and_the_old_reason_no_longer_stands()
    {
        var (app, google, ids) = await GoogleItemsAsync(1, "rejected");
        await using var owned = app;

        await google.RespondOkAsync("google", Delist(ids[0], "G-9"));

        var item = await app.ItemAsync("google", ids[0]);
        Assert.Equal("delisted", item.Str("status"));
        Assert.Equal("G-9", item.Str("engineReference"));
        Assert.False(item.GetProperty("overdue").GetBoolean());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("reason").ValueKind);
    }
}

public sealed class EngineResponsesMalformedTests
{
    [Theory]
    [InlineData("""{"responses":[null]}""", "responses[0]")]
    [InlineData("""{"responses":null}""", "responses")]
    [InlineData("""{}""", "responses")]
    [InlineData("""{"responses":[{"status":"delisted"}]}""", "responses[0].itemId")]
    [InlineData("""{"responses":[{"itemId":"itm_x"}]}""", "responses[0].status")]
    [InlineData("""{"responses":[{"itemId":"itm_x","status":"done"}]}""", "responses[0].status")]
    [InlineData("""{"responses":[{"itemId":"itm_x","status":"Delisted"}]}""", "responses[0].status")]
    public async Task A_malformed_response_is_invalid_at_its_path(string json, string path)
    {
        await using var app = new DelistingApp();
        var google = await app.LiaisonAsync("google");

        var problem = await (await google.PostAsync("/v1/engines/google/responses", HttpAssertions.JsonBody(json))).AssertProblemAsync(422);

        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("""{"responses":[""")]
    [InlineData("""{"responses":"all"}""")]
    public async Task Malformed_json_is_a_bad_request(string json)
    {
        await using var app = new DelistingApp();
        var google = await app.LiaisonAsync("google");

        await (await google.PostAsync("/v1/engines/google/responses", HttpAssertions.JsonBody(json))).AssertProblemAsync(400);
    }
}
