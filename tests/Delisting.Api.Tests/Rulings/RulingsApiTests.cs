using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Rulings;

public sealed class RulingsApiTests
{
    private const string Allostreaming = "tgi-paris-2013-11-28-allostreaming";

    /// <summary>A valid ruling body (in force on the test clock's default date) that each test bends one way.</summary>
    private static JsonObject ValidRuling(string id = "tj-paris-2026-11-01-example") => new()
    {
        ["id"] = id,
        ["court"] = "Tribunal judiciaire de Paris",
        ["caseReference"] = "RG 26/12345",
        ["decidedOn"] = "2026-11-01",
        ["servedOn"] = "2026-11-05",
        ["timeZone"] = "Europe/Paris",
        ["complianceDays"] = 15,
        ["inForceUntil"] = "2027-11-20",
        ["plaintiffs"] = new JsonArray("apc", "fndf"),
        ["engines"] = new JsonArray("google", "bing"),
        ["sites"] = new JsonArray(new JsonObject { ["domain"] = "example-pirate.com", ["network"] = "Example" }),
    };

    private static Task<HttpResponseMessage> PostAsync(DelistingApp app, JsonNode body) =>
        app.Admin().PostAsync("/v1/rulings", HttpAssertions.JsonBody(body.ToJsonString()));

