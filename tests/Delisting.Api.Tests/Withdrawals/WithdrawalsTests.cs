using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Delisting.Api.Tests.Infrastructure;
using static Delisting.Api.Tests.Infrastructure.Scenario;

namespace Delisting.Api.Tests.Withdrawals;

public sealed class WithdrawalsTests
{
    private const string Mistake = "Sent by mistake: the page is our own trailer.";

    /// <summary>A ruling binding google and bing, apc's request of <paramref name="count"/> URLs, the google liaison.</summary>
    private static async Task<(DelistingApp App, string Ruling, Actor Apc, JsonElement Request, Actor Google)> SubmittedAsync(int count = 1)
    {
        var app = new DelistingApp();
        var ruling = await app.CreateRulingInForceAsync(engines: ["google", "bing"]);
        var apc = await app.ActorAsync("rights-holder", organisation: "apc");
        var request = await apc.Client.SubmitAsync(ruling, Urls(count));
        return (app, ruling, apc, request, await app.ActorAsync("engine", engine: "google"));
    }

    /// <summary>Reports and withdrawals that bring URL 1's google item to a status (bing's stays pending until withdrawn).</summary>
    private static async Task BringToAsync(string status, HttpClient apc, string requestId, HttpClient google, string item)
    {
        string[] steps = status switch
        {
            "pending" => [],
            "acknowledged" or "delisted" or "rejected" => [status],
            "withdrawn" => ["withdraw"],
            "relist-pending" => ["delisted", "withdraw"],
            "relisted" => ["delisted", "withdraw", "relisted"],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in steps)
        {
            if (step == "withdraw") await apc.WithdrawOkAsync(requestId, Mistake, Urls(1));
            else await google.RespondOkAsync("google", Report(item, step));
        }
    }

    private static Dictionary<string, string> Statuses(JsonElement withdrawal) =>
        withdrawal.GetProperty("items").EnumerateArray().ToDictionary(i => i.Str("engine"), i => i.Str("status"));

