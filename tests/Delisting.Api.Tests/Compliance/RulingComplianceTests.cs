using System.Net;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Compliance;

public sealed class RulingComplianceTests
{
    private const string Ruling = "compliance-ruling";
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private sealed record Figures(long Total, long Pending, long Acknowledged, long Delisted, long Rejected, long Overdue,
        long DelistedOnTime, long DelistedLate, double? MedianHoursToDelist);

    private static Figures Read(JsonElement compliance, string engine)
    {
        var e = compliance.GetProperty("engines").GetProperty(engine);
        var median = e.GetProperty("medianHoursToDelist");
        return new Figures(e.GetProperty("total").GetInt64(), e.GetProperty("pending").GetInt64(), e.GetProperty("acknowledged").GetInt64(),
            e.GetProperty("delisted").GetInt64(), e.GetProperty("rejected").GetInt64(), e.GetProperty("overdue").GetInt64(),
            e.GetProperty("delistedOnTime").GetInt64(), e.GetProperty("delistedLate").GetInt64(),
            median.ValueKind == JsonValueKind.Null ? null : median.GetDouble());
    }

    /// <summary>
    /// apc asks for URLs 1-3 at 09:00; fndf asks for 2-4 two hours later (2 and 3 are already noticed, so only 4
    /// is new). Google delists 1 after 10 hours, rejects 3, delists 2 and 4 at 09:00 the next day (24 and 22 hours);
    /// Bing acknowledges 1 then and delists 2 six hours later (30 hours).
    /// </summary>
    private static async Task<(DelistingApp App, HttpClient Apc, HttpClient Fndf, HttpClient Google, HttpClient Bing)> TwoPlaintiffsTwoEnginesAsync()
    {
        var app = new DelistingApp(now: Start);
        await app.CreateRulingInForceAsync(Ruling, engines: ["google", "bing"], plaintiffs: ["apc", "fndf"]);
        var apc = await app.RightsHolderAsync("apc");
        var fndf = await app.RightsHolderAsync("fndf");
        var google = await app.LiaisonAsync("google");
        var bing = await app.LiaisonAsync("bing");

        var first = await apc.SubmitAsync(Ruling, Urls(3, from: 1));
        app.Time.Advance(TimeSpan.FromHours(2));
        var second = await fndf.SubmitAsync(Ruling, Urls(3, from: 2));
        Assert.Equal([true, true, false], second.GetProperty("urls").EnumerateArray().Select(u => u.GetProperty("alreadyRequested").GetBoolean()));

        var g = (await app.ItemIdsAsync(first, "google")).Append((await app.ItemIdsAsync(second, "google"))[2]).ToList();
        var b = (await app.ItemIdsAsync(first, "bing")).Append((await app.ItemIdsAsync(second, "bing"))[2]).ToList();
        app.Time.SetUtcNow(Start.AddHours(10));
        await google.RespondOkAsync("google", Delist(g[0]), Reject(g[2]));
        app.Time.SetUtcNow(Start.AddHours(24));
        await google.RespondOkAsync("google", Delist(g[1]), Delist(g[3]));
        await bing.RespondOkAsync("bing", Acknowledge(b[0]));
        app.Time.SetUtcNow(Start.AddHours(30));
        await bing.RespondOkAsync("bing", Delist(b[1]));
        return (app, apc, fndf, google, bing);
    }

    [Fact]
    public async Task Compliance_counts_each_notice_once_per_engine_with_on_time_delistings_and_the_median()
    {
        var (app, _, _, _, _) = await TwoPlaintiffsTwoEnginesAsync();
        await using var owned = app;

        var compliance = await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance");

        Assert.Equal(Ruling, compliance.Str("rulingId"));
        Assert.Equal("2026-11-30T15:00:00Z", compliance.Str("asOf"));
        Assert.Equal(["bing", "google"], compliance.GetProperty("engines").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(new Figures(4, 0, 0, 3, 1, 0, 3, 0, 22), Read(compliance, "google"));
        Assert.Equal(new Figures(4, 2, 1, 1, 0, 0, 1, 0, 30), Read(compliance, "bing"));
    }

    [Fact]
    public async Task After_the_deadline_open_items_are_overdue_and_a_delisting_is_late()
    {
        var (app, _, _, _, bing) = await TwoPlaintiffsTwoEnginesAsync();
        await using var owned = app;
        var items = await app.Admin().QueueAsync("bing");

        // The deadline of every item is the end of 2026-12-14 in Paris: 374 hours after 09:00 on 2026-11-29. A second
        // after it, a delisting is late (at it, on time: contract v1.2).
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 14, 23, 0, 1, TimeSpan.Zero));
        await bing.RespondOkAsync("bing", Delist(items[2].Str("id")));

