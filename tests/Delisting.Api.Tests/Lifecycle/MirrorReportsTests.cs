using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Lifecycle;

public sealed class MirrorReportsTests
{
    private const string Ruling = "test-ruling-in-force";

    private static object Report(string domain = "allostreaming.net", string mirrorOf = "allostreaming.com", string[]? evidence = null,
        string? note = "same catalogue") =>
        new { domain, mirrorOf, evidence = evidence ?? [$"https://{domain}/film/123"], note };

    private static Task<HttpResponseMessage> PostReportAsync(HttpClient client, object body) =>
        client.PostAsJsonAsync($"/v1/rulings/{Ruling}/mirror-reports", body);

    [Fact]
    public async Task A_plaintiff_reports_a_mirror_once_and_an_admin_dismisses_it_for_good()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");

        var response = await PostReportAsync(apc, Report(domain: "WWW.Allostreaming.NET.", evidence: ["https://www.allostreaming.net/film/1#x"]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.ReadJsonAsync();
        var id = report.Str("id");
        Assert.StartsWith("mir_", id);
        Assert.Equal($"/v1/rulings/{Ruling}/mirror-reports/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("www.allostreaming.net", "allostreaming.com", "apc", "reported"),
            (report.Str("domain"), report.Str("mirrorOf"), report.Str("organisation"), report.Str("status")));
        Assert.Equal(["https://www.allostreaming.net/film/1"], report.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("extensionId").ValueKind);
        Assert.Equal("2026-11-29T09:00:00Z", report.Str("createdAt"));

        // The same domain again, by another plaintiff, while the first awaits a decision.
        var fndf = await app.RightsHolderAsync("fndf");
        var duplicate = await (await PostReportAsync(fndf, Report(domain: "www.allostreaming.net"))).AssertProblemAsync(409);
        Assert.Equal(id, duplicate.Str("existingId"));

        var dismissed = await app.Admin().PostAsJsonAsync($"/v1/rulings/{Ruling}/mirror-reports/{id}/dismissal",
            new { reason = "A fan site, not a copy" });
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        var body = await dismissed.ReadJsonAsync();
        Assert.Equal(("dismissed", "A fan site, not a copy"), (body.Str("status"), body.Str("dismissalReason")));
        await (await app.Admin().PostAsJsonAsync($"/v1/rulings/{Ruling}/mirror-reports/{id}/dismissal",
            new { reason = "again" })).AssertProblemAsync(409);

        // Dismissed is final for that report; the domain may be reported anew.
        Assert.Equal(HttpStatusCode.Created, (await PostReportAsync(fndf, Report(domain: "www.allostreaming.net"))).StatusCode);
        var reported = await apc.GetJsonAsync($"/v1/rulings/{Ruling}/mirror-reports?status=reported");
        Assert.Single(reported.GetProperty("items").EnumerateArray());
        var all = await apc.GetJsonAsync($"/v1/rulings/{Ruling}/mirror-reports?limit=1");
        Assert.Equal(id, all.GetProperty("items")[0].Str("id"));
        Assert.NotEqual(JsonValueKind.Null, all.GetProperty("next").ValueKind);

        var history = await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/events");
        Assert.Equal(["mirror-reported", "mirror-dismissed", "mirror-reported"],
            history.GetProperty("items").EnumerateArray().Select(e => e.Str("type")));
        Assert.Equal("A fan site, not a copy", history.GetProperty("items")[1].Str("reason"));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { """{ "domain": "video.allostreaming.com", "mirrorOf": "allostreaming.com", "evidence": ["https://video.allostreaming.com/1"] }""",
            "domain" },
        { """{ "domain": "co.uk", "mirrorOf": "allostreaming.com", "evidence": ["https://co.uk/1"] }""", "domain" },
        { """{ "domain": "allostreaming.net", "mirrorOf": "unknown.example", "evidence": ["https://allostreaming.net/1"] }""", "mirrorOf" },
        { """{ "domain": "allostreaming.net", "evidence": ["https://allostreaming.net/1"] }""", "mirrorOf" },
        { """{ "domain": "allostreaming.net", "mirrorOf": "allostreaming.com", "evidence": ["https://other.example/1"] }""", "evidence[0]" },
        { """{ "domain": "allostreaming.net", "mirrorOf": "allostreaming.com", "evidence": [] }""", "evidence" },
        { """{ "domain": "allostreaming.net", "mirrorOf": "allostreaming.com", "evidence": ["ftp://allostreaming.net/1"] }""", "evidence[0]" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task An_invalid_report_is_a_422_at_the_field_and_stores_nothing(string json, string key)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var problem = await (await apc.PostAsync($"/v1/rulings/{Ruling}/mirror-reports", HttpAssertions.JsonBody(json))).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out _), problem.ToString());
        Assert.Empty((await apc.GetJsonAsync($"/v1/rulings/{Ruling}/mirror-reports")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Reports_are_for_plaintiffs_admins_and_bound_engines_only()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(engines: ["google", "bing"], plaintiffs: ["apc", "fndf"]);
        var created = await (await PostReportAsync(await app.RightsHolderAsync("apc"), Report())).ReadJsonAsync();
        var path = $"/v1/rulings/{Ruling}/mirror-reports";

        var sevn = await app.RightsHolderAsync("sevn");
        await (await PostReportAsync(sevn, Report(domain: "dpstream.net", mirrorOf: "dpstream.tv"))).AssertProblemAsync(403);
        await (await sevn.GetAsync(path)).AssertProblemAsync(403);
        await (await app.Admin().PostAsJsonAsync(path, Report(domain: "dpstream.net", mirrorOf: "dpstream.tv"))).AssertProblemAsync(403);
        await (await (await app.LiaisonAsync("orange")).GetAsync(path)).AssertProblemAsync(404);
        await (await (await app.LiaisonAsync("google")).PostAsJsonAsync(path, Report(domain: "dpstream.net",
            mirrorOf: "dpstream.tv"))).AssertProblemAsync(403);
        await (await (await app.RightsHolderAsync("apc")).PostAsJsonAsync($"{path}/{created.Str("id")}/dismissal",
            new { reason = "no" })).AssertProblemAsync(403);

        Assert.Single((await (await app.LiaisonAsync("google")).GetJsonAsync(path)).GetProperty("items").EnumerateArray());
        Assert.Single((await app.Admin().GetJsonAsync(path)).GetProperty("items").EnumerateArray());
        Assert.Equal("reported", (await app.Admin().GetJsonAsync($"{path}/{created.Str("id")}")).Str("status"));
    }

    [Fact]
    public async Task A_url_on_no_listed_site_is_refused_with_the_way_to_report_it()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var problem = await (await apc.PostRequestAsync(Ruling, "https://allostreaming.net/film/1")).AssertProblemAsync(422);
        var message = problem.GetProperty("errors").GetProperty("urls[0]")[0].GetString()!;
        Assert.Contains("'allostreaming.net'", message);
        Assert.Contains($"POST /v1/rulings/{Ruling}/mirror-reports", message);
    }
}

public sealed class RulingHistoryTests
{
    [Fact]
    public async Task An_admin_withdrawal_is_in_the_ruling_history_with_its_actor_and_reason_and_the_history_is_append_only()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        await apc.SubmitAsync("test-ruling-in-force", Scenario.Urls(2));
        await app.Admin().WithdrawUnderRulingOkAsync("test-ruling-in-force", "over-blocking found", Scenario.Urls(2));

        var history = (await apc.GetJsonAsync("/v1/rulings/test-ruling-in-force/events")).GetProperty("items").EnumerateArray().ToList();
        var withdrawn = Assert.Single(history);
        Assert.Equal(("withdrawn", "over-blocking found", "admin"),
            (withdrawn.Str("type"), withdrawn.Str("reason"), withdrawn.GetProperty("actor").Str("role")));

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE ruling_events SET reason = 'rewritten'";
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQueryAsync());
    }
}