    [Theory]
    [InlineData("pending", "withdrawn")]
    [InlineData("acknowledged", "withdrawn")]
    [InlineData("rejected", "withdrawn")]
    [InlineData("delisted", "relist-pending")]
    [InlineData("withdrawn", "withdrawn")]
    [InlineData("relist-pending", "relist-pending")]
    [InlineData("relisted", "relisted")]
    public async Task Withdrawing_the_last_claim_moves_each_status_as_the_contract_says(string from, string expected)
    {
        var (app, _, apc, request, google) = await SubmittedAsync();
        await using var owned = app;
        var item = (await app.ItemIdsAsync(request, "google"))[0];
        await BringToAsync(from, apc.Client, request.Str("id"), google.Client, item);
        Assert.Equal(from, (await app.ItemAsync("google", item)).Str("status"));

        var body = await apc.Client.WithdrawOkAsync(request.Str("id"), Mistake, Urls(1));

        Assert.Equal((1, 0), (body.GetProperty("withdrawn").GetInt32(), body.GetProperty("stillClaimed").GetInt32()));
        Assert.Equal(new Dictionary<string, string> { ["bing"] = "withdrawn", ["google"] = expected }, Statuses(body));
        Assert.Equal(expected, (await app.ItemAsync("google", item)).Str("status"));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("acknowledged")]
    [InlineData("delisted")]
    [InlineData("rejected")]
    [InlineData("withdrawn")]
    [InlineData("relist-pending")]
    [InlineData("relisted")]
    public async Task Relisted_is_accepted_only_from_relist_pending(string from)
    {
        var (app, _, apc, request, google) = await SubmittedAsync();
        await using var owned = app;
        var item = (await app.ItemIdsAsync(request, "google"))[0];
        await BringToAsync(from, apc.Client, request.Str("id"), google.Client, item);
        var before = await app.ItemAsync("google", item);

        var response = await google.Client.RespondAsync("google", Relist(item));

        if (from == "relist-pending")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("relisted", (await app.ItemAsync("google", item)).Str("status"));
            return;
        }
        if (from == "relisted")
        {
            // The status it already has: unchanged, not an error.
            Assert.Equal(0, (await response.ReadJsonAsync()).GetProperty("applied").GetInt32());
        }
        else
        {
            var problem = await response.AssertProblemAsync(409);
            Assert.Contains(item, problem.GetProperty("errors").GetProperty("responses[0].status")[0].GetString());
        }
        Assert.Equal(before.GetRawText(), (await app.ItemAsync("google", item)).GetRawText());
    }

    [Fact]
    public async Task A_url_two_organisations_claim_moves_only_when_both_have_withdrawn()
    {
        var (app, ruling, apc, apcRequest, _) = await SubmittedAsync(2);
        await using var owned = app;
        var fndf = await app.ActorAsync("rights-holder", organisation: "fndf");
        var fndfRequest = await fndf.Client.SubmitAsync(ruling, Urls(1));
        Assert.True(fndfRequest.GetProperty("urls")[0].GetProperty("alreadyRequested").GetBoolean());
        var before = await app.Admin().GetJsonAsync("/v1/engines/google/items");

        var first = await apc.Client.WithdrawOkAsync(apcRequest.Str("id"), Mistake, Urls(1));

        Assert.Equal((1, 1), (first.GetProperty("withdrawn").GetInt32(), first.GetProperty("stillClaimed").GetInt32()));
        Assert.Equal(new Dictionary<string, string> { ["bing"] = "pending", ["google"] = "pending" }, Statuses(first));
        Assert.Equal(before.GetRawText(), (await app.Admin().GetJsonAsync("/v1/engines/google/items")).GetRawText());
        var apcTrail = await app.Admin().EventsAsync(apcRequest.Str("id"));
        var withdrawn = Assert.Single(apcTrail, e => e.Str("type") == "withdrawn");
        Assert.Equal((apc.KeyId, "rights-holder", Mistake, apcRequest.GetProperty("urls")[0].Str("noticeId")),
            (withdrawn.GetProperty("actor").Str("keyId"), withdrawn.GetProperty("actor").Str("role"), withdrawn.Str("reason"),
                withdrawn.Str("noticeId")));
        Assert.DoesNotContain(await app.Admin().EventsAsync(fndfRequest.Str("id")), e => e.Str("type") == "withdrawn");

        var second = await fndf.Client.WithdrawOkAsync(fndfRequest.Str("id"), "Licensed since", Urls(1));

        Assert.Equal((1, 0), (second.GetProperty("withdrawn").GetInt32(), second.GetProperty("stillClaimed").GetInt32()));
        Assert.Equal(new Dictionary<string, string> { ["bing"] = "withdrawn", ["google"] = "withdrawn" }, Statuses(second));
        var moves = (await app.Admin().EventsAsync(fndfRequest.Str("id"))).Where(e => e.Str("type") == "status-changed").ToList();
        Assert.Equal([("bing", "pending", "withdrawn"), ("google", "pending", "withdrawn")],
            moves.Select(e => (e.Str("engine"), e.Str("from"), e.Str("to"))).Order());
        Assert.All(moves, e => Assert.Equal((fndf.KeyId, "Licensed since"), (e.GetProperty("actor").Str("keyId"), e.Str("reason"))));
        // URL 2 of apc's request is untouched, so apc's request is still open; fndf's is closed.
        Assert.Equal("open", (await apc.Client.GetJsonAsync($"/v1/requests/{apcRequest.Str("id")}")).Str("state"));
        var fndfNow = await fndf.Client.GetJsonAsync($"/v1/requests/{fndfRequest.Str("id")}");
        Assert.Equal(("closed", 1), (fndfNow.Str("state"), fndfNow.GetProperty("summary").GetProperty("google").GetProperty("withdrawn").GetInt32()));
    }

    [Fact]
    public async Task An_admin_withdrawal_ends_every_claim_and_is_in_every_claiming_requests_trail()
    {
        var (app, ruling, apc, apcRequest, google) = await SubmittedAsync(1);
        await using var owned = app;
        var fndf = await app.ActorAsync("rights-holder", organisation: "fndf");
        var fndfRequest = await fndf.Client.SubmitAsync(ruling, Urls(1));
        var item = (await app.ItemIdsAsync(apcRequest, "google"))[0];
        await google.Client.RespondOkAsync("google", Delist(item));
        var admin = await app.ActorAsync("admin");

        var body = await admin.Client.WithdrawUnderRulingOkAsync(ruling, "Over-blocking: the page is lawful (order of 2026-11-28).", Urls(1));

        Assert.Equal((1, 0), (body.GetProperty("withdrawn").GetInt32(), body.GetProperty("stillClaimed").GetInt32()));
        Assert.Equal(new Dictionary<string, string> { ["bing"] = "withdrawn", ["google"] = "relist-pending" }, Statuses(body));
        foreach (var request in new[] { apcRequest, fndfRequest })
        {
            var trail = await app.Admin().EventsAsync(request.Str("id"));
            var withdrawn = Assert.Single(trail, e => e.Str("type") == "withdrawn");
            Assert.Equal((admin.KeyId, "admin"), (withdrawn.GetProperty("actor").Str("keyId"), withdrawn.GetProperty("actor").Str("role")));
            Assert.Contains(trail, e => e.Str("type") == "status-changed" && e.Str("to") == "relist-pending" && e.Str("engine") == "google");
        }

        // Stored for the ruling's own history (GET /v1/rulings/{id}/events reads events by ruling_id): one row per URL.
        using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            var stored = Assert.Single(connection.Query<(string Type, string NoticeId, string KeyId, string? RequestId, string Reason)>(
                "SELECT type, notice_id, key_id, request_id, reason FROM events WHERE ruling_id = @Ruling", new { Ruling = ruling }));
            Assert.Equal(("withdrawn", apcRequest.GetProperty("urls")[0].Str("noticeId"), admin.KeyId, (string?)null),
                (stored.Type, stored.NoticeId, stored.KeyId, stored.RequestId));
            Assert.StartsWith("Over-blocking", stored.Reason);
        }

        // apc's own claim already ended: withdrawing it again changes nothing.
        var before = await app.Admin().EventsAsync(apcRequest.Str("id"));
        var again = await apc.Client.WithdrawOkAsync(apcRequest.Str("id"), Mistake, Urls(1));
        Assert.Equal(new Dictionary<string, string> { ["bing"] = "withdrawn", ["google"] = "relist-pending" }, Statuses(again));
        Assert.Equal(before.Count, (await app.Admin().EventsAsync(apcRequest.Str("id"))).Count);
    }

    [Fact]
    public async Task An_engine_that_reports_delisted_after_the_withdrawal_must_relist()
    {
        var (app, _, apc, request, google) = await SubmittedAsync();
        await using var owned = app;
        var item = (await app.ItemIdsAsync(request, "google"))[0];
        await apc.Client.WithdrawOkAsync(request.Str("id"), Mistake, Urls(1));

        var body = await google.Client.RespondOkAsync("google", Delist(item, "G-7"));

        Assert.Equal((1, "relist-pending"), (body.GetProperty("applied").GetInt32(), body.GetProperty("items")[0].Str("status")));
        var late = (await app.Admin().EventsAsync(request.Str("id"))).Last();
        Assert.Equal(("withdrawn", "relist-pending", "engine"), (late.Str("from"), late.Str("to"), late.GetProperty("actor").Str("role")));
        Assert.Contains("put the URL back", late.Str("reason"));
        Assert.Equal([item], (await google.Client.QueueAsync("google", "relist-pending")).Select(i => i.Str("id")));
    }

    [Fact]
    public async Task A_withdrawn_url_submitted_again_starts_over_with_a_new_deadline()
    {
        var (app, ruling, apc, request, google) = await SubmittedAsync(1);
        await using var owned = app;
        var item = (await app.ItemIdsAsync(request, "google"))[0];
        await google.Client.RespondOkAsync("google", Delist(item));
        await apc.Client.WithdrawOkAsync(request.Str("id"), Mistake, Urls(1));
        await google.Client.RespondOkAsync("google", Relist(item));
        app.Time.Advance(TimeSpan.FromDays(3));
        var fndf = await app.ActorAsync("rights-holder", organisation: "fndf");

        var again = await fndf.Client.SubmitAsync(ruling, "https://WWW.allostreaming.com/film/1#again");

        Assert.True(again.GetProperty("urls")[0].GetProperty("alreadyRequested").GetBoolean());
        Assert.Equal(again.GetProperty("urls")[0].Str("noticeId"), request.GetProperty("urls")[0].Str("noticeId"));
        Assert.Equal(("open", 1), (again.Str("state"), again.GetProperty("summary").GetProperty("google").GetProperty("pending").GetInt32()));
        var now = await app.ItemAsync("google", item);
        Assert.Equal(("pending", again.Str("deadline")), (now.Str("status"), now.Str("deadline")));
        Assert.NotEqual(request.Str("deadline"), now.Str("deadline"));
        var trail = await app.Admin().EventsAsync(again.Str("id"));
        Assert.Equal(["submitted", "reopened"], trail.Where(e => e.Str("type") != "status-changed").Select(e => e.Str("type")));
        Assert.Contains(trail, e => e.Str("type") == "status-changed" && (e.Str("engine"), e.Str("from"), e.Str("to")) == ("google", "relisted",
            "pending"));
        Assert.Contains(trail, e => e.Str("type") == "status-changed" && (e.Str("engine"), e.Str("from"), e.Str("to")) == ("bing", "withdrawn",
            "pending"));
        // The notice is claimed again: apc's old request's claim stays ended, fndf can withdraw its own.
        Assert.Equal(0, (await fndf.Client.WithdrawOkAsync(again.Str("id"), Mistake, Urls(1))).GetProperty("stillClaimed").GetInt32());
        Assert.Equal("withdrawn", (await app.ItemAsync("google", item)).Str("status"));
    }

    [Fact]
    public async Task A_mistake_undone_shows_in_the_queue_the_request_and_compliance()
    {
        var (app, ruling, apc, request, google) = await SubmittedAsync(3);
        await using var owned = app;
        var ids = await app.ItemIdsAsync(request, "google");
        await google.Client.RespondOkAsync("google", Delist(ids[0]), Delist(ids[1]), Reject(ids[2], "gone", "not-found"));

        await apc.Client.WithdrawOkAsync(request.Str("id"), Mistake, Urls(1));
        app.Time.Advance(TimeSpan.FromHours(1));
        await apc.Client.WithdrawOkAsync(request.Str("id"), Mistake, Urls(2, from: 2));

        // Relist-pending items are served oldest first and keep the request open.
        Assert.Equal([ids[0], ids[1]], (await google.Client.QueueAsync("google", "relist-pending")).Select(i => i.Str("id")));
        Assert.Equal("open", (await apc.Client.GetJsonAsync($"/v1/requests/{request.Str("id")}")).Str("state"));
        Assert.Single((await apc.Client.GetJsonAsync("/v1/requests?state=open")).GetProperty("items").EnumerateArray());

        app.Time.Advance(TimeSpan.FromHours(4));
        await google.Client.RespondOkAsync("google", Relist(ids[0]), Relist(ids[1]));

        Assert.Empty(await google.Client.QueueAsync("google", "relist-pending"));
        var state = await apc.Client.GetJsonAsync($"/v1/requests/{request.Str("id")}");
        Assert.Equal("closed", state.Str("state"));
        Assert.Single((await apc.Client.GetJsonAsync("/v1/requests?state=closed")).GetProperty("items").EnumerateArray());
        var summary = state.GetProperty("summary").GetProperty("google");
        Assert.Equal((2, 0, 1), (summary.GetProperty("relisted").GetInt32(), summary.GetProperty("relistPending").GetInt32(),
            summary.GetProperty("withdrawn").GetInt32()));
        var compliance = (await apc.Client.GetJsonAsync($"/v1/rulings/{ruling}/compliance")).GetProperty("engines").GetProperty("google");
        Assert.Equal((3, 2, 1, 0, 0), (compliance.GetProperty("total").GetInt32(), compliance.GetProperty("relisted").GetInt32(),
            compliance.GetProperty("withdrawn").GetInt32(), compliance.GetProperty("relistPending").GetInt32(),
                compliance.GetProperty("delisted").GetInt32()));
        // From the withdrawals (5 h and 4 h before the relisting report) to it: the median of 4 and 5.
        Assert.Equal(4.5, compliance.GetProperty("medianHoursToRelist").GetDouble());
        var bing = (await apc.Client.GetJsonAsync($"/v1/rulings/{ruling}/compliance")).GetProperty("engines").GetProperty("bing");
        Assert.Equal((3, JsonValueKind.Null), (bing.GetProperty("withdrawn").GetInt32(), bing.GetProperty("medianHoursToRelist").ValueKind));
    }

    [Fact]
    public async Task Compliance_counts_rejections_by_code_with_every_code_listed()
    {
        var (app, ruling, _, request, google) = await SubmittedAsync(4);
        await using var owned = app;
        var ids = await app.ItemIdsAsync(request, "google");
        await google.Client.RespondOkAsync("google", Reject(ids[0], "gone", "not-found"), Reject(ids[1], "moved", "not-found"),
            new { itemId = ids[2], status = "rejected", reasonCode = "lawful-content" }, Reject(ids[3], "court order elsewhere", "other"));

        var rejectedBy = (await app.Admin().GetJsonAsync($"/v1/rulings/{ruling}/compliance"))
            .GetProperty("engines").GetProperty("google").GetProperty("rejectedBy");

        Assert.Equal(new Dictionary<string, int> { ["not-found"] = 2, ["not-in-index"] = 0, ["not-covered"] = 0, ["lawful-content"] = 1,
            ["duplicate"] = 0, ["other"] = 1 },
            rejectedBy.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
    }
}
