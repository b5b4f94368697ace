using System.Net;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Transparency;

public sealed class PublicFiguresTests
{
    private const string Ruling = "public-ruling";
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// apc asks for URLs 1-4 on 29 November; google delists 1 after 10 hours and 2 after 24, rejects 3 (not in its
    /// index); bing acknowledges 1. apc withdraws 4. At 23:30 UTC on 30 November (00:30 on 1 December in Paris) apc asks
    /// for 5 and 6: they are December's. Google delists 5 at 09:00 UTC on 2 December (33.5 hours).
    /// </summary>
    public static async Task<(DelistingApp App, Actor Apc, Actor Google)> TwoMonthsAsync(IDictionary<string, string>? settings = null)
    {
        var app = new DelistingApp(now: Start, extraSettings: settings);
        await app.CreateRulingInForceAsync(Ruling, engines: ["google", "bing"], plaintiffs: ["apc", "fndf"]);
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        var google = await app.ActorAsync("engine", engine: "google");
        var bing = await app.LiaisonAsync("bing");

        var first = await apc.Client.SubmitAsync(Ruling, Urls(4));
        var g = await app.ItemIdsAsync(first, "google");
        var b = await app.ItemIdsAsync(first, "bing");
        app.Time.SetUtcNow(Start.AddHours(10));
        await google.Client.RespondOkAsync("google", Delist(g[0]), Reject(g[2]));
        app.Time.SetUtcNow(Start.AddHours(24));
        await google.Client.RespondOkAsync("google", Delist(g[1]));
        await bing.RespondOkAsync("bing", Acknowledge(b[0]));
        await apc.Client.WithdrawOkAsync(first.Str("id"), "sent by mistake", Urls(1, from: 4));

        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero));
        var second = await apc.Client.SubmitAsync(Ruling, Urls(2, from: 5));
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await google.Client.RespondOkAsync("google", Delist((await app.ItemIdsAsync(second, "google"))[0]));
        return (app, apc, google);
    }

    private static JsonElement Entry(JsonElement page, string rulingId) =>
        page.GetProperty("items").EnumerateArray().Single(r => r.Str("rulingId") == rulingId);

    [Fact]
    public async Task Anyone_reads_per_engine_figures_that_agree_with_compliance()
    {
        var (app, _, _) = await TwoMonthsAsync();
        await using var owned = app;

        var entry = Entry(await app.Anonymous().GetJsonAsync("/v1/transparency/rulings"), Ruling);

        Assert.Equal(6, entry.GetProperty("urlsRequested").GetInt64());
        Assert.Equal(2, entry.GetProperty("sites").GetInt64());
        Assert.Equal("Tribunal judiciaire de Paris", entry.Str("court"));
        Assert.True(entry.GetProperty("inForce").GetBoolean());
        Assert.Equal(["apc", "fndf"], entry.GetProperty("plaintiffs").EnumerateArray().Select(p => p.GetString()));
        var google = entry.GetProperty("perEngine").GetProperty("google");
        Assert.Equal((3, 1, 1, 1), (google.GetProperty("delisted").GetInt64(), google.GetProperty("rejected").GetInt64(),
            google.GetProperty("pending").GetInt64(), google.GetProperty("withdrawn").GetInt64()));
        Assert.Equal(1, google.GetProperty("rejectedBy").GetProperty("not-in-index").GetInt64());
        Assert.Equal(24, google.GetProperty("medianHoursToDelist").GetDouble());
        var bing = entry.GetProperty("perEngine").GetProperty("bing");
        Assert.Equal((0, 5, 1),
            (bing.GetProperty("delisted").GetInt64(), bing.GetProperty("pending").GetInt64(), bing.GetProperty("withdrawn").GetInt64()));
        Assert.Equal(JsonValueKind.Null, bing.GetProperty("medianHoursToDelist").ValueKind);

        var compliance = (await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance")).GetProperty("engines");
        foreach (var engine in new[] { "google", "bing" })
        {
            var c = compliance.GetProperty(engine);
            var p = entry.GetProperty("perEngine").GetProperty(engine);
            foreach (var field in new[] { "delisted", "rejected", "overdue", "withdrawn" })
            {
                var relisting = field == "withdrawn" ? c.GetProperty("relistPending").GetInt64() + c.GetProperty("relisted").GetInt64() : 0;
                Assert.Equal(c.GetProperty(field).GetInt64() + relisting, p.GetProperty(field).GetInt64());
            }
            Assert.Equal(c.GetProperty("pending").GetInt64() + c.GetProperty("acknowledged").GetInt64(), p.GetProperty("pending").GetInt64());
            Assert.Equal(c.GetProperty("medianHoursToDelist").GetRawText(), p.GetProperty("medianHoursToDelist").GetRawText());
            Assert.Equal(c.GetProperty("rejectedBy").GetRawText(), p.GetProperty("rejectedBy").GetRawText());
        }
    }

    /// <summary>
    /// The one timeliness rule: a delisting report stays with the item after the URL is withdrawn (relist-pending), so
    /// its hours count in the median as they do in compliance's.
    /// </summary>
    [Fact]
    public async Task A_delisting_withdrawn_afterwards_still_counts_in_the_time_to_delist_as_in_compliance()
    {
        await using var app = new DelistingApp(now: Start);
        await app.CreateRulingInForceAsync(Ruling);
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        var google = await app.ActorAsync("engine", engine: "google");
        var request = await apc.Client.SubmitAsync(Ruling, Urls(3));
        var items = await app.ItemIdsAsync(request, "google");
        foreach (var (item, hours) in items.Zip([10, 30, 40]))
        {
            app.Time.SetUtcNow(Start.AddHours(hours));
            await google.Client.RespondOkAsync("google", Delist(item));
        }
        await apc.Client.WithdrawOkAsync(request.Str("id"), "settled", Urls(1, from: 3));

        var figures = Entry(await app.Anonymous().GetJsonAsync("/v1/transparency/rulings"), Ruling).GetProperty("perEngine").GetProperty("google");
        var month = (await app.Anonymous().GetJsonAsync($"/v1/transparency/rulings/{Ruling}/months"))
            .GetProperty("months")[0].GetProperty("perEngine").GetProperty("google");
        var compliance = (await app.Admin().GetJsonAsync($"/v1/rulings/{Ruling}/compliance")).GetProperty("engines").GetProperty("google");

        Assert.Equal((2, 1), (figures.GetProperty("delisted").GetInt64(), figures.GetProperty("withdrawn").GetInt64()));
        Assert.Equal(30, compliance.GetProperty("medianHoursToDelist").GetDouble());
        Assert.Equal(30, figures.GetProperty("medianHoursToDelist").GetDouble());
        Assert.Equal(30, month.GetProperty("medianHoursToDelist").GetDouble());
    }

    [Fact]
    public async Task Months_are_calendar_months_of_the_ruling_time_zone_and_add_up_to_the_totals()
    {
        var (app, _, _) = await TwoMonthsAsync();
        await using var owned = app;

        var answer = await app.Anonymous().GetJsonAsync($"/v1/transparency/rulings/{Ruling}/months");

        Assert.Equal("Europe/Paris", answer.Str("timeZone"));
        var months = answer.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-11", "2026-12"], months.Select(m => m.Str("month")));
        var november = months[0].GetProperty("perEngine").GetProperty("google");
        Assert.Equal((4, 2, 1, 1), (november.GetProperty("urlsRequested").GetInt64(), november.GetProperty("delisted").GetInt64(),
            november.GetProperty("rejected").GetInt64(), november.GetProperty("withdrawn").GetInt64()));
        Assert.Equal(17, november.GetProperty("medianHoursToDelist").GetDouble());
        // Submitted at 23:30 UTC on 30 November: 00:30 on 1 December in Paris.
        var december = months[1].GetProperty("perEngine").GetProperty("google");
        Assert.Equal((2, 1, 0, 0), (december.GetProperty("urlsRequested").GetInt64(), december.GetProperty("delisted").GetInt64(),
            december.GetProperty("rejected").GetInt64(), december.GetProperty("withdrawn").GetInt64()));
        Assert.Equal(33.5, december.GetProperty("medianHoursToDelist").GetDouble());
        Assert.Equal(6, months.Sum(m => m.GetProperty("perEngine").GetProperty("bing").GetProperty("urlsRequested").GetInt64()));
    }

    [Fact]
    public async Task A_ruling_without_requests_lists_every_month_since_it_took_effect_with_zeros()
    {
        await using var app = new DelistingApp(now: new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await app.CreateRulingInForceAsync(Ruling, servedOn: "2026-12-31");

        var answer = await app.Anonymous().GetJsonAsync($"/v1/transparency/rulings/{Ruling}/months");
        var months = answer.GetProperty("months").EnumerateArray().ToList();

        Assert.Equal(["2026-12", "2027-01"], months.Select(m => m.Str("month")));
        Assert.All(months, m => Assert.Equal(0, m.GetProperty("perEngine").GetProperty("google").GetProperty("urlsRequested").GetInt64()));
    }

    [Fact]
    public async Task Bad_parameters_and_unknown_rulings_are_problems()
    {
        await using var app = new DelistingApp(now: Start);
        await app.CreateRulingInForceAsync(Ruling);
        var anonymous = app.Anonymous();

        await (await anonymous.GetAsync($"/v1/transparency/rulings/no-such-ruling/months")).AssertProblemAsync(404);
        await (await anonymous.GetAsync("/v1/transparency/rulings?limit=0")).AssertProblemAsync(400);
        await (await anonymous.GetAsync("/v1/transparency/rulings?limit=many")).AssertProblemAsync(400);
        await (await anonymous.GetAsync("/v1/transparency/rulings?after=not-a-cursor!")).AssertProblemAsync(400);
    }

    [Fact]
    public async Task Rulings_are_paged_by_id()
    {
        await using var app = new DelistingApp(now: Start);
        foreach (var id in new[] { "ruling-c", "ruling-a", "ruling-b" }) await app.CreateRulingInForceAsync(id);

        var ids = new List<string>();
        string? next = null;
        do
        {
            var page = await app.Anonymous().GetJsonAsync("/v1/transparency/rulings?limit=2" + (next is null ? "" : $"&after={next}"));
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.Str("rulingId")));
            next = page.GetProperty("next").GetString();
        } while (next is not null);

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(["ruling-a", "ruling-b", "ruling-c"], ids.Where(id => id.StartsWith("ruling-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_key_is_accepted_and_a_bad_key_is_not_refused()
    {
        await using var app = new DelistingApp(now: Start);
        await app.CreateRulingInForceAsync(Ruling);

        Assert.Equal(HttpStatusCode.OK, (await (await app.LiaisonAsync("orange")).GetAsync("/v1/transparency/rulings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.WithKey("not-a-key").GetAsync($"/v1/transparency/rulings/{Ruling}/months")).StatusCode);
    }
}
