using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Lifecycle;

public sealed class ExtensionsTests
{
    private const string Ruling = "test-ruling-in-force"; // served 2026-11-22, in force until 2027-11-29, 15 days

    private static object Arcom(string domain = "allostreaming.net", string? mirrorOf = "allostreaming.com", string? inForceUntil = null,
        string[]? reports = null, string servedOn = "2026-11-21") => new
    {
        basis = "arcom-request", reference = "ARCOM 2026-0042", decidedOn = "2026-11-20", servedOn, complianceDays = 10, inForceUntil,
        sites = new[] { new { domain, network = "Allostreaming", mirrorOf } }, mirrorReports = reports ?? [],
    };

    private static Task<HttpResponseMessage> ExtendAsync(DelistingApp app, object body, string ruling = Ruling) =>
        app.Admin().PostAsJsonAsync($"/v1/rulings/{ruling}/extensions", body);

    [Fact]
    public async Task An_ARCOM_extension_includes_a_reported_mirror_and_its_urls_are_then_accepted_on_the_extension_clock()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var report = await (await apc.PostAsJsonAsync($"/v1/rulings/{Ruling}/mirror-reports",
            new { domain = "allostreaming.net", mirrorOf = "allostreaming.com",
                evidence = new[] { "https://allostreaming.net/film/1" } })).ReadJsonAsync();

        var response = await ExtendAsync(app, Arcom(reports: [report.Str("id")]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var extension = await response.ReadJsonAsync();
        var id = extension.Str("id");
        Assert.Equal($"/v1/rulings/{Ruling}/extensions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("arcom-request", "2027-11-29", 10), (extension.Str("basis"), extension.Str("inForceUntil"),
            extension.GetProperty("complianceDays").GetInt32()));
        Assert.Equal([report.Str("id")], extension.GetProperty("mirrorReports").EnumerateArray().Select(r => r.GetString()));

        var included = await apc.GetJsonAsync($"/v1/rulings/{Ruling}/mirror-reports/{report.Str("id")}");
        Assert.Equal(("included", id), (included.Str("status"), included.Str("extensionId")));
        var site = (await apc.GetJsonAsync($"/v1/rulings/{Ruling}")).GetProperty("sites").EnumerateArray().Single(s =>
            s.Str("domain") == "allostreaming.net");
        Assert.Equal((id, "allostreaming.com", "2026-11-21", "2027-11-29", "2026-11-21", 10),
            (site.Str("addedBy"), site.Str("mirrorOf"), site.Str("inForceFrom"), site.Str("inForceUntil"), site.Str("servedOn"),
                site.GetProperty("complianceDays").GetInt32()));
        Assert.Equal(id, (await apc.GetJsonAsync($"/v1/rulings/{Ruling}/extensions/{id}")).Str("id"));
        var extensions = await (await app.LiaisonAsync("google")).GetJsonAsync($"/v1/rulings/{Ruling}/extensions");
        Assert.Single(extensions.GetProperty("items").EnumerateArray());

        // Submitted today (2026-11-29): the extension's 10 days run to 2026-12-09, the original site's 15 to 2026-12-14 (Paris, UTC+1).
        var request = await apc.SubmitAsync(Ruling, "https://www.allostreaming.net/film/7", "https://www.allostreaming.com/film/7");
        var items = await apc.GetJsonAsync($"/v1/requests/{request.Str("id")}/items?engine=google");
        var deadlines = items.GetProperty("items").EnumerateArray().ToDictionary(i => i.Str("site"), i => i.Str("deadline"));
        Assert.Equal("2026-12-09T23:00:00Z", deadlines["allostreaming.net"]);
        Assert.Equal("2026-12-14T23:00:00Z", deadlines["allostreaming.com"]);
        Assert.Equal("2026-12-09T23:00:00Z", request.Str("deadline"));

        var history = await (await app.LiaisonAsync("bing")).GetJsonAsync($"/v1/rulings/{Ruling}/events");
        Assert.Equal(["mirror-reported", "extended"], history.GetProperty("items").EnumerateArray().Select(e => e.Str("type")));
        Assert.Equal(id, history.GetProperty("items")[1].Str("extensionId"));
    }

