using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Providers;

/// <summary>
/// Scenarios that exercise the database through the real HTTP pipeline, each written once and run on every provider:
/// a one-line sealed subclass per provider (<see cref="SqliteScenarios"/> always, <see cref="SqlServerScenarios"/>
/// when a server is configured, reported as skipped otherwise). Each test gets a fresh database of its provider;
/// every app it starts with <see cref="NewApp"/> uses that database. To add a scenario: a [ProviderFact] method here.
/// </summary>
public abstract partial class ProviderScenarios<TProvider> : IAsyncLifetime where TProvider : ScenarioProvider, new()
{
    private readonly TProvider provider = new();

    public Task InitializeAsync() => provider.InitializeAsync();

    public Task DisposeAsync() => provider.DisposeAsync().AsTask();

    protected DelistingApp NewApp() => provider.NewApp();

    public const string SeededRuling = "tgi-paris-2013-11-28-allostreaming";

    [ProviderFact]
    public async Task The_seeded_ruling_is_readable()
    {
        await using var app = NewApp();
        var response = await app.Admin().GetAsync($"/v1/rulings/{SeededRuling}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ruling = await response.ReadJsonAsync();
        Assert.Equal("2013-11-28", ruling.GetProperty("decidedOn").GetString());
        Assert.Equal(15, ruling.GetProperty("complianceDays").GetInt32());
        Assert.Equal(16, ruling.GetProperty("sites").GetArrayLength());
        Assert.Equal(["apc", "fndf", "sevn", "spi", "upf"], Strings(ruling, "plaintiffs").Order());
        Assert.False(ruling.GetProperty("inForce").GetBoolean());
    }

    [ProviderFact]
    public async Task A_created_ruling_reads_back_as_sent()
    {
        await using var app = NewApp();
        var id = await app.CreateRulingInForceAsync(engines: ["google"], domains: ["allostreaming.com", "xn--bcher-kva.example"]);
        var ruling = await (await app.Admin().GetAsync($"/v1/rulings/{id}")).ReadJsonAsync();
        Assert.Equal("2026-11-22", ruling.GetProperty("servedOn").GetString());
        Assert.Equal("2027-11-29", ruling.GetProperty("inForceUntil").GetString());
        Assert.Equal(["google"], Strings(ruling, "engines"));
        Assert.Equal(["allostreaming.com", "xn--bcher-kva.example"],
            ruling.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("domain").GetString()!).Order(StringComparer.Ordinal));
        Assert.True(ruling.GetProperty("inForce").GetBoolean());

        var again = await app.Admin().PostAsJsonAsync("/v1/rulings", new
        {
            id, court = "Another court", caseReference = "RG 1", decidedOn = "2026-01-01", timeZone = "Europe/Paris",
            complianceDays = 15, inForceUntil = "2027-01-01", plaintiffs = new[] { "apc" }, engines = new[] { "bing" },
            sites = new[] { new { domain = "dpstream.tv", network = "DPStream" } },
        });
        await again.AssertProblemAsync(409);
    }

    /// <summary>Keyset paging walks ids in ordinal order on every provider (SQL Server's columns use a binary collation).</summary>
    [ProviderFact]
    public async Task Rulings_page_by_keyset_in_ordinal_order()
    {
        await using var app = NewApp();
        foreach (var id in new[] { "b-ruling", "a-ruling", "a1-ruling", "a-ruling-2" }) await app.CreateRulingInForceAsync(id);
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await (await app.Admin().GetAsync($"/v1/rulings?limit=2{(after is null ? "" : $"&after={after}")}")).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        Assert.Equal(["a-ruling", "a-ruling-2", "a1-ruling", "b-ruling", SeededRuling], seen);
    }

