using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Http;

/// <summary>Strict JSON, content types, control characters, body sizes, plausible dates and cursors.</summary>
public sealed class StrictInputTests
{
    private const string RulingId = "strict-ruling";

    private static async Task<(DelistingApp App, HttpClient Apc)> SetUpAsync()
    {
        var app = new DelistingApp();
        await app.CreateRulingInForceAsync(RulingId);
        return (app, await app.RightsHolderAsync("apc"));
    }

    private static async Task<string> RequestsOfAsync(HttpClient client) => (await client.GetJsonAsync("/v1/requests?limit=1000")).GetRawText();

    [Theory]
    [InlineData("""{ "rulingId": "strict-ruling", "rulingId": "other", "urls": ["https://www.allostreaming.com/1"] }""", "rulingId")]
    [InlineData("""{ "rulingId": "strict-ruling", "urls": ["https://evil.example/x"], "urls": ["https://www.allostreaming.com/1"] }""", "urls")]
    public async Task A_property_given_twice_is_400_naming_it_and_nothing_is_stored(string body, string property)
    {
        var (app, apc) = await SetUpAsync();
        await using var owned = app;
        var before = await RequestsOfAsync(apc);
        var problem = await (await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody(body))).AssertProblemAsync(400);
        Assert.Contains($"'{property}'", problem.Str("detail"));
        Assert.Equal(before, await RequestsOfAsync(apc));
    }

    [Fact]
    public async Task A_duplicate_inside_an_array_element_is_400_too()
    {
        await using var app = new DelistingApp();
        var google = await app.LiaisonAsync();
        var problem = await (await google.PostAsync("/v1/engines/google/responses", HttpAssertions.JsonBody(
            """{ "responses": [ { "itemId": "itm_x", "status": "delisted", "status": "rejected" } ] }"""))).AssertProblemAsync(400);
        Assert.Contains("'status'", problem.Str("detail"));
        Assert.Contains("responses[0].status", problem.Str("detail"));
    }

    [Theory]
    [InlineData("""{ "rulingId": "strict-ruling", "urls": ["https://www.allostreaming.com/1"], "priority": "high" }""", "priority")]
    [InlineData("""{ "RulingId": "strict-ruling", "urls": ["https://www.allostreaming.com/1"] }""", "RulingId")]
    [InlineData("""{ "rulingId": "strict-ruling", "URLS": ["https://www.allostreaming.com/1"] }""", "URLS")]
    public async Task An_unknown_property_is_422_at_its_path_and_nothing_is_stored(string body, string path)
    {
        var (app, apc) = await SetUpAsync();
        await using var owned = app;
        var before = await RequestsOfAsync(apc);
        var problem = await (await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody(body))).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.GetRawText());
        Assert.Equal(before, await RequestsOfAsync(apc));
    }

    [Fact]
    public async Task An_unknown_nested_property_is_422_at_its_json_path()
    {
        await using var app = new DelistingApp();
        var problem = await (await app.Admin().PostAsync("/v1/rulings", HttpAssertions.JsonBody("""
            { "id": "nested-unknown", "court": "C", "caseReference": "R", "decidedOn": "2026-11-01", "timeZone": "Europe/Paris",
              "complianceDays": 15, "inForceUntil": "2027-11-01", "plaintiffs": ["apc"], "engines": ["google"],
              "sites": [ { "domain": "example-pirate.com", "domian": "typo.com" } ] }
            """))).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sites[0].domian", out _), problem.GetRawText());
        await (await app.Admin().GetAsync("/v1/rulings/nested-unknown")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/vnd.delisting+json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; boundary=x")]
    public async Task A_body_that_is_not_application_json_is_415(string contentType)
    {
        var (app, apc) = await SetUpAsync();
        await using var owned = app;
        var content = new StringContent("""{ "rulingId": "strict-ruling", "urls": ["https://www.allostreaming.com/1"] }""");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var problem = await (await apc.PostAsync("/v1/requests", content)).AssertProblemAsync(415);
        Assert.Contains("application/json", problem.Str("detail"));
        Assert.Equal("""{"items":[],"next":null}""", await RequestsOfAsync(apc));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=\"UTF-8\"")]
    public async Task Application_json_with_or_without_utf8_is_accepted(string contentType)
    {
        var (app, apc) = await SetUpAsync();
        await using var owned = app;
        var content = new StringContent("""{ "rulingId": "strict-ruling", "urls": ["https://www.allostreaming.com/1"] }""");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        Assert.Equal(HttpStatusCode.Created, (await apc.PostAsync("/v1/requests", content)).StatusCode);
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_415()
    {
        await using var app = new DelistingApp();
        var content = new ByteArrayContent("""{ "id": "no-type", "name": "No type" }"""u8.ToArray());
        await (await app.Admin().PostAsync("/v1/organisations", content)).AssertProblemAsync(415);
        await (await app.Admin().GetAsync("/v1/organisations/no-type")).AssertProblemAsync(404);
    }

    public static TheoryData<string> ForbiddenCharacters => new()
    {
        "\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B", "\u202E", "\u202A", "\u2066", "\u2069", "\u200F", "\u061C",
        // invisible: zero-width space and joiner, byte order mark, soft hyphen, tag letter A, line and paragraph separators
        "\u200B", "\u200D", "\uFEFF", "\u00AD", "\U000E0041", "\u2028", "\u2029",
        // private-use (BMP and plane 16), unassigned, noncharacters
        "\uE000", "\U0010FFFD", "\u0378", "\uFFFF", "\uFDD0", "\U0001FFFE",
    };

    [Theory]
    [MemberData(nameof(ForbiddenCharacters))]
    public async Task A_control_bidi_or_invisible_character_in_a_client_reference_is_422_at_the_field_naming_its_position(string character)
    {
        var (app, apc) = await SetUpAsync();
        await using var owned = app;
        var body = JsonSerializer.Serialize(new { rulingId = RulingId, clientReference = $"ref{character}gpj.exe",
            urls = new[] { "https://www.allostreaming.com/1" } });
        var problem = await (await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody(body))).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("clientReference", out var messages), problem.GetRawText());
        Assert.Contains($"U+{char.ConvertToUtf32(character, 0):X4}", messages[0].GetString());
        Assert.Contains("at position 3", messages[0].GetString());
        Assert.Equal("""{"items":[],"next":null}""", await RequestsOfAsync(apc));
    }

    [Fact]
    public async Task Visible_text_in_any_script_is_kept()
    {
        var (app, apc) = await SetUpAsync();
        await using var owned = app;
        const string reference = "Réf. 日本 — «été» 🎬 עברית";
        var body = JsonSerializer.Serialize(
            new { rulingId = RulingId, clientReference = reference, urls = new[] { "https://www.allostreaming.com/1" } });
        var response = await apc.PostAsync("/v1/requests", HttpAssertions.JsonBody(body));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(reference, (await response.ReadJsonAsync()).Str("clientReference"));
    }

    [Theory]
    [InlineData("/v1/organisations", """{ "id": "ctl-org", "name": "Evil\u202Egro" }""", "name")]
    [InlineData("/v1/organisations", """{ "id": "ctl-org", "name": "Evil\u200Borg" }""", "name")]
    [InlineData("/v1/api-keys", """{ "role": "engine", "engine": "google", "label": "a\uDB40\uDC41b" }""", "label")]
    [InlineData("/v1/api-keys", """{ "role": "engine", "engine": "google", "label": "a\u0000b" }""", "label")]
    [InlineData("/v1/rulings", """
        { "id": "ctl-ruling", "court": "Tribunal\tjudiciaire", "caseReference": "RG\u001b[31m", "note": "line one\nline two \u2067x",
          "decidedOn": "2026-11-01", "timeZone": "Europe/Paris", "complianceDays": 15, "inForceUntil": "2027-11-01",
          "plaintiffs": ["apc"], "engines": ["google"], "sites": [ { "domain": "ctl-pirate.com", "network": "Net\u0085work" } ] }
        """, "court,caseReference,note,sites[0].network")]
    public async Task Control_characters_in_admin_free_text_are_422_at_each_field_and_nothing_is_stored(string path, string body, string fields)
    {
        await using var app = new DelistingApp();
        var admin = app.Admin();
        var before = (await admin.GetJsonAsync(path + (path == "/v1/organisations" ? "" : "?limit=1000"))).GetRawText();
        var problem = await (await admin.PostAsync(path, HttpAssertions.JsonBody(body))).AssertProblemAsync(422);
        var errors = problem.GetProperty("errors");
        foreach (var field in fields.Split(',')) Assert.True(errors.TryGetProperty(field, out _), $"{field} missing in {errors}");
        Assert.Equal(fields.Split(',').Length, errors.EnumerateObject().Count());
        Assert.Equal(before, (await admin.GetJsonAsync(path + (path == "/v1/organisations" ? "" : "?limit=1000"))).GetRawText());
    }

    [Fact]
    public async Task Control_characters_in_engine_responses_are_422_and_the_item_does_not_move()
    {
        var (app, apc) = await SetUpAsync();
        await using var owned = app;
        var request = await apc.SubmitAsync(RulingId, "https://www.allostreaming.com/film/1");
        var itemId = (await app.ItemIdsAsync(request, "google"))[0];
        var google = await app.LiaisonAsync();
        var problem = await (await google.RespondAsync("google",
            new { itemId, status = "rejected", reasonCode = "other", reason = "not\u202Efound",
                engineReference = "G\u0000-1" })).AssertProblemAsync(422);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("responses[0].reason", out _), errors.GetRawText());
        Assert.True(errors.TryGetProperty("responses[0].engineReference", out _), errors.GetRawText());
        Assert.Equal("pending", (await app.ItemAsync("google", itemId)).Str("status"));
        // Line breaks in a reason are fine.
        await google.RespondOkAsync("google", new { itemId, status = "rejected", reasonCode = "not-in-index",
            reason = "Not in our index.\nChecked twice." });
    }

    [Theory]
    [InlineData("decidedOn", "0001-01-01")]
    [InlineData("decidedOn", "1989-12-31")]
    [InlineData("inForceUntil", "9999-12-31")]
    [InlineData("inForceUntil", "2101-01-01")]
    [InlineData("servedOn", "2200-01-01")]
    public async Task An_implausible_ruling_date_is_422_at_the_field(string field, string date)
    {
        await using var app = new DelistingApp();
        var body = RulingBody("implausible", new() { [field] = date });
        var problem = await (await app.Admin().PostAsync("/v1/rulings", HttpAssertions.JsonBody(body))).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.GetRawText());
        Assert.Contains("1990-01-01", messages[0].GetString());
        await (await app.Admin().GetAsync("/v1/rulings/implausible")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_bounds_themselves_are_plausible()
    {
        await using var app = new DelistingApp();
        var body = RulingBody("bounds", new() { ["decidedOn"] = "1990-01-01", ["servedOn"] = "1990-01-02", ["inForceUntil"] = "2100-12-31" });
        Assert.Equal(HttpStatusCode.Created, (await app.Admin().PostAsync("/v1/rulings", HttpAssertions.JsonBody(body))).StatusCode);
    }

    private static string RulingBody(string id, Dictionary<string, string> dates)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = id, ["court"] = "Tribunal judiciaire de Paris", ["caseReference"] = "RG 1", ["decidedOn"] = "2026-11-01",
            ["servedOn"] = null, ["timeZone"] = "Europe/Paris", ["complianceDays"] = 15, ["inForceUntil"] = "2027-11-01",
            ["plaintiffs"] = new[] { "apc" }, ["engines"] = new[] { "google" }, ["sites"] = new[] { new { domain = $"{id}-pirate.com",
                network = "N" } },
        };
        foreach (var (key, value) in dates) body[key] = value;
        return JsonSerializer.Serialize(body);
    }

    [Theory]
    [InlineData("/v1/rulings")]
    [InlineData("/v1/requests")]
    [InlineData("/v1/requests/{request}/items")]
    [InlineData("/v1/requests/{request}/events")]
    [InlineData("/v1/engines/google/items")]
    [InlineData("/v1/api-keys")]
    public async Task Every_list_refuses_a_cursor_it_did_not_return_with_400(string path)
    {
        var (app, apc) = await SetUpAsync();
        await using var owned = app;
        var request = await apc.SubmitAsync(RulingId, "https://www.allostreaming.com/film/1");
        path = path.Replace("{request}", request.Str("id"));
        // Not base64; base64 of something no page returns (a path, a SQL fragment, an empty string, a huge number).
        // (On /v1/rulings a cursor is a ruling id, and digits are a possible one.)
        var numbers = path == "/v1/rulings" ? [] : new[] { "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5" };
        foreach (var after in new[] { "!!!", "Li4vZXRjL3Bhc3N3ZA", "JyBPUiAxPTEgLS0", "" }.Concat(numbers))
        {
            var response = await app.Admin().GetAsync($"{path}?after={after}");
            var problem = await response.AssertProblemAsync(400);
            Assert.Contains("cursor", problem.Str("detail"));
        }
    }

    [Fact]
    public async Task The_rulings_cursor_still_pages()
    {
        var (app, _) = await SetUpAsync();
        await using var owned = app;
        var first = await app.Admin().GetJsonAsync("/v1/rulings?limit=1");
        var next = first.GetProperty("next").GetString()!;
        var second = await app.Admin().GetJsonAsync($"/v1/rulings?limit=1&after={next}");
        Assert.NotEqual(first.GetProperty("items")[0].Str("id"), second.GetProperty("items")[0].Str("id"));
    }

    /// <summary>A chunked body (on Kestrel, over a real socket) is measured by its own bytes, not its framing.</summary>
    [Fact]
    public async Task A_chunked_body_is_held_to_the_limit_by_its_bytes()
    {
        await using var app = new DelistingApp();
        app.UseKestrel(0);
        app.StartServer();
        // The default test client buffers request bodies (to replay them on redirects), which gives them a length.
        var admin = app.CreateDefaultClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", DelistingApp.AdminKey);
        const int limit = 1024 * 1024;
        var json = """{ "id": "chunked-org", "name": "Chunked" }""";
        var atLimit = json + new string(' ', limit - json.Length);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/organisations") { Content = Unsized(atLimit) };
        var response = await admin.SendAsync(message);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var overLimit = """{ "id": "chunked-org-2", "name": "Chunked" }""";
        overLimit += new string(' ', limit + 1 - overLimit.Length);
        var problem = await (await admin.PostAsync("/v1/organisations", Unsized(overLimit))).AssertProblemAsync(413);
        Assert.Contains($"{limit} bytes at most", problem.Str("detail"));
        await (await admin.GetAsync("/v1/organisations/chunked-org-2")).AssertProblemAsync(404);
    }

    private static HttpContent Unsized(string text)
    {
        var content = new StreamContent(new UnsizedStream(Encoding.UTF8.GetBytes(text)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return content;
    }

    /// <summary>A stream that cannot tell its length, so the client sends no Content-Length.</summary>
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
