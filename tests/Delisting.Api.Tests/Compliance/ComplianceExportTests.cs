using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Compliance;

public sealed class ComplianceExportTests
{
    private const string Ruling = "export-ruling";

    private static string ExportPath(string? query = null) => $"/v1/rulings/{Ruling}/compliance/export" + (query is null ? "" : "?" + query);

    private static async Task<(DelistingApp App, Actor Apc, Actor Google, JsonElement Request, List<string> GoogleItems)> StartAsync(int urls = 3)
    {
        var app = new DelistingApp();
        await app.CreateRulingInForceAsync(Ruling, engines: ["google", "bing"]);
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        var google = await app.ActorAsync("engine", engine: "google");
        var request = await apc.Client.SubmitAsync(Ruling, Urls(urls));
        return (app, apc, google, request, await app.ItemIdsAsync(request, "google"));
    }

    private static async Task<byte[]> ExportBytesAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync(ExportPath(query));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The JSON Lines export, keyed by item id.</summary>
    private static async Task<Dictionary<string, JsonElement>> RowsAsync(HttpClient client, string query)
    {
        var text = Encoding.UTF8.GetString(await ExportBytesAsync(client, "format=jsonl&" + query));
        Assert.EndsWith("\n", text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToDictionary(row => row.Str("itemId"));
    }

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private static string? Text(JsonElement row,
        string property) => row.GetProperty(property).ValueKind == JsonValueKind.Null ? null : row.Str(property);

    [Fact]
    public async Task The_same_asOf_gives_the_same_bytes_after_later_changes()
    {
        var (app, apc, google, request, items) = await StartAsync();
        await using var owned = app;
        app.Time.Advance(TimeSpan.FromHours(5));
        await google.Client.RespondOkAsync("google", Delist(items[0], "G-1"), Reject(items[1]));
        app.Time.Advance(TimeSpan.FromHours(1));
        var asOf = Instant(app.Time.GetUtcNow());
        var csvBefore = await ExportBytesAsync(apc.Client, $"asOf={asOf}");
        var jsonBefore = await ExportBytesAsync(apc.Client, $"format=jsonl&asOf={asOf}");

        // Later: a withdrawal, a relisting, a resubmission by another plaintiff that reopens and resets the deadline,
        // more reports, and a new URL.
        app.Time.Advance(TimeSpan.FromHours(2));
        await apc.Client.WithdrawOkAsync(request.Str("id"), "Sent by mistake.", Urls(1));
        await google.Client.RespondOkAsync("google", Relist(items[0]));
        app.Time.Advance(TimeSpan.FromDays(3));
        var fndf = await app.ActorAsync("rights-holder", organisation: "fndf");
        await fndf.Client.SubmitAsync(Ruling, Urls(4));
        await google.Client.RespondOkAsync("google", Acknowledge(items[2]));
        app.Time.Advance(TimeSpan.FromDays(30));

        Assert.Equal(csvBefore, await ExportBytesAsync(apc.Client, $"asOf={asOf}"));
        Assert.Equal(jsonBefore, await ExportBytesAsync(apc.Client, $"format=jsonl&asOf={asOf}"));
        Assert.NotEqual(csvBefore, await ExportBytesAsync(apc.Client, ""));
    }

    [Fact]
    public async Task A_row_follows_the_item_history_at_each_instant()
    {
        var (app, apc, google, request, items) = await StartAsync(urls: 2);
        await using var owned = app;
        var submitted = app.Time.GetUtcNow();
        var fndf = await app.ActorAsync("rights-holder", organisation: "fndf");
        var fndfRequest = await fndf.Client.SubmitAsync(Ruling, Urls(1));
        app.Time.Advance(TimeSpan.FromDays(1));
        await google.Client.RespondOkAsync("google", Delist(items[0], "G-77"));
        var delisted = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromDays(1));
        var afterDelisting = Instant(app.Time.GetUtcNow());
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await apc.Client.WithdrawOkAsync(request.Str("id"), "Our own trailer.", Urls(1));
        await fndf.Client.WithdrawOkAsync(fndfRequest.Str("id"), "Ours too.", Urls(1));
        var withdrawn = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromHours(3));
        await google.Client.RespondOkAsync("google", Relist(items[0]));
        var relisted = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromDays(20));
        var now = Instant(app.Time.GetUtcNow());

        var before = await RowsAsync(apc.Client, $"asOf={afterDelisting}");
        var row = before[items[0]];
        Assert.Equal(("https://www.allostreaming.com/film/1", "allostreaming.com", "google"), (row.Str("url"), row.Str("site"), row.Str("engine")));
        Assert.Equal(["apc", "fndf"], row.GetProperty("claimants").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(("delisted", "on-time", "G-77"), (row.Str("status"), row.Str("timeliness"), row.Str("engineReference")));
        Assert.Equal(delisted, row.GetProperty("delistedAt").GetDateTimeOffset());
        Assert.Equal(submitted, row.GetProperty("firstSubmittedAt").GetDateTimeOffset());
        Assert.Null(Text(row, "withdrawnAt"));
        Assert.Equal(("pending", "not-yet-due"), (before[items[1]].Str("status"), before[items[1]].Str("timeliness")));
        Assert.Equal(4, before.Count);   // 2 URLs × 2 engines

        var after = await RowsAsync(apc.Client, $"asOf={now}");
        row = after[items[0]];
        Assert.Equal(("relisted", "on-time", "G-77"), (row.Str("status"), row.Str("timeliness"), row.Str("engineReference")));
        Assert.Empty(row.GetProperty("claimants").EnumerateArray());
        Assert.Equal(withdrawn, row.GetProperty("withdrawnAt").GetDateTimeOffset());
        Assert.Equal(relisted, row.GetProperty("relistedAt").GetDateTimeOffset());
        Assert.Equal(("withdrawn", null), (after[items[0].Replace("_google", "_bing")].Str("status"), Text(after[items[0].Replace("_google",
            "_bing")], "timeliness")));
        // URL 2 was never acted on: 22 days later it is overdue.
        Assert.Equal(("pending", "overdue"), (after[items[1]].Str("status"), after[items[1]].Str("timeliness")));
        Assert.Equal(row.GetProperty("deadline").GetDateTimeOffset(), (await app.ItemAsync("google",
            items[0])).GetProperty("deadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_resubmission_resets_the_row_and_its_deadline_only_from_its_instant()
    {
        var (app, apc, google, request, items) = await StartAsync(urls: 1);
        await using var owned = app;
        await google.Client.RespondOkAsync("google", Reject(items[0], "Gone", "not-found"));
        await apc.Client.WithdrawOkAsync(request.Str("id"), "Mistake.", Urls(1));
        var firstDeadline = (await app.ItemAsync("google", items[0])).GetProperty("deadline").GetDateTimeOffset();
        app.Time.Advance(TimeSpan.FromDays(40));
        var beforeReopen = Instant(app.Time.GetUtcNow());
        app.Time.Advance(TimeSpan.FromHours(1));
        await apc.Client.SubmitAsync(Ruling, Urls(1));
        var secondDeadline = (await app.ItemAsync("google", items[0])).GetProperty("deadline").GetDateTimeOffset();
        Assert.True(secondDeadline > firstDeadline);
        app.Time.Advance(TimeSpan.FromHours(1));

        var old = (await RowsAsync(apc.Client, $"asOf={beforeReopen}"))[items[0]];
        Assert.Equal(("withdrawn", "not-found", "Gone"), (old.Str("status"), old.Str("reasonCode"), old.Str("reason")));
        Assert.Equal(firstDeadline, old.GetProperty("deadline").GetDateTimeOffset());
        Assert.NotEqual(JsonValueKind.Null, old.GetProperty("withdrawnAt").ValueKind);

        var current = (await RowsAsync(apc.Client, ""))[items[0]];
        Assert.Equal(("pending", "not-yet-due", null, null), (current.Str("status"), current.Str("timeliness"), Text(current, "reasonCode"),
            Text(current, "withdrawnAt")));
        Assert.Equal(secondDeadline, current.GetProperty("deadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task Csv_is_rfc_4180_with_a_header_and_formulas_neutralised()
    {
        var (app, apc, google, _, items) = await StartAsync(urls: 2);
        await using var owned = app;
        await google.Client.RespondOkAsync("google",
            new { itemId = items[0], status = "rejected", reasonCode = "other", reason = "=HYPERLINK(\"http://evil.example\",\"x\")",
                engineReference = "+33 1, \"quoted\"" },
            Delist(items[1], "@SUM(A1)"));

        var response = await apc.Client.GetAsync(ExportPath());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("url,site,noticeId,itemId,engine,firstSubmittedAt,claimants,deadline,obligationEndsAt,status,timeliness," +
            "delistedAt,reasonCode,reason,engineReference,withdrawnAt,relistedAt\r\n", text);
        Assert.DoesNotContain(",=HYPERLINK", text);
        Assert.Contains(",allostreaming.com,", text);
        Assert.Contains(",2026-11-29T09:00:00Z,apc,2026-12-14T23:00:00Z,", text);   // instants as in JSON: UTC, Z, no empty fraction
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", text);

        // Read back by an RFC 4180 reader: the escaped cells hold the text behind an apostrophe, quotes and commas intact.
        using var reader = CsvReader.FromText(text, null);
        var records = new Dictionary<string, Dictionary<string, string?>>();
        while (reader.Read())
        {
            records[reader.GetString("itemId")!] = new[] { "reason", "engineReference", "status" }.ToDictionary(c => c,
                c => (string?)reader.GetString(c));
        }
        Assert.Equal(4, records.Count);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"x\")", records[items[0]]["reason"]);
        Assert.Equal("'+33 1, \"quoted\"", records[items[0]]["engineReference"]);
        Assert.Equal("'@SUM(A1)", records[items[1]]["engineReference"]);
        Assert.Equal("rejected", records[items[0]]["status"]);
    }

    [Fact]
    public async Task The_instant_is_echoed_and_names_the_file()
    {
        var (app, apc, _, _, _) = await StartAsync(urls: 1);
        await using var owned = app;
        app.Time.Advance(TimeSpan.FromMilliseconds(1234));

        var response = await apc.Client.GetAsync(ExportPath());
        var now = app.Time.GetUtcNow();
        Assert.Equal(Instant(now), response.Headers.GetValues("As-Of").Single());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"compliance-{Ruling}-all-engines-{now.UtcDateTime:yyyyMMdd'T'HHmmss}Z.csv",
            response.Content.Headers.ContentDisposition?.FileNameStar);

        response = await apc.Client.GetAsync(ExportPath("engine=bing&format=jsonl&asOf=2026-11-29T10:00:00.5%2B01:00"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-11-29T09:00:00.5Z", response.Headers.GetValues("As-Of").Single());
        Assert.Equal($"compliance-{Ruling}-bing-20261129T090000.5Z.jsonl", response.Content.Headers.ContentDisposition?.FileNameStar);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Equal("bing", JsonDocument.Parse(line).RootElement.Str("engine")));
        Assert.Single(lines);
    }

    [Theory]
    [InlineData("application/jsonl", "application/jsonl")]
    [InlineData("application/x-ndjson", "application/jsonl")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("*/*", "text/csv")]
    [InlineData("text/csv, application/jsonl", "text/csv")]
    public async Task Without_format_the_accept_header_chooses(string accept, string expected)
    {
        var (app, apc, _, _, _) = await StartAsync(urls: 1);
        await using var owned = app;
        var request = new HttpRequestMessage(HttpMethod.Get, ExportPath());
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await apc.Client.SendAsync(request);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
        request = new HttpRequestMessage(HttpMethod.Get, ExportPath("format=csv"));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        Assert.Equal("text/csv", (await apc.Client.SendAsync(request)).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Only_plaintiffs_admins_and_bound_engines_export_and_an_engine_only_its_own_rows()
    {
        var (app, apc, google, _, _) = await StartAsync(urls: 2);
        await using var owned = app;
        var sevn = await app.ActorAsync("rights-holder", organisation: "sevn");
        var orange = await app.ActorAsync("engine", engine: "orange");

        await (await sevn.Client.GetAsync(ExportPath())).AssertProblemAsync(403);
        await (await orange.Client.GetAsync(ExportPath())).AssertProblemAsync(404);
        await (await google.Client.GetAsync(ExportPath("engine=bing"))).AssertProblemAsync(403);
        await (await apc.Client.GetAsync("/v1/rulings/no-such-ruling/compliance/export")).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(ExportPath())).StatusCode);

        var googleRows = await RowsAsync(google.Client, "");
        Assert.Equal(2, googleRows.Count);
        Assert.All(googleRows.Values, row => Assert.Equal("google", row.Str("engine")));
        Assert.Equal(4, (await RowsAsync(app.Admin(), "")).Count);
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("asOf=2026-11-29", "asOf")]
    [InlineData("asOf=2026-11-29T09:00:00", "asOf")]
    [InlineData("asOf=2026-11-29T10:00:00+01:00", "asOf")]   // an unencoded + reads as a space
    [InlineData("asOf=2027-01-01T00:00:00Z", "future")]
    [InlineData("asOf=1970-01-01T00:00:00Z", "1990")]
    [InlineData("asOf=0001-01-01T00:00:00%2B14:00", "asOf")]
    [InlineData("asOf=2026-11-29T25:99:00Z", "asOf")]
    [InlineData("engine=yahoo", "does not bind")]
    public async Task Bad_parameters_get_a_400_that_says_what_to_send(string query, string detailMentions)
    {
        var (app, apc, _, _, _) = await StartAsync(urls: 1);
        await using var owned = app;
        var problem = await (await apc.Client.GetAsync(ExportPath(query))).AssertProblemAsync(400);
        Assert.Contains(detailMentions, problem.Str("detail"));
    }

    [Fact]
    public async Task Items_still_open_when_the_order_ends_are_lapsed()
    {
        var (app, apc, _, _, items) = await StartAsync(urls: 1);
        await using var owned = app;
        app.Time.Advance(TimeSpan.FromDays(400));
        var row = (await RowsAsync(apc.Client, ""))[items[0]];
        Assert.Equal(("pending", "lapsed"), (row.Str("status"), row.Str("timeliness")));
        var earlier = (await RowsAsync(apc.Client, $"asOf={Instant(app.Time.GetUtcNow().AddDays(-370))}"))[items[0]];
        Assert.Equal("overdue", earlier.Str("timeliness"));
    }

    [Fact]
    public async Task An_export_spans_many_pages_in_one_order()
    {
        await using var app = new DelistingApp();
        await app.CreateRulingInForceAsync(Ruling, engines: ["google", "bing"]);
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        await apc.Client.SubmitAsync(Ruling, Urls(2500));
        var text = Encoding.UTF8.GetString(await ExportBytesAsync(apc.Client, "format=jsonl"));
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(5000, rows.Count);
        Assert.Equal(5000, rows.Select(r => r.Str("itemId")).Distinct().Count());
        Assert.Equal(2500, rows.Select(r => r.Str("url")).Distinct().Count());
    }
}
