using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Withdrawals;

/// <summary>Every refused withdrawal is a problem response and changes nothing: items, requests and trails read the same after.</summary>
public sealed class WithdrawalRefusalsTests
{
    private sealed record World(DelistingApp App, string Ruling, HttpClient Apc, HttpClient Fndf, string ApcRequest, string FndfRequest);

    /// <summary>apc claims URLs 1-3, fndf claims URL 4; google has delisted URL 1.</summary>
    private static async Task<World> WorldAsync()
    {
        var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var apc = await app.RightsHolderAsync("apc");
        var fndf = await app.RightsHolderAsync("fndf");
        var apcRequest = await apc.SubmitAsync(ruling, Urls(3));
        var fndfRequest = await fndf.SubmitAsync(ruling, Urls(1, from: 4));
        var google = await app.LiaisonAsync("google");
        await google.RespondOkAsync("google", Delist((await app.ItemIdsAsync(apcRequest, "google"))[0]));
        return new World(app, ruling, apc, fndf, apcRequest.Str("id"), fndfRequest.Str("id"));
    }

    /// <summary>Everything a refusal must leave as it was, as one text.</summary>
    private static async Task<string> SnapshotAsync(World world)
    {
        var admin = world.App.Admin();
        var parts = new List<string>();
        foreach (var engine in new[] { "google",
            "bing" }) parts.Add((await admin.GetJsonAsync($"/v1/engines/{engine}/items?limit=1000")).GetRawText());
        foreach (var id in new[] { world.ApcRequest, world.FndfRequest })
        {
            parts.Add((await admin.GetJsonAsync($"/v1/requests/{id}")).GetRawText());
            parts.Add(JsonSerializer.Serialize(await admin.EventsAsync(id)));
        }
        parts.Add((await admin.GetJsonAsync($"/v1/rulings/{world.Ruling}/compliance")).GetRawText());
        return string.Join("\n", parts);
    }

    private static async Task<JsonElement> RefusedAsync(World world, Func<Task<HttpResponseMessage>> call, int status)
    {
        var before = await SnapshotAsync(world);
        var problem = await (await call()).AssertProblemAsync(status);
        Assert.Equal(before, await SnapshotAsync(world));
        return problem;
    }

