using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Rulings;

/// <summary>Urgent orders (contract v1.2): a response time instead of compliance days, and exact deadlines.</summary>
public sealed class UrgentOrdersTests
{
    private static JsonObject Ruling(string? responseTime, int? complianceDays = null) => new()
    {
        ["id"] = "tj-paris-urgent",
        ["court"] = "Tribunal judiciaire de Paris",
        ["caseReference"] = "RG 26/77777",
        ["decidedOn"] = "2026-11-01",
        ["timeZone"] = "Europe/Paris",
        ["complianceDays"] = complianceDays,
        ["responseTime"] = responseTime,
        ["inForceUntil"] = "2027-06-30",
        ["plaintiffs"] = new JsonArray("apc"),
        ["engines"] = new JsonArray("google"),
        ["sites"] = new JsonArray(new JsonObject { ["domain"] = "live-foot.example" }),
    };

    private static Task<HttpResponseMessage> PostAsync(DelistingApp app, JsonNode body) =>
        app.Admin().PostAsync("/v1/rulings", HttpAssertions.JsonBody(body.ToJsonString()));

    [Theory]
    [InlineData("P1Y", "years or months")]
    [InlineData("P2M", "years or months")]
    [InlineData("P1YT1H", "years or months")]
    [InlineData("-PT1H", "negative")]
    [InlineData("PT1.5S", "fractions of a second")]
    [InlineData("PT0,5H", "fractions of a second")]
    [InlineData("PT4M59S", "out of range")]
    [InlineData("P30DT1S", "out of range")]
    [InlineData("PT0S", "out of range")]
    [InlineData("1 hour", "not an ISO 8601 duration")]
    [InlineData("PT", "not an ISO 8601 duration")]
    [InlineData("P", "not an ISO 8601 duration")]
    [InlineData("pt1h", "not an ISO 8601 duration")]
    [InlineData("PT1H ", "PT5M to P30D")]
    [InlineData("", "PT5M to P30D")]
    [InlineData("P99999999999999999999D", "PT5M to P30D")]
    [InlineData("P1W2D", "weeks are written alone")]
    [InlineData("P5W", "out of range")]
    public async Task A_response_time_that_is_not_a_duration_from_five_minutes_to_thirty_days_is_422_at_the_field(string given, string says)
    {
        await using var app = new DelistingApp();
        var problem = await (await PostAsync(app, Ruling(given))).AssertProblemAsync(422);
        var message = problem.GetProperty("errors").GetProperty("responseTime")[0].GetString()!;
        Assert.Contains(says, message);
        Assert.Contains("PT5M to P30D", message);
        await (await app.Admin().GetAsync("/v1/rulings/tj-paris-urgent")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Both_clocks_are_422_at_responseTime_and_neither_is_422_at_complianceDays()
    {
        await using var app = new DelistingApp();
        var both = await (await PostAsync(app, Ruling("PT1H", 15))).AssertProblemAsync(422);
        Assert.Contains("not both", both.GetProperty("errors").GetProperty("responseTime")[0].GetString());
        Assert.False(both.GetProperty("errors").TryGetProperty("complianceDays", out _));
        var neither = await (await PostAsync(app, Ruling(null))).AssertProblemAsync(422);
        Assert.Contains("responseTime", neither.GetProperty("errors").GetProperty("complianceDays")[0].GetString());
        await (await app.Admin().GetAsync("/v1/rulings/tj-paris-urgent")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("PT1H", "PT1H")]
    [InlineData("PT90M", "PT1H30M")]
    [InlineData("P1DT12H", "P1DT12H")]
    [InlineData("PT5M", "PT5M")]
    [InlineData("P30D", "P30D")]
    [InlineData("P2W", "P14D")]
    public async Task An_urgent_ruling_reads_with_its_response_time_and_no_compliance_days_on_itself_and_its_sites(string given, string shown)
    {
        await using var app = new DelistingApp();
        var created = await (await PostAsync(app, Ruling(given))).ReadJsonAsync();
        var read = await app.Admin().GetJsonAsync("/v1/rulings/tj-paris-urgent");
        foreach (var ruling in new[] { created, read })
        {
            Assert.Equal(shown, ruling.Str("responseTime"));
            Assert.Equal(JsonValueKind.Null, ruling.GetProperty("complianceDays").ValueKind);
            var site = Assert.Single(ruling.GetProperty("sites").EnumerateArray());
            Assert.Equal((shown, JsonValueKind.Null), (site.Str("responseTime"), site.GetProperty("complianceDays").ValueKind));
        }
        var dayBased = await app.Admin().GetJsonAsync("/v1/rulings/tgi-paris-2013-11-28-allostreaming");
        Assert.Equal((15, JsonValueKind.Null), (dayBased.GetProperty("complianceDays").GetInt32(), dayBased.GetProperty("responseTime").ValueKind));
    }

    [Fact]
    public async Task An_extension_takes_its_own_clock_or_inherits_the_rulings_and_refuses_both()
    {
        await using var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(responseTime: "PT2H");
        object Extension(string domain, int? days, string? responseTime) => new
        {
            basis = "court-decision", reference = "RG 26/00042", decidedOn = "2026-11-28", inForceUntil = "2027-06-30",
            complianceDays = days, responseTime, sites = new[] { new { domain } },
        };
        async Task<JsonElement> ExtendAsync(object body, HttpStatusCode expected)
        {
            var response = await app.Admin().PostAsJsonAsync($"/v1/rulings/{ruling}/extensions", body);
            Assert.Equal(expected, response.StatusCode);
            return await response.ReadJsonAsync();
        }

        var inherited = await ExtendAsync(Extension("mirror-one.example", null, null), HttpStatusCode.Created);
        Assert.Equal(("PT2H", JsonValueKind.Null), (inherited.Str("responseTime"), inherited.GetProperty("complianceDays").ValueKind));
        var days = await ExtendAsync(Extension("mirror-two.example", 3, null), HttpStatusCode.Created);
        Assert.Equal((3, JsonValueKind.Null), (days.GetProperty("complianceDays").GetInt32(), days.GetProperty("responseTime").ValueKind));
        var urgent = await ExtendAsync(Extension("mirror-three.example", null, "PT30M"), HttpStatusCode.Created);
        Assert.Equal("PT30M", urgent.GetProperty("sites")[0].Str("responseTime"));
        var both = await ExtendAsync(Extension("mirror-four.example", 3, "PT30M"), (HttpStatusCode)422);
        Assert.True(both.GetProperty("errors").TryGetProperty("responseTime", out _), both.ToString());
        var months = await ExtendAsync(Extension("mirror-four.example", null, "P1M"), (HttpStatusCode)422);
        Assert.Contains("ambiguous", months.GetProperty("errors").GetProperty("responseTime")[0].GetString());

        var stored = await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}/extensions/{urgent.Str("id")}");
        Assert.Equal(("PT30M", JsonValueKind.Null), (stored.Str("responseTime"), stored.GetProperty("complianceDays").ValueKind));
        var sites = (await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}")).GetProperty("sites").EnumerateArray()
            .ToDictionary(s => s.Str("domain"), s => s.GetProperty("responseTime").GetString());
        Assert.Equal(("PT2H", null, "PT30M"), (sites["mirror-one.example"], sites["mirror-two.example"], sites["mirror-three.example"]));
    }

    [Fact]
    public async Task An_urgent_deadline_is_exact_across_the_spring_change_and_the_item_is_overdue_from_that_second()
    {
        // 2027-03-28, Paris: 02:00 CET jumps to 03:00 CEST. Submitted at 01:30 CET (00:30Z), PT1H later is 01:30Z (03:30 CEST):
        // adding an hour to the local time would land on 02:30, a time that does not exist that night.
        var submitted = new DateTimeOffset(2027, 3, 28, 0, 30, 0, TimeSpan.Zero);
        await using var app = new DelistingApp(now: submitted);
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"], responseTime: "PT1H");
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(2));
        Assert.Equal("2027-03-28T01:30:00Z", request.Str("deadline"));

        var google = await app.LiaisonAsync("google");
        app.Time.SetUtcNow(submitted.AddMinutes(60).AddSeconds(-1));
        Assert.All(await google.QueueAsync("google"), i => Assert.False(i.GetProperty("overdue").GetBoolean()));
        app.Time.SetUtcNow(submitted.AddMinutes(60));
        var queue = await google.QueueAsync("google");
        Assert.Equal(2, queue.Count);
        Assert.All(queue, i => Assert.Equal(("2027-03-28T01:30:00Z", true), (i.Str("deadline"), i.GetProperty("overdue").GetBoolean())));
    }

    [Fact]
    public async Task An_urgent_deadline_keeps_the_submissions_seconds()
    {
        var submitted = new DateTimeOffset(2026, 11, 29, 18, 47, 13, 250, TimeSpan.Zero);
        await using var app = new DelistingApp(now: submitted);
        var ruling = await app.CreateRulingInForceAsync(engines: ["google"], responseTime: "PT30M");
        var request = await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(1));
        Assert.Equal(submitted.AddMinutes(30), DateTimeOffset.Parse(request.Str("deadline")));
    }

