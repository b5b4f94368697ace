using System.Net;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using Json.Schema;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Transparency;

public sealed class LumenNoticeTests
{
    private const string Ruling = "lumen-ruling";
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly JsonSchema Schema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Transparency", "lumen-court-order-notice.schema.json")));

    private static void AssertLumenAccepts(JsonElement answer)
    {
        var result = Schema.Evaluate(answer, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, "Not a notice Lumen takes:\n" + string.Join("\n", errors));
    }

    private static List<string> Urls(JsonElement notice, string site) => notice.GetProperty("works_attributes").EnumerateArray()
        .Single(w => w.Str("description").StartsWith(site + " ", StringComparison.Ordinal))
        .GetProperty("infringing_urls_attributes").EnumerateArray().Select(u => u.Str("url")).ToList();

    private static List<(string Role, string Name)> Roles(JsonElement notice) => notice.GetProperty("entity_notice_roles_attributes")
        .EnumerateArray().Select(r => (r.Str("name"), r.GetProperty("entity_attributes").Str("name"))).ToList();

    [Fact]
    public async Task The_ruling_is_a_court_order_notice_with_one_work_per_site_and_the_urls_claimed_as_of_the_instant()
    {
        await using var app = new DelistingApp(now: Start);
        await app.CreateRulingInForceAsync(Ruling, engines: ["google", "bing"], plaintiffs: ["apc", "fndf"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.LiaisonAsync("google");
        var request = await apc.SubmitAsync(Ruling,
            "https://www.allostreaming.com/film/1", "https://allostreaming.com/film/2", "https://dpstream.tv/a");
        var g = await app.ItemIdsAsync(request, "google");
        app.Time.Advance(TimeSpan.FromHours(5));
        await google.RespondOkAsync("google", Delist(g[0]));
        var beforeWithdrawal = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromHours(1));
        await apc.WithdrawOkAsync(request.Str("id"), "not ours", "https://dpstream.tv/a");
        app.Time.Advance(TimeSpan.FromHours(1));

        using var now = await apc.GetAsync($"/v1/rulings/{Ruling}/lumen");
        var answer = await now.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        AssertLumenAccepts(answer);
        var notice = answer.GetProperty("notice");
        Assert.Equal("CourtOrder", notice.Str("type"));
        Assert.Equal("Partial", notice.Str("action_taken"));
        Assert.Equal(Start.AddHours(7).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), now.Headers.GetValues("As-Of").Single());
        Assert.Equal(["https://allostreaming.com/film/2", "https://www.allostreaming.com/film/1"], Urls(notice, "allostreaming.com"));
        Assert.Empty(Urls(notice, "dpstream.tv"));
        var roles = Roles(notice);
        Assert.Contains(("issuing_court", "Tribunal judiciaire de Paris"), roles);
        Assert.Equal(2, roles.Count(r => r.Role == "plaintiff"));
        Assert.Equal(["Bing", "Google"], roles.Where(r => r.Role == "recipient").Select(r => r.Name).Order());
        Assert.Single(roles, r => r.Role == "sender");

        var before = await apc.GetJsonAsync($"/v1/rulings/{Ruling}/lumen?asOf={beforeWithdrawal:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        AssertLumenAccepts(before);
        Assert.Equal(["https://dpstream.tv/a"], Urls(before.GetProperty("notice"), "dpstream.tv"));

        var beforeAnything = await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/lumen?asOf=2026-11-29T08:00:00Z");
        AssertLumenAccepts(beforeAnything);
        Assert.Equal("Unspecified", beforeAnything.GetProperty("notice").Str("action_taken"));
        Assert.DoesNotContain(Roles(beforeAnything.GetProperty("notice")), r => r.Role == "sender");
    }

    [Fact]
    public async Task Only_admins_and_plaintiffs_read_it_and_bad_input_is_a_problem()
    {
        await using var app = new DelistingApp(now: Start);
        await app.CreateRulingInForceAsync(Ruling, plaintiffs: ["apc"]);
        var path = $"/v1/rulings/{Ruling}/lumen";

        Assert.Equal(HttpStatusCode.OK, (await (await app.RightsHolderAsync("apc")).GetAsync(path)).StatusCode);
        await (await app.Anonymous().GetAsync(path)).AssertProblemAsync(401);
        await (await (await app.RightsHolderAsync("sevn")).GetAsync(path)).AssertProblemAsync(403);
        await (await (await app.LiaisonAsync("google")).GetAsync(path)).AssertProblemAsync(403);
        await (await app.Admin().GetAsync("/v1/rulings/no-such-ruling/lumen")).AssertProblemAsync(404);
        await (await app.Admin().GetAsync(path + "?asOf=yesterday")).AssertProblemAsync(400);
        await (await app.Admin().GetAsync(path + "?asOf=2030-01-01T00:00:00Z")).AssertProblemAsync(400);
    }
}