    public static TheoryData<string, string> ArcomRefusals => new()
    {
        { "beyond-cap", "inForceUntil" },
        { "no-mirror-of", "sites[0].mirrorOf" },
        { "mirror-of-unknown", "sites[0].mirrorOf" },
        { "covered", "sites[0].domain" },
        { "report-of-another-ruling", "mirrorReports[0]" },
        { "dismissed-report", "mirrorReports[0]" },
        { "report-of-another-domain", "mirrorReports[0]" },
    };

    [Theory]
    [MemberData(nameof(ArcomRefusals))]
    public async Task An_invalid_ARCOM_extension_is_a_422_at_the_field_and_stores_nothing(string @case, string key)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        await app.CreateRulingInForceAsync("other-ruling");
        var apc = await app.RightsHolderAsync("apc");
        async Task<string> ReportAsync(string ruling, string domain) => (await (await apc.PostAsJsonAsync($"/v1/rulings/{ruling}/mirror-reports",
            new { domain, mirrorOf = "allostreaming.com", evidence = new[] { $"https://{domain}/1" } })).ReadJsonAsync()).Str("id");
        var own = await ReportAsync(Ruling, "allostreaming.net");
        object body = @case switch
        {
            "beyond-cap" => Arcom(inForceUntil: "2027-11-30"),
            "no-mirror-of" => Arcom(mirrorOf: null),
            "mirror-of-unknown" => Arcom(mirrorOf: "unknown.example"),
            "covered" => Arcom(domain: "www.dpstream.tv"),
            "report-of-another-ruling" => Arcom(reports: [await ReportAsync("other-ruling", "allostreaming.net")]),
            "dismissed-report" => Arcom(reports: [await DismissAsync(app, own)]),
            _ => Arcom(reports: [await ReportAsync(Ruling, "allostreaming.org")]),
        };
        var before = await app.Admin().GetStringAsync($"/v1/rulings/{Ruling}");
        var reportsBefore = await app.Admin().GetStringAsync($"/v1/rulings/{Ruling}/mirror-reports");