    [Fact]
    public async Task Compliance_shows_the_median_minutes_to_delist_with_one_decimal()
    {
        var submitted = new DateTimeOffset(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);
        await using var app = new DelistingApp(now: submitted);
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"], responseTime: "PT30M");
        var ids = await app.ItemIdsAsync(await (await app.RightsHolderAsync()).SubmitAsync(ruling, Urls(3)), "google");
        var google = await app.LiaisonAsync("google");
        foreach (var (id, after) in ids.Zip(new[] { TimeSpan.Parse("00:07:20"), TimeSpan.Parse("00:12:05"), TimeSpan.Parse("00:45:00") }))
        {
            app.Time.SetUtcNow(submitted + after);
            await google.RespondOkAsync("google", Delist(id));
        }

        var engines = (await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}/compliance")).GetProperty("engines");
        Assert.Equal(12.1, engines.GetProperty("google").GetProperty("medianMinutesToDelist").GetDouble());
        Assert.Equal(0.2, engines.GetProperty("google").GetProperty("medianHoursToDelist").GetDouble());
        Assert.Equal((2, 1), (engines.GetProperty("google").GetProperty("delistedOnTime").GetInt32(),
            engines.GetProperty("google").GetProperty("delistedLate").GetInt32()));
        Assert.Equal(JsonValueKind.Null, engines.GetProperty("bing").GetProperty("medianMinutesToDelist").ValueKind);
    }
}