    private static string[] ErrorKeys(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();

    [Fact]
    public async Task Another_organisation_withdrawing_from_a_request_it_does_not_own_gets_404()
    {
        var world = await WorldAsync();
        await using var owned = world.App;

        await RefusedAsync(world, () => world.Fndf.WithdrawAsync(world.ApcRequest, "not ours", Urls(1)), 404);
        await RefusedAsync(world, () => world.Apc.WithdrawAsync("req_does_not_exist", "typo", Urls(1)), 404);
    }

    [Fact]
    public async Task Only_an_admin_withdraws_under_a_ruling_and_only_an_organisation_from_its_request()
    {
        var world = await WorldAsync();
        await using var owned = world.App;
        var google = await world.App.LiaisonAsync("google");

        await RefusedAsync(world, () => world.Apc.WithdrawUnderRulingAsync(world.Ruling, "over-blocking", Urls(1)), 403);
        await RefusedAsync(world, () => google.WithdrawUnderRulingAsync(world.Ruling, "over-blocking", Urls(1)), 403);
        await RefusedAsync(world, () => google.WithdrawAsync(world.ApcRequest, "over-blocking", Urls(1)), 403);
        var admin = await RefusedAsync(world, () => world.App.Admin().WithdrawAsync(world.ApcRequest, "over-blocking", Urls(1)), 403);
        Assert.Contains("/v1/rulings/{rulingId}/withdrawals", admin.Str("detail"));
        await RefusedAsync(world, () => world.App.Admin().WithdrawUnderRulingAsync("no-such-ruling", "over-blocking", Urls(1)), 404);
    }

    [Fact]
    public async Task Every_url_that_cannot_be_withdrawn_is_named_at_its_index_and_nothing_is_withdrawn()
    {
        var world = await WorldAsync();
        await using var owned = world.App;

        var problem = await RefusedAsync(world, () => world.Apc.WithdrawAsync(world.ApcRequest, "mistake",
            "https://www.allostreaming.com/film/1", "https://www.allostreaming.com/film/4", "https://www.allostreaming.com/film/99",
            "https://WWW.Allostreaming.com/film/2#normalized", "not a url", "ftp://www.allostreaming.com/film/3"), 422);

        // Every offending URL in one answer: URL 4 is fndf's, URL 99 was never submitted, the last two are not URLs;
        // 2 normalizes to a URL of the request.
        Assert.Equal(["urls[1]", "urls[2]", "urls[4]", "urls[5]"], ErrorKeys(problem));
        var notMine = await RefusedAsync(world, () => world.Apc.WithdrawAsync(world.ApcRequest, "mistake",
            "https://www.allostreaming.com/film/1", "https://www.allostreaming.com/film/4", "https://www.allostreaming.com/film/99"), 422);
        Assert.Equal(["urls[1]", "urls[2]"], ErrorKeys(notMine));
        Assert.Contains(world.ApcRequest, notMine.GetProperty("errors").GetProperty("urls[1]")[0].GetString());
    }

    [Fact]
    public async Task Urls_never_noticed_under_the_ruling_are_refused_to_an_admin_too()
    {
        var world = await WorldAsync();
        await using var owned = world.App;
        var other = await world.App.CreateRulingInForceAsync("another-ruling");
        await world.Apc.SubmitAsync(other, Urls(1, from: 50));

        var problem = await RefusedAsync(world, () => world.App.Admin().WithdrawUnderRulingAsync(world.Ruling, "over-blocking",
            "https://www.allostreaming.com/film/4", "https://www.allostreaming.com/film/50", "https://www.allostreaming.com/film/1"), 422);

        Assert.Equal(["urls[1]"], ErrorKeys(problem));
        Assert.Contains(world.Ruling, problem.GetProperty("errors").GetProperty("urls[1]")[0].GetString());
    }

    [Theory]
    [InlineData("""{ "urls": ["https://www.allostreaming.com/film/1"] }""", "reason")]
    [InlineData("""{ "urls": ["https://www.allostreaming.com/film/1"], "reason": "  " }""", "reason")]
    [InlineData("""{ "reason": "mistake" }""", "urls")]
    [InlineData("""{ "urls": [], "reason": "mistake" }""", "urls")]
    public async Task A_body_without_urls_or_reason_is_refused(string body, string key)
    {
        var world = await WorldAsync();
        await using var owned = world.App;

        var problem = await RefusedAsync(world, () => world.Apc.PostAsync($"/v1/requests/{world.ApcRequest}/withdrawals",
            HttpAssertions.JsonBody(body)), 422);
        Assert.Equal([key], ErrorKeys(problem));
        var admin = await RefusedAsync(world, () => world.App.Admin().PostAsync($"/v1/rulings/{world.Ruling}/withdrawals",
            HttpAssertions.JsonBody(body)), 422);
        Assert.Equal([key], ErrorKeys(admin));
    }

    [Fact]
    public async Task Reasons_and_url_lists_have_limits()
    {
        var world = await WorldAsync();
        await using var owned = world.App;

        var longReason = await RefusedAsync(world, () => world.Apc.WithdrawAsync(world.ApcRequest, new string('x', 1001), Urls(1)), 422);
        Assert.Equal(["reason"], ErrorKeys(longReason));
        var tooMany = await RefusedAsync(world, () => world.Apc.PostAsJsonAsync($"/v1/requests/{world.ApcRequest}/withdrawals",
            new { urls = Urls(10_001), reason = "mistake" }), 422);
        Assert.Equal(["urls"], ErrorKeys(tooMany));
        Assert.Equal(1, (await world.Apc.WithdrawOkAsync(world.ApcRequest, new string('x', 1000), Urls(1))).GetProperty("withdrawn").GetInt32());
    }
}