    private static async Task<JsonElement> AssertRejectedAsync(DelistingApp app, JsonNode body, string errorKey)
    {
        var problem = await (await PostAsync(app, body)).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out var messages),
            $"Expected an error on '{errorKey}': {problem}");
        Assert.True(messages.GetArrayLength() > 0);
        var id = body["id"]?.GetValue<string>();
        if (id is not null && id.Length > 0 && !id.Contains(' ') && !id.Contains('/'))
        {
            await (await app.Admin().GetAsync($"/v1/rulings/{id}")).AssertProblemAsync(404);
        }
        return problem;
    }

    // ---- list -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Paging_with_a_small_limit_returns_every_ruling_exactly_once()
    {
        await using var app = new DelistingApp();
        for (var i = 0; i < 6; i++) await app.CreateRulingInForceAsync(id: $"paged-ruling-{i:00}");

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var url = "/v1/rulings?limit=2" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
            var response = await app.Admin().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            var items = page.GetProperty("items");
            Assert.InRange(items.GetArrayLength(), 1, 2);
            seen.AddRange(items.EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            pages++;
        } while (after is not null && pages < 20);

        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains(Allostreaming, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task The_default_page_holds_everything_and_has_no_next()
    {
        await using var app = new DelistingApp();
        var page = await (await app.Admin().GetAsync("/v1/rulings")).ReadJsonAsync();
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=-5")]
    [InlineData("limit=abc")]
    [InlineData("after=%25%25not-a-cursor%25%25")]
    [InlineData("after=!!!")]
    public async Task A_bad_limit_or_cursor_is_400(string query)
    {
        await using var app = new DelistingApp();
        await (await app.Admin().GetAsync($"/v1/rulings?{query}")).AssertProblemAsync(400);
    }

    [Fact]
    public async Task An_engine_lists_only_the_rulings_that_bind_it()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(id: "google-only", engines: ["google"]);
        var bing = await app.LiaisonAsync("bing");
        var ids = (await (await bing.GetAsync("/v1/rulings")).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal([Allostreaming], ids);
    }

    // ---- get --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_unknown_ruling_is_404()
    {
        await using var app = new DelistingApp();
        await (await app.Admin().GetAsync("/v1/rulings/no-such-ruling")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task An_engine_not_bound_by_a_ruling_gets_404_and_a_bound_engine_gets_200()
    {
        await using var app = new DelistingApp();
        var id = await app.CreateRulingInForceAsync(id: "google-and-bing", engines: ["google", "bing"]);
        await (await (await app.LiaisonAsync("yahoo")).GetAsync($"/v1/rulings/{id}")).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.OK, (await (await app.LiaisonAsync("bing")).GetAsync($"/v1/rulings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.RightsHolderAsync("sevn")).GetAsync($"/v1/rulings/{id}")).StatusCode);
    }

    // ---- create -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_admin_creates_a_ruling_and_gets_201_with_location_and_the_stored_ruling()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["note"] = "  first of its kind  ";
        var response = await PostAsync(app, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v1/rulings/tj-paris-2026-11-01-example", response.Headers.Location?.OriginalString);
        var created = await response.ReadJsonAsync();
        Assert.Equal("tj-paris-2026-11-01-example", created.GetProperty("id").GetString());
        Assert.True(created.GetProperty("inForce").GetBoolean());
        Assert.Equal("first of its kind", created.GetProperty("note").GetString());

        var stored = await (await app.Admin().GetAsync("/v1/rulings/tj-paris-2026-11-01-example")).ReadJsonAsync();
        Assert.Equal("2026-11-05", stored.GetProperty("servedOn").GetString());
        Assert.Equal(15, stored.GetProperty("complianceDays").GetInt32());
        Assert.Equal(["apc", "fndf"], stored.GetProperty("plaintiffs").EnumerateArray().Select(p => p.GetString()).Order());
        Assert.Equal(["bing", "google"], stored.GetProperty("engines").EnumerateArray().Select(p => p.GetString()).Order());
        var site = Assert.Single(stored.GetProperty("sites").EnumerateArray());
        Assert.Equal("example-pirate.com", site.GetProperty("domain").GetString());
        Assert.Equal("Example", site.GetProperty("network").GetString());
    }

    [Theory]
    [InlineData("WWW.Example-Pirate.COM.", "www.example-pirate.com")]
    [InlineData("  example-pirate.com  ", "example-pirate.com")]
    [InlineData("téléchargement-pirate.fr", "xn--tlchargement-pirate-bzbb.fr")]
    [InlineData("MÜNCHEN-pirate.de", "xn--mnchen-pirate-wob.de")]
    public async Task Domains_are_stored_lowercase_ascii_without_trailing_dot(string given, string stored)
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["sites"] = new JsonArray(new JsonObject { ["domain"] = given });
        var response = await PostAsync(app, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(stored, (await response.ReadJsonAsync()).GetProperty("sites")[0].GetProperty("domain").GetString());
        var fetched = await (await app.Admin().GetAsync("/v1/rulings/tj-paris-2026-11-01-example")).ReadJsonAsync();
        Assert.Equal(stored, fetched.GetProperty("sites")[0].GetProperty("domain").GetString());
    }

    [Fact]
    public async Task Creating_a_ruling_with_an_existing_id_is_409_and_leaves_the_first_unchanged()
    {
        await using var app = new DelistingApp();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(app, ValidRuling())).StatusCode);
        var again = ValidRuling();
        again["court"] = "Another court";
        await (await PostAsync(app, again)).AssertProblemAsync(409);
        var stored = await (await app.Admin().GetAsync("/v1/rulings/tj-paris-2026-11-01-example")).ReadJsonAsync();
        Assert.Equal("Tribunal judiciaire de Paris", stored.GetProperty("court").GetString());
    }

    [Fact]
    public async Task Recreating_the_seeded_ruling_is_409()
    {
        await using var app = new DelistingApp();
        await (await PostAsync(app, ValidRuling(Allostreaming))).AssertProblemAsync(409);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper-Case")]
    [InlineData("under_score")]
    [InlineData("")]
    public async Task A_bad_slug_is_422_on_id(string id)
    {
        await using var app = new DelistingApp();
        await AssertRejectedAsync(app, ValidRuling(id), "id");
    }

    [Fact]
    public async Task A_slug_of_101_characters_is_422_on_id()
    {
        await using var app = new DelistingApp();
        await AssertRejectedAsync(app, ValidRuling(new string('a', 101)), "id");
    }

    [Fact]
    public async Task An_unknown_engine_is_422_at_its_index()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["engines"] = new JsonArray("google", "altavista");
        var problem = await AssertRejectedAsync(app, body, "engines[1]");
        Assert.Contains("altavista", problem.GetProperty("errors").GetProperty("engines[1]")[0].GetString());
    }

    [Fact]
    public async Task An_unknown_plaintiff_is_422_at_its_index()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["plaintiffs"] = new JsonArray("nobody", "apc");
        await AssertRejectedAsync(app, body, "plaintiffs[0]");
    }

    [Theory]
    [InlineData("engines")]
    [InlineData("plaintiffs")]
    [InlineData("sites")]
    public async Task An_empty_or_missing_list_is_422(string field)
    {
        await using var app = new DelistingApp();
        var empty = ValidRuling();
        empty[field] = new JsonArray();
        await AssertRejectedAsync(app, empty, field);
        var missing = ValidRuling();
        missing.Remove(field);
        await AssertRejectedAsync(app, missing, field);
    }

    [Theory]
    [InlineData("court")]
    [InlineData("caseReference")]
    [InlineData("decidedOn")]
    [InlineData("inForceUntil")]
    [InlineData("complianceDays")]
    public async Task A_missing_required_field_is_422_naming_it(string field)
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body.Remove(field);
        await AssertRejectedAsync(app, body, field);
    }

    [Fact]
    public async Task ServedOn_before_decidedOn_is_422()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["servedOn"] = "2026-10-31";
        await AssertRejectedAsync(app, body, "servedOn");
    }

    [Fact]
    public async Task InForceUntil_before_the_start_is_422()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["inForceUntil"] = "2026-11-04";
        await AssertRejectedAsync(app, body, "inForceUntil");
        body["servedOn"] = null;
        body["inForceUntil"] = "2026-10-31";
        await AssertRejectedAsync(app, body, "inForceUntil");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    [InlineData(-1)]
    public async Task ComplianceDays_outside_1_to_365_is_422(int days)
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["complianceDays"] = days;
        await AssertRejectedAsync(app, body, "complianceDays");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public async Task ComplianceDays_at_the_bounds_is_accepted(int days)
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["complianceDays"] = days;
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(app, body)).StatusCode);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Paris")]
    [InlineData("")]
    public async Task An_unknown_time_zone_is_422(string zone)
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["timeZone"] = zone;
        await AssertRejectedAsync(app, body, "timeZone");
    }

    [Fact]
    public async Task A_missing_time_zone_defaults_to_paris()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body.Remove("timeZone");
        var created = await (await PostAsync(app, body)).ReadJsonAsync();
        Assert.Equal("Europe/Paris", created.GetProperty("timeZone").GetString());
    }

    [Theory]
    [InlineData("192.168.1.10")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData("com")]
    [InlineData("co.uk")]
    [InlineData("github.io")]
    [InlineData("blogspot.com")]
    [InlineData("exa mple.com")]
    [InlineData("")]
    [InlineData("https://example-pirate.com/")]
    public async Task A_domain_that_cannot_be_a_site_is_422_at_its_path(string domain)
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["sites"] = new JsonArray(
            new JsonObject { ["domain"] = "fine-pirate.com" },
            new JsonObject { ["domain"] = domain });
        await AssertRejectedAsync(app, body, "sites[1].domain");
    }

    [Fact]
    public async Task Domains_that_are_equal_after_normalization_are_422()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["sites"] = new JsonArray(
            new JsonObject { ["domain"] = "example-pirate.com" },
            new JsonObject { ["domain"] = "EXAMPLE-PIRATE.COM." });
        var problem = await AssertRejectedAsync(app, body, "sites[1].domain");
        Assert.Contains("sites[0]", problem.GetProperty("errors").GetProperty("sites[1].domain")[0].GetString());
    }

    [Fact]
    public async Task A_null_site_is_422_not_500()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["sites"] = new JsonArray(new JsonObject { ["domain"] = "example-pirate.com" }, null);
        await AssertRejectedAsync(app, body, "sites[1]");
    }

    [Fact]
    public async Task A_null_engine_or_plaintiff_is_422_not_500()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["engines"] = new JsonArray("google", null);
        body["plaintiffs"] = new JsonArray(null, "apc");
        var problem = await AssertRejectedAsync(app, body, "engines[1]");
        Assert.True(problem.GetProperty("errors").TryGetProperty("plaintiffs[0]", out _), problem.ToString());
    }

    [Fact]
    public async Task A_duplicate_engine_is_422()
    {
        await using var app = new DelistingApp();
        var body = ValidRuling();
        body["engines"] = new JsonArray("google", "google");
        await AssertRejectedAsync(app, body, "engines");
    }

    [Fact]
    public async Task Rights_holders_and_engines_may_not_create_rulings()
    {
        await using var app = new DelistingApp();
        foreach (var client in new[] { await app.RightsHolderAsync("apc"), await app.LiaisonAsync("google") })
        {
            await (await client.PostAsync("/v1/rulings", HttpAssertions.JsonBody(ValidRuling().ToJsonString()))).AssertProblemAsync(403);
        }
        await (await app.Admin().GetAsync("/v1/rulings/tj-paris-2026-11-01-example")).AssertProblemAsync(404);
    }

    // ---- inForce ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task InForce_turns_false_once_the_clock_passes_inForceUntil_in_the_court_time_zone()
    {
        await using var app = new DelistingApp(now: new DateTimeOffset(2027, 11, 20, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(app, ValidRuling())).StatusCode);
        async Task<bool> InForce() => (await (await app.Admin().GetAsync("/v1/rulings/tj-paris-2026-11-01-example")).ReadJsonAsync())
            .GetProperty("inForce").GetBoolean();

        Assert.True(await InForce());
        // 2027-11-20 22:59Z is 23:59 in Paris: still the last day.
        app.Time.SetUtcNow(new DateTimeOffset(2027, 11, 20, 22, 59, 0, TimeSpan.Zero));
        Assert.True(await InForce());
        // 23:00Z is midnight in Paris: 21 November, no longer in force.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await InForce());
    }

    [Fact]
    public async Task A_ruling_served_in_the_future_is_not_in_force_yet()
    {
        await using var app = new DelistingApp(now: new DateTimeOffset(2026, 11, 3, 12, 0, 0, TimeSpan.Zero));
        var created = await (await PostAsync(app, ValidRuling())).ReadJsonAsync();
        Assert.False(created.GetProperty("inForce").GetBoolean());
        app.Time.Advance(TimeSpan.FromDays(2));
        var later = await (await app.Admin().GetAsync("/v1/rulings/tj-paris-2026-11-01-example")).ReadJsonAsync();
        Assert.True(later.GetProperty("inForce").GetBoolean());
    }

    [Fact]
    public async Task Without_servedOn_the_decision_date_starts_the_ruling()
    {
        await using var app = new DelistingApp(now: new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero));
        var body = ValidRuling();
        body["servedOn"] = null;
        var created = await (await PostAsync(app, body)).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, created.GetProperty("servedOn").ValueKind);
        Assert.False(created.GetProperty("inForce").GetBoolean());
        // 2026-10-31 23:00Z is midnight of 1 November in Paris, the decision date.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero));
        var decided = await (await app.Admin().GetAsync("/v1/rulings/tj-paris-2026-11-01-example")).ReadJsonAsync();
        Assert.True(decided.GetProperty("inForce").GetBoolean());
    }
}