        var compliance = await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance");
        Assert.Equal(new Figures(4, 1, 1, 2, 0, 2, 1, 1, (30 + 374) / 2.0), Read(compliance, "bing"));
        Assert.Equal(new Figures(4, 0, 0, 3, 1, 0, 3, 0, 22), Read(compliance, "google"));
    }

    [Fact]
    public async Task The_median_of_an_even_count_is_the_mean_of_the_middle_two_rounded_to_hundredths()
    {
        await using var app = new DelistingApp(now: Start);
        await app.CreateRulingInForceAsync(Ruling, engines: ["google"]);
        var request = await (await app.RightsHolderAsync()).SubmitAsync(Ruling, Urls(5));
        var ids = await app.ItemIdsAsync(request, "google");
        var google = await app.LiaisonAsync("google");

        Assert.Null(Read(await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance"), "google").MedianHoursToDelist);
        app.Time.SetUtcNow(Start.AddMinutes(20));
        await google.RespondOkAsync("google", Delist(ids[0]));
        Assert.Equal(0.33, Read(await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance"), "google").MedianHoursToDelist);

        app.Time.SetUtcNow(Start.AddHours(5));
        await google.RespondOkAsync("google", Delist(ids[1]));
        app.Time.SetUtcNow(Start.AddHours(8));
        await google.RespondOkAsync("google", Delist(ids[2]), Acknowledge(ids[3]));
        app.Time.SetUtcNow(Start.AddHours(100));
        await google.RespondOkAsync("google", Delist(ids[3]));

        // 0.33, 5, 8, 100 hours: the middle two are 5 and 8.
        Assert.Equal(new Figures(5, 1, 0, 4, 0, 0, 4, 0, 6.5), Read(await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance"), "google"));
    }

    [Fact]
    public async Task Plaintiffs_and_bound_engines_read_the_same_figures_as_an_admin()
    {
        var (app, apc, fndf, google, bing) = await TwoPlaintiffsTwoEnginesAsync();
        await using var owned = app;

        var expected = (await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance")).GetRawText();
        foreach (var reader in new[] { apc, fndf, google, bing })
        {
            Assert.Equal(expected, (await reader.GetJsonAsync($"/v1/rulings/{Ruling}/compliance")).GetRawText());
        }
    }

    [Fact]
    public async Task A_rights_holder_that_is_not_a_plaintiff_is_forbidden()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(Ruling, plaintiffs: ["apc", "fndf"]);
        var sevn = await app.RightsHolderAsync("sevn");

        await (await sevn.GetAsync($"/v1/rulings/{Ruling}/compliance")).AssertProblemAsync(403);
    }

    [Fact]
    public async Task An_engine_the_ruling_does_not_bind_does_not_see_it()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(Ruling, engines: ["google", "bing"]);
        var orange = await app.LiaisonAsync("orange");

        await (await orange.GetAsync($"/v1/rulings/{Ruling}/compliance")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task An_unknown_ruling_is_not_found()
    {
        await using var app = new DelistingApp();
        await (await app.Admin().GetAsync("/v1/rulings/no-such-ruling/compliance")).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/v1/rulings/no-such-ruling/compliance")).StatusCode);
    }

    [Fact]
    public async Task A_ruling_without_requests_reports_zeros_for_every_engine()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(Ruling, engines: ["google", "bing", "orange"]);

        var compliance = await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance");

        Assert.Equal(["bing", "google", "orange"], compliance.GetProperty("engines").EnumerateObject().Select(p => p.Name).Order());
        foreach (var engine in new[] { "bing", "google", "orange" })
        {
            Assert.Equal(new Figures(0, 0, 0, 0, 0, 0, 0, 0, null), Read(compliance, engine));
        }
    }
}