        var problem = await (await ExtendAsync(app, body)).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out _), problem.ToString());
        Assert.Equal(before, await app.Admin().GetStringAsync($"/v1/rulings/{Ruling}"));
        Assert.Equal(reportsBefore, await app.Admin().GetStringAsync($"/v1/rulings/{Ruling}/mirror-reports"));
        Assert.Empty((await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/extensions")).GetProperty("items").EnumerateArray());
    }

    private static async Task<string> DismissAsync(DelistingApp app, string reportId)
    {
        var response = await app.Admin().PostAsJsonAsync($"/v1/rulings/{Ruling}/mirror-reports/{reportId}/dismissal", new { reason = "not a copy" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return reportId;
    }

    [Fact]
    public async Task A_court_decision_outlasting_the_ruling_keeps_its_sites_in_force_after_the_original_ones_lapse()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var apc = await app.RightsHolderAsync("apc");
        var court = new
        {
            basis = "court-decision", reference = "RG 26/00777", decidedOn = "2026-11-25", servedOn = (string?)null, inForceUntil = "2028-06-30",
            sites = new[] { new { domain = "fifostream.tv", network = "Fifostream", mirrorOf = (string?)null } },
        };
        Assert.Equal(HttpStatusCode.Created, (await ExtendAsync(app, court)).StatusCode);
        var early = await apc.SubmitAsync(Ruling, "https://www.allostreaming.com/film/1");

        app.Time.SetUtcNow(new DateTimeOffset(2028, 1, 15, 9, 0, 0, TimeSpan.Zero));
        var refused = await (await apc.PostRequestAsync(Ruling, "https://www.allostreaming.com/film/2",
            "https://fifostream.tv/film/2")).AssertProblemAsync(422);
        var message = refused.GetProperty("errors").GetProperty("urls[0]")[0].GetString()!;
        Assert.Contains("'allostreaming.com'", message);
        Assert.Contains("2026-11-22", message);
        Assert.Contains("2027-11-29", message);
        Assert.False(refused.GetProperty("errors").TryGetProperty("urls[1]", out _));

        Assert.Equal(HttpStatusCode.Created, (await apc.PostRequestAsync(Ruling, "https://fifostream.tv/film/2")).StatusCode);
        Assert.True((await apc.GetJsonAsync($"/v1/rulings/{Ruling}")).GetProperty("inForce").GetBoolean());
        var old = await apc.GetJsonAsync($"/v1/requests/{early.Str("id")}");
        Assert.Equal(("closed", 1L, 0L), (old.Str("state"), old.GetProperty("summary").GetProperty("google").GetProperty("lapsed").GetInt64(),
            old.GetProperty("summary").GetProperty("google").GetProperty("overdue").GetInt64()));

        // An ARCOM request can no longer extend it: the ruling's own window is over.
        var arcom = await (await ExtendAsync(app, Arcom(domain: "allostreaming.org", inForceUntil: "2027-11-29"))).AssertProblemAsync(422);
        Assert.True(arcom.GetProperty("errors").TryGetProperty("basis", out _));
    }

    [Fact]
    public async Task An_extension_site_whose_window_has_not_opened_refuses_urls_naming_its_dates()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        Assert.Equal(HttpStatusCode.Created, (await ExtendAsync(app, Arcom(servedOn: "2026-12-05"))).StatusCode);
        var apc = await app.RightsHolderAsync("apc");
        var problem = await (await apc.PostRequestAsync(Ruling, "https://allostreaming.net/film/1")).AssertProblemAsync(422);
        var message = problem.GetProperty("errors").GetProperty("urls[0]")[0].GetString()!;
        Assert.Contains("2026-12-05", message);
        Assert.Contains("not open yet", message);

        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.Created, (await apc.PostRequestAsync(Ruling, "https://allostreaming.net/film/1")).StatusCode);
    }

    [Fact]
    public async Task A_url_on_an_extension_site_gets_the_extension_deadline_across_the_spring_clock_change()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        app.Time.SetUtcNow(new DateTimeOffset(2027, 3, 20, 9, 0, 0, TimeSpan.Zero));
        var body = new
        {
            basis = "arcom-request", reference = "ARCOM 2027-0003", decidedOn = "2027-03-18", servedOn = "2027-03-19", complianceDays = 10,
            sites = new[] { new { domain = "allostreaming.net", network = "Allostreaming", mirrorOf = "allostreaming.com" } },
        };
        Assert.Equal(HttpStatusCode.Created, (await ExtendAsync(app, body)).StatusCode);
        var apc = await app.RightsHolderAsync("apc");
        var request = await apc.SubmitAsync(Ruling, "https://allostreaming.net/a", "https://allostreaming.com/a");
        var items = (await apc.GetJsonAsync($"/v1/requests/{request.Str("id")}/items?engine=bing")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.Str("site"));
        // 2027-03-20 + 10 = 2027-03-30, ending at midnight Paris summer time (UTC+2); the original site: 2027-04-04.
        Assert.Equal("2027-03-30T22:00:00Z", items["allostreaming.net"].Str("deadline"));
        Assert.Equal("2027-04-04T22:00:00Z", items["allostreaming.com"].Str("deadline"));
        Assert.Equal("2027-11-29T23:00:00Z", items["allostreaming.net"].Str("obligationEndsAt"));
    }
}

public sealed class ExtensionDatesTests
{
    [Theory]
    [InlineData("decidedOn", "9999-12-31")]
    [InlineData("servedOn", "0001-01-01")]
    [InlineData("inForceUntil", "2101-01-01")]
    public async Task An_implausible_date_is_a_422_at_its_field(string field, string date)
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync();
        var body = new Dictionary<string, object?>
        {
            ["basis"] = "court-decision", ["reference"] = "RG 1", ["decidedOn"] = "2026-11-20", ["servedOn"] = null, ["inForceUntil"] = "2027-06-30",
            ["sites"] = new[] { new { domain = "fifostream.tv" } },
        };
        body[field] = date;
        var problem = await (await app.Admin().PostAsJsonAsync("/v1/rulings/test-ruling-in-force/extensions", body)).AssertProblemAsync(422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