    [ProviderFact]
    public async Task An_engine_sees_only_the_rulings_that_bind_it()
    {
        await using var app = NewApp();
        await app.CreateRulingInForceAsync("google-only", engines: ["google"]);
        var bing = await app.LiaisonAsync("bing");
        var page = await (await bing.GetAsync("/v1/rulings")).ReadJsonAsync();
        Assert.DoesNotContain("google-only", page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await bing.GetAsync("/v1/rulings/google-only")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.LiaisonAsync("google")).GetAsync("/v1/rulings/google-only")).StatusCode);
    }

    [ProviderFact]
    public async Task A_key_works_until_revoked()
    {
        await using var app = NewApp();
        var created = await (await app.Admin().PostAsJsonAsync("/v1/api-keys",
            new { role = "rights-holder", organisation = "apc", label = "crawler" })).ReadJsonAsync();
        var keyId = created.GetProperty("id").GetString()!;
        var rightsHolder = app.WithKey(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await rightsHolder.GetAsync($"/v1/rulings/{SeededRuling}")).StatusCode);

        var keys = await (await app.Admin().GetAsync("/v1/api-keys")).ReadJsonAsync();
        var listed = Assert.Single(keys.GetProperty("items").EnumerateArray(), k => k.GetProperty("id").GetString() == keyId);
        Assert.Equal("apc", listed.GetProperty("organisation").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/v1/api-keys/{keyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/v1/api-keys/{keyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await rightsHolder.GetAsync($"/v1/rulings/{SeededRuling}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin().DeleteAsync("/v1/api-keys/key_unknown")).StatusCode);
    }

    [ProviderFact]
    public async Task Keys_page_in_creation_order()
    {
        await using var app = NewApp();
        var created = new List<string>();
        foreach (var engine in new[] { "google", "bing", "orange" })
        {
            var key = await (await app.Admin().PostAsJsonAsync("/v1/api-keys", new { role = "engine", engine })).ReadJsonAsync();
            created.Add(key.GetProperty("id").GetString()!);
        }
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await (await app.Admin().GetAsync($"/v1/api-keys?limit=2{(after is null ? "" : $"&after={after}")}")).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("id").GetString()!));
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        Assert.Equal(created, seen);
    }

    [ProviderFact]
    public async Task Organisations_are_created_once()
    {
        await using var app = NewApp();
        var body = new { id = "sacem", name = "Société des auteurs, compositeurs et éditeurs de musique" };
        Assert.Equal(HttpStatusCode.Created, (await app.Admin().PostAsJsonAsync("/v1/organisations", body)).StatusCode);
        await (await app.Admin().PostAsJsonAsync("/v1/organisations", body with { name = "Other" })).AssertProblemAsync(409);
        var organisation = await (await app.Admin().GetAsync("/v1/organisations/sacem")).ReadJsonAsync();
        Assert.Equal(body.name, organisation.GetProperty("name").GetString());
        var all = await (await app.Admin().GetAsync("/v1/organisations")).ReadJsonAsync();
        Assert.Contains("sacem", all.EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        // Ids compare exactly, as on SQLite: another case is another (and here unknown) organisation.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin().GetAsync("/v1/organisations/SACEM")).StatusCode);
    }

    /// <summary>Several instances on one database: the second start migrates and seeds nothing twice, and sees the first's writes.</summary>
    [ProviderFact]
    public async Task Two_instances_share_one_database()
    {
        await using var first = NewApp();
        await first.CreateRulingInForceAsync("shared-ruling");
        var key = await first.CreateKeyAsync("engine", engine: "google");

        await using var second = NewApp();
        Assert.Equal(HttpStatusCode.OK, (await second.WithKey(key).GetAsync("/v1/rulings/shared-ruling")).StatusCode);
        var engines = await (await second.Admin().GetAsync("/v1/engines")).ReadJsonAsync();
        Assert.Equal(4, engines.GetArrayLength());
        var organisations = await (await second.Admin().GetAsync("/v1/organisations")).ReadJsonAsync();
        Assert.Equal(5, organisations.GetArrayLength());
    }

    /// <summary>
    /// The whole chain on one database: a request writes notices and items, engines read their queues and report,
    /// and status, request items, compliance and the trail agree; a second request reuses the notices.
    /// </summary>
    [ProviderFact]
    public async Task A_request_is_carried_out_and_reported_everywhere()
    {
        await using var app = NewApp();
        await app.CreateRulingInForceAsync("chain-ruling", engines: ["google", "bing"], plaintiffs: ["apc"]);
        var apc = await app.RightsHolderAsync("apc");
        var google = await app.ActorAsync("engine", engine: "google");

        var request = await apc.SubmitAsync("chain-ruling", Scenario.Urls(3));
        var requestId = request.Str("id");
        var queue = await google.Client.QueueAsync("google", "pending");
        Assert.Equal(Scenario.Urls(3), queue.Select(i => i.Str("url")));
        Assert.All(queue, i => Assert.Equal("chain-ruling", i.Str("rulingId")));

        await google.Client.RespondOkAsync("google", Scenario.Delist(queue[0].Str("id"), "G-1"), Scenario.Reject(queue[1].Str("id")));
        Assert.Equal([queue[2].Str("id")], (await google.Client.QueueAsync("google", "pending")).Select(i => i.Str("id")));
        Assert.Equal(3, (await google.Client.QueueAsync("google")).Count);

        var summary = (await apc.GetJsonAsync($"/v1/requests/{requestId}")).GetProperty("summary");
        Assert.Equal((1, 1, 1), (summary.GetProperty("google").GetProperty("pending").GetInt32(),
            summary.GetProperty("google").GetProperty("delisted").GetInt32(), summary.GetProperty("google").GetProperty("rejected").GetInt32()));
        Assert.Equal(3, summary.GetProperty("bing").GetProperty("pending").GetInt32());

        // Six items in pages of four: each exactly once, in URL order then engine.
        var first = await apc.GetJsonAsync($"/v1/requests/{requestId}/items?limit=4");
        var second = await apc.GetJsonAsync($"/v1/requests/{requestId}/items?limit=4&after={Uri.EscapeDataString(first.Str("next"))}");
        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(["bing", "google", "bing", "google", "bing", "google"], items.Select(i => i.Str("engine")));
        Assert.Equal(6, items.Select(i => i.Str("id")).Distinct().Count());
        Assert.Equal("G-1", items[1].Str("engineReference"));

        var compliance = (await app.Admin().GetJsonAsync("/v1/rulings/chain-ruling/compliance")).GetProperty("engines").GetProperty("google");
        Assert.Equal((3, 1, 1, 1), (compliance.GetProperty("total").GetInt32(), compliance.GetProperty("delisted").GetInt32(),
            compliance.GetProperty("rejected").GetInt32(), compliance.GetProperty("delistedOnTime").GetInt32()));

        var events = await apc.EventsAsync(requestId);
        Assert.Equal(["submitted", "status-changed", "status-changed"], events.Select(e => e.Str("type")));
        Assert.Equal((google.KeyId, queue[1].Str("id"), "rejected"), (events[2].GetProperty("actor").Str("keyId"), events[2].Str("itemId"),
            events[2].Str("to")));

        // The same URLs again: the notices and items are reused, nothing new is queued.
        var again = await apc.SubmitAsync("chain-ruling", Scenario.Urls(4));
        Assert.Equal([true, true, true, false],
            again.GetProperty("urls").EnumerateArray().Select(u => u.GetProperty("alreadyRequested").GetBoolean()));
        Assert.Equal(2, (await google.Client.QueueAsync("google", "pending")).Count);
        Assert.Equal(8, (await app.Admin().GetJsonAsync("/v1/rulings/chain-ruling/compliance")).GetProperty("engines")
            .EnumerateObject().Sum(e => e.Value.GetProperty("total").GetInt32()));
    }

    /// <summary>
    /// Claims end and return: a URL two organisations claim moves only when both withdraw; delisted becomes
    /// relist-pending, then relisted; an admin withdrawal under the ruling; a withdrawn URL submitted again starts over;
    /// rejection codes reach compliance.
    /// </summary>
    [ProviderFact]
    public async Task Withdrawals_relisting_and_resubmission_are_stored()
    {
        await using var app = NewApp();
        await app.CreateRulingInForceAsync("claims-ruling", engines: ["google", "bing"], plaintiffs: ["apc", "fndf"]);
        var apc = await app.RightsHolderAsync("apc");
        var fndf = await app.RightsHolderAsync("fndf");
        var google = await app.LiaisonAsync("google");
        var apcRequest = await apc.SubmitAsync("claims-ruling", Scenario.Urls(3));
        var fndfRequest = await fndf.SubmitAsync("claims-ruling", Scenario.Urls(1));
        var ids = await app.ItemIdsAsync(apcRequest, "google");
        await google.RespondOkAsync("google", Scenario.Delist(ids[0]), Scenario.Reject(ids[2], "duplicate of film/2", "duplicate"));

        var first = await apc.WithdrawOkAsync(apcRequest.Str("id"), "mistake", Scenario.Urls(2));
        Assert.Equal((2, 1), (first.GetProperty("withdrawn").GetInt32(), first.GetProperty("stillClaimed").GetInt32()));
        Assert.Equal(["pending", "delisted", "withdrawn", "withdrawn"], first.GetProperty("items").EnumerateArray().Select(i => i.Str("status")));
        var second = await fndf.WithdrawOkAsync(fndfRequest.Str("id"), "licensed", Scenario.Urls(1));
        Assert.Equal(["withdrawn", "relist-pending"], second.GetProperty("items").EnumerateArray().Select(i => i.Str("status")));
        Assert.Equal([ids[0]], (await google.QueueAsync("google", "relist-pending")).Select(i => i.Str("id")));
        await google.RespondOkAsync("google", Scenario.Relist(ids[0]));
        var admin = await app.Admin().WithdrawUnderRulingOkAsync("claims-ruling", "over-blocking", Scenario.Urls(1, from: 3));
        Assert.Equal(["withdrawn", "withdrawn"], admin.GetProperty("items").EnumerateArray().Select(i => i.Str("status")));

        var compliance = (await app.Admin().GetJsonAsync("/v1/rulings/claims-ruling/compliance")).GetProperty("engines").GetProperty("google");
        Assert.Equal((1, 2, 0), (compliance.GetProperty("relisted").GetInt32(), compliance.GetProperty("withdrawn").GetInt32(),
            compliance.GetProperty("rejectedBy").GetProperty("duplicate").GetInt32()));
        Assert.Equal("closed", (await apc.GetJsonAsync($"/v1/requests/{apcRequest.Str("id")}")).Str("state"));

        var again = await fndf.SubmitAsync("claims-ruling", Scenario.Urls(1));
        Assert.True(again.GetProperty("urls")[0].GetProperty("alreadyRequested").GetBoolean());
        Assert.Equal(("open", 1), (again.Str("state"), again.GetProperty("summary").GetProperty("google").GetProperty("pending").GetInt32()));
        Assert.Equal(["submitted", "reopened", "status-changed", "status-changed"],
            (await fndf.EventsAsync(again.Str("id"))).TakeLast(4).Select(e => e.Str("type")));
    }

    private static IEnumerable<string> Strings(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!);
}

public sealed class SqliteScenarios : ProviderScenarios<SqliteProvider>;

public sealed class SqlServerScenarios : ProviderScenarios<SqlServerProvider>;
